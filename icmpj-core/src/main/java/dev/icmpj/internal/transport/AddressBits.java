package dev.icmpj.internal.transport;

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

    /** The first half of an address in the engine's two-long form: an IPv6 address's first 64 bits, 0 for IPv4. */
    public static long highOf(InetAddress address) {
        return address instanceof Inet6Address ? bits(address.getAddress(), 0, 8) : 0;
    }

    /** The second half: an IPv6 address's last 64 bits, an IPv4 address's 32 bits (unsigned). */
    public static long lowOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 ? bits(bytes, 8, 8) : bits(bytes, 0, 4);
    }

    /** Makes an address (a new object) of its two halves; {@code high} is ignored for IPv4. */
    public static InetAddress address(boolean ipv6, long high, long low) {
        byte[] bytes = new byte[ipv6 ? 16 : 4];
        if (ipv6) {
            put(bytes, 0, 8, high);
            put(bytes, 8, 8, low);
        } else {
            put(bytes, 0, 4, low);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** Reads {@code count} (0..8) bytes from {@code at} as an unsigned big-endian number. */
    public static long bits(byte[] bytes, int at, int count) {
        long bits = 0;
        for (int k = 0; k < count; k++) {
            bits = bits << 8 | (bytes[at + k] & 0xFF);
        }
        return bits;
    }

    /** Writes the low {@code count} bytes of a value big-endian at {@code at}. */
    private static void put(byte[] into, int at, int count, long value) {
        for (int k = 0; k < count; k++) {
            into[at + k] = (byte) (value >>> (8 * (count - 1 - k)));
        }
    }
}
