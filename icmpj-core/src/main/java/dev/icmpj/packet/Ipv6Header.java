package dev.icmpj.packet;

import java.net.Inet6Address;
import java.util.Objects;
import java.util.Optional;

/**
 * The fixed IPv6 header (RFC 8200), 40 bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trafficClass the traffic class (DSCP and ECN), 0..255
 * @param flowLabel the flow label, 0..0xFFFFF
 * @param payloadLength the length of what follows this header in bytes, 0..65535
 * @param nextHeader the type of what follows (58 for ICMPv6, or an extension header), 0..255
 * @param hopLimit the hop limit, 0..255
 * @param source the source address
 * @param destination the destination address
 */
public record Ipv6Header(
        int trafficClass,
        int flowLabel,
        int payloadLength,
        int nextHeader,
        int hopLimit,
        Inet6Address source,
        Inet6Address destination) {

    /** The length of the fixed header. */
    public static final int LENGTH = 40;

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public Ipv6Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Bytes.requireRange("trafficClass", trafficClass, 0, 255);
        Bytes.requireRange("flowLabel", flowLabel, 0, 0xFFFFF);
        Bytes.requireRange("payloadLength", payloadLength, 0, 0xFFFF);
        Bytes.requireRange("nextHeader", nextHeader, 0, 255);
        Bytes.requireRange("hopLimit", hopLimit, 0, 255);
    }

    /**
     * Parses the IPv6 header at the start of {@code b[off, off + len)}. The payload length is not checked
     * against the bytes: a header quoted by an ICMP error comes with a truncated datagram.
     *
     * @param b the bytes
     * @param off where the header starts
     * @param len how many bytes are available
     * @return the header, or empty if the version is not 6 or there are fewer than 40 bytes; also empty if
     *     the range is not inside {@code b}
     */
    public static Optional<Ipv6Header> parse(byte[] b, int off, int len) {
        if (off < 0 || len < LENGTH || len > b.length - off || Bytes.u8(b, off) >>> 4 != 6) {
            return Optional.empty();
        }
        long first = Bytes.u32(b, off);
        return Optional.of(new Ipv6Header(
                (int) (first >>> 20) & 0xFF,
                (int) first & 0xFFFFF,
                Bytes.u16(b, off + 4),
                Bytes.u8(b, off + 6),
                Bytes.u8(b, off + 7),
                Bytes.inet6(b, off + 8),
                Bytes.inet6(b, off + 24)));
    }

    /**
     * Encodes this header.
     *
     * @return 40 bytes
     */
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        Bytes.put32(b, 0, 6L << 28 | (long) trafficClass << 20 | flowLabel);
        Bytes.put16(b, 4, payloadLength);
        b[6] = (byte) nextHeader;
        b[7] = (byte) hopLimit;
        System.arraycopy(source.getAddress(), 0, b, 8, 16);
        System.arraycopy(destination.getAddress(), 0, b, 24, 16);
        return b;
    }
}
