package dev.icmpj.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/** Big-endian field access, argument checks and value helpers shared by the codec; stateless. */
final class Bytes {

    private Bytes() {}

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static long u32(byte[] b, int i) {
        return (long) u16(b, i) << 16 | u16(b, i + 2);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 16));
        put16(b, i + 2, (int) v);
    }

    /** Reads an IPv4 address without any name lookup. */
    static Inet4Address inet4(byte[] b, int i) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, i, i + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    /** Reads an IPv6 address (also an IPv4-mapped one) as an {@link Inet6Address}, without any name lookup. */
    static Inet6Address inet6(byte[] b, int i) {
        try {
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(b, i, i + 16), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }

    static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be between " + min + " and " + max);
        }
    }

    static void requireVersion(String field, IcmpVersion expected, InetAddress address) {
        IcmpVersion actual = address instanceof Inet4Address ? IcmpVersion.V4 : IcmpVersion.V6;
        if (actual != expected) {
            throw new IllegalArgumentException(field + " " + AddressText.of(address) + " is not an "
                    + (expected == IcmpVersion.V4 ? "IPv4" : "IPv6") + " address");
        }
    }

    /** Checks that an error message's quoted datagram fits its ICMP version. */
    static void requireQuoted(IcmpVersion version, QuotedDatagram quoted) {
        if (quoted.version() != version) {
            throw new IllegalArgumentException("an " + name(version) + " error must quote an "
                    + (version == IcmpVersion.V4 ? "IPv4" : "IPv6") + " datagram");
        }
    }

    static String name(IcmpVersion version) {
        return version == IcmpVersion.V4 ? "ICMPv4" : "ICMPv6";
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
