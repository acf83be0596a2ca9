package dev.icmpj.internal.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses as primitive bits, the form in which the engine stores and compares them: an IPv4 address as 32
 * bits, an IPv6 address as two halves of 64 bits, most significant first ({@code 198.18.0.1} is
 * {@code 0xC6120001}).
 *
 * <p>Stateless and thread-safe.
 */
public final class AddressBits {

    private AddressBits() {}

    /**
     * Returns the 32 bits of an IPv4 address.
     *
     * @param address the address
     * @return its bits
     */
    public static int ipv4(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /**
     * Returns the first 64 bits of an IPv6 address.
     *
     * @param address the address
     * @return its first half
     */
    public static long high(Inet6Address address) {
        return longAt(address.getAddress(), 0);
    }

    /**
     * Returns the last 64 bits of an IPv6 address.
     *
     * @param address the address
     * @return its last half
     */
    public static long low(Inet6Address address) {
        return longAt(address.getAddress(), 8);
    }

    /**
     * Returns the first half of any address in the engine's two-long form: an IPv6 address's first 64 bits,
     * 0 for IPv4.
     *
     * @param address the address
     * @return the first half
     */
    public static long highOf(InetAddress address) {
        return address instanceof Inet6Address v6 ? high(v6) : 0;
    }

    /**
     * Returns the second half of any address in the engine's two-long form: an IPv6 address's last 64 bits,
     * an IPv4 address's 32 bits (unsigned).
     *
     * @param address the address
     * @return the second half
     */
    public static long lowOf(InetAddress address) {
        return address instanceof Inet6Address v6 ? low(v6) : Integer.toUnsignedLong(ipv4((Inet4Address) address));
    }

    /**
     * Makes an address of bits (a new object).
     *
     * @param ipv6 true for an IPv6 address
     * @param high the first 64 bits of an IPv6 address (ignored for IPv4)
     * @param low the last 64 bits of an IPv6 address, or the 32 bits of an IPv4 address
     * @return the address
     */
    public static InetAddress address(boolean ipv6, long high, long low) {
        byte[] bytes = new byte[ipv6 ? 16 : 4];
        if (ipv6) {
            putLong(bytes, 0, high);
            putLong(bytes, 8, low);
        } else {
            int v4 = (int) low;
            for (int k = 0; k < 4; k++) {
                bytes[k] = (byte) (v4 >>> (24 - 8 * k));
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private static long longAt(byte[] bytes, int at) {
        long bits = 0;
        for (int k = 0; k < 8; k++) {
            bits = bits << 8 | (bytes[at + k] & 0xFF);
        }
        return bits;
    }

    private static void putLong(byte[] into, int at, long value) {
        for (int k = 0; k < 8; k++) {
            into[at + k] = (byte) (value >>> (56 - 8 * k));
        }
    }
}
