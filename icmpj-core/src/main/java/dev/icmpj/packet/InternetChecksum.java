package dev.icmpj.packet;

import java.net.Inet6Address;
import java.util.Objects;

/**
 * The Internet checksum of RFC 1071: the one's complement of the one's complement sum of 16-bit big-endian
 * words, an odd last byte padded with a zero byte.
 *
 * <p>To fill a checksum field, compute over the message with the field set to zero and store the result
 * big-endian. To verify, compute over the message as received: the result is 0 when the checksum is right.
 *
 * <p>Stateless and thread-safe.
 */
public final class InternetChecksum {

    private InternetChecksum() {}

    /**
     * Computes the Internet checksum of {@code b[off, off + len)}.
     *
     * @param b the bytes
     * @param off where to start
     * @param len how many bytes to sum
     * @return the checksum, 0..65535
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public static int compute(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        return complement(sum(0, b, off, len));
    }

    /**
     * Computes the ICMPv6 checksum of {@code b[off, off + len)}: the Internet checksum over the IPv6
     * pseudo-header (RFC 8200 section 8.1: source, destination, upper-layer length, next header 58) followed
     * by the ICMPv6 message.
     *
     * @param source the IPv6 source address
     * @param destination the IPv6 destination address
     * @param b the bytes holding the ICMPv6 message
     * @param off where the message starts
     * @param len its length
     * @return the checksum, 0..65535
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public static int icmpv6(Inet6Address source, Inet6Address destination, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        byte[] pseudo = new byte[40];
        System.arraycopy(source.getAddress(), 0, pseudo, 0, 16);
        System.arraycopy(destination.getAddress(), 0, pseudo, 16, 16);
        Bytes.put32(pseudo, 32, len);
        pseudo[39] = (byte) IcmpVersion.V6.ipProtocol();
        return complement(sum(sum(0, pseudo, 0, pseudo.length), b, off, len));
    }

    /** Adds the 16-bit words of {@code b[off, off + len)} to {@code acc}; the caller folds. */
    private static long sum(long acc, byte[] b, int off, int len) {
        int end = off + (len & ~1);
        for (int i = off; i < end; i += 2) {
            acc += (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
        }
        if ((len & 1) != 0) {
            acc += (b[off + len - 1] & 0xFF) << 8;
        }
        return acc;
    }

    private static int complement(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) ~sum & 0xFFFF;
    }
}
