package dev.icmpj.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** Builders of packets for the codec tests. */
final class TestPackets {

    private TestPackets() {}

    /** Concatenates hex fields, ignoring spaces: {@code hex("08", "00", "2104")}. */
    static byte[] hex(String... fields) {
        return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
    }

    static Inet4Address v4(String literal) {
        return (Inet4Address) address(literal);
    }

    static Inet6Address v6(String literal) {
        return (Inet6Address) address(literal);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
