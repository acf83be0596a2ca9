package dev.icmpj.lab;

import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Parses the echo requests a {@link TunPeer} reads and builds the IPv4/IPv6 packets of its answers: echo
 * replies (faithful or damaged) and ICMP errors quoting the probe, garbage or another probe, optionally with an
 * RFC 4884 extension carrying an RFC 4950 MPLS label stack.
 *
 * <p>Stateless and thread-safe.
 */
final class PeerPackets {
    /** A probe with the bytes of its whole IP packet. */
    record Probe(ReceivedProbe info, byte[] packet, int icmpOffset) {}

    private static final int V4_QUOTE_LIMIT = 576 - 20 - 8;
    private static final int V6_QUOTE_LIMIT = 1280 - 40 - 8;
    private static final int RFC4884_QUOTE = 128;

    private PeerPackets() {}

    /**
     * Parses an IP packet read from the device.
     *
     * @return the echo request, or null when the packet is anything else
     */
    static Probe parse(byte[] packet, int length, long nanos) {
        if (length < 1) {
            return null;
        }
        int ipVersion = (packet[0] & 0xff) >> 4;
        IcmpVersion version;
        int icmp;
        int hopLimit;
        int srcOffset;
        int addressLength;
        if (ipVersion == 4 && length >= 20) {
            icmp = (packet[0] & 0x0f) * 4;
            if (packet[9] != 1 || (u16(packet, 6) & 0x3fff) != 0) {
                return null; // not ICMP, or a fragment
            }
            version = IcmpVersion.V4;
            hopLimit = packet[8] & 0xff;
            srcOffset = 12;
            addressLength = 4;
        } else if (ipVersion == 6 && length >= 40) {
            if (packet[6] != 58) {
                return null; // not ICMPv6, or behind extension headers
            }
            version = IcmpVersion.V6;
            icmp = 40;
            hopLimit = packet[7] & 0xff;
            srcOffset = 8;
            addressLength = 16;
        } else {
            return null;
        }
        if (length < icmp + 8 || (packet[icmp] & 0xff) != version.echoRequestType() || packet[icmp + 1] != 0) {
            return null;
        }
        byte[] bytes = Arrays.copyOf(packet, length);
        ReceivedProbe info = new ReceivedProbe(version, address(bytes, srcOffset, addressLength),
                address(bytes, srcOffset + addressLength, addressLength), u16(bytes, icmp + 4), u16(bytes, icmp + 6),
                length - icmp - 8, hopLimit, nanos);
        return new Probe(info, bytes, icmp);
    }

    /**
     * Builds what an action sends for a probe, in sending order.
     *
     * @param probe the probe
     * @param action the action
     * @return the IP packets, possibly none
     */
    static List<byte[]> answer(Probe probe, PeerAction action) {
        ReceivedProbe p = probe.info();
        byte[] echo = Arrays.copyOfRange(probe.packet(), probe.icmpOffset(), probe.packet().length);
        echo[0] = (byte) p.version().echoReplyType();
        InetAddress from = p.destination();
        List<byte[]> out = new ArrayList<>();
        switch (action.kind()) {
            case DROP -> { }
            case REPLY, REORDER -> out.add(ip(p.version(), from, p.source(), echo));
            case DUPLICATE -> {
                byte[] reply = ip(p.version(), from, p.source(), echo);
                for (int i = 0; i <= action.amount(); i++) {
                    out.add(reply);
                }
            }
            case CORRUPT_CHECKSUM -> out.add(ip(p.version(), from, p.source(), echo, true));
            case TRUNCATE -> out.add(ip(p.version(), from, p.source(),
                    Arrays.copyOf(echo, Math.min(echo.length, action.amount()))));
            case WRONG_IDENTIFIER -> {
                put16(echo, 4, p.identifier() + 1);
                out.add(ip(p.version(), from, p.source(), echo));
            }
            case WRONG_SEQUENCE -> {
                put16(echo, 6, p.sequence() + 0x8000);
                out.add(ip(p.version(), from, p.source(), echo));
            }
            case SPOOF_SOURCE -> out.add(ip(p.version(), action.source(), p.source(), echo));
            case CHANGE_PAYLOAD -> {
                echo[echo.length - 1] ^= (byte) 0xff;
                out.add(ip(p.version(), from, p.source(), echo));
            }
            case FLOOD -> {
                for (int i = 0; i < action.amount(); i++) {
                    byte[] unrelated = echo.clone();
                    put16(unrelated, 4, ~p.identifier());
                    put16(unrelated, 6, i);
                    out.add(ip(p.version(), from, p.source(), unrelated));
                }
                out.add(ip(p.version(), from, p.source(), echo));
            }
            case UNREACHABLE, TIME_EXCEEDED, PACKET_TOO_BIG, PARAMETER_PROBLEM ->
                    out.add(ip(p.version(), from, p.source(), error(probe, action)));
        }
        return out;
    }

    private static byte[] error(Probe probe, PeerAction action) {
        ReceivedProbe p = probe.info();
        boolean v4 = p.version() == IcmpVersion.V4;
        byte[] quoted = switch (action.quote()) {
            case PROBE -> probe.packet();
            case GARBAGE -> garbage(p.sequence());
            case OTHER_PROBE -> otherProbe(probe);
        };
        boolean extended = !action.mplsLabels().isEmpty();
        int quoteLength = extended ? RFC4884_QUOTE : Math.min(quoted.length, v4 ? V4_QUOTE_LIMIT : V6_QUOTE_LIMIT);
        byte[] extension = extended ? mplsExtension(action.mplsLabels()) : new byte[0];
        byte[] icmp = new byte[8 + quoteLength + extension.length];
        System.arraycopy(quoted, 0, icmp, 8, Math.min(quoted.length, quoteLength));
        System.arraycopy(extension, 0, icmp, 8 + quoteLength, extension.length);
        switch (action.kind()) {
            case UNREACHABLE -> icmp[0] = (byte) (v4 ? 3 : 1);
            case TIME_EXCEEDED -> icmp[0] = (byte) (v4 ? 11 : 3);
            case PACKET_TOO_BIG -> {
                icmp[0] = (byte) (v4 ? 3 : 2);
                put16(icmp, 6, action.amount());
            }
            case PARAMETER_PROBLEM -> {
                icmp[0] = (byte) (v4 ? 12 : 4);
                if (v4) {
                    icmp[4] = (byte) action.amount();
                } else {
                    put16(icmp, 4, action.amount() >>> 16);
                    put16(icmp, 6, action.amount());
                }
            }
            default -> throw new IllegalArgumentException(action + " is not an ICMP error");
        }
        icmp[1] = (byte) (action.kind() == PeerAction.Kind.PACKET_TOO_BIG ? (v4 ? 4 : 0) : action.code());
        if (extended) {
            icmp[v4 ? 5 : 4] = (byte) (v4 ? RFC4884_QUOTE / 4 : RFC4884_QUOTE / 8);
        }
        return icmp;
    }

    /** An RFC 4884 extension structure (version 2) with one RFC 4950 MPLS label stack object. */
    private static byte[] mplsExtension(List<Integer> labels) {
        byte[] ext = new byte[4 + 4 + 4 * labels.size()];
        ext[0] = 0x20;
        put16(ext, 4, 4 + 4 * labels.size());
        ext[6] = 1; // class-num: MPLS label stack
        ext[7] = 1; // c-type: incoming MPLS label stack
        for (int i = 0; i < labels.size(); i++) {
            int entry = labels.get(i) << 12 | (i == labels.size() - 1 ? 1 << 8 : 0) | 1;
            put16(ext, 8 + 4 * i, entry >>> 16);
            put16(ext, 10 + 4 * i, entry);
        }
        put16(ext, 2, checksum(ext, 0, ext.length, 0));
        return ext;
    }

    private static byte[] garbage(int seed) {
        byte[] junk = new byte[64];
        new Random(seed).nextBytes(junk);
        junk[0] = 0; // neither IPv4 nor IPv6
        return junk;
    }

    private static byte[] otherProbe(Probe probe) {
        byte[] other = probe.packet().clone();
        int icmp = probe.icmpOffset();
        put16(other, icmp + 4, probe.info().identifier() + 1);
        fillChecksum(probe.info().version(), other, icmp, false);
        return other;
    }

    private static byte[] ip(IcmpVersion version, InetAddress src, InetAddress dst, byte[] icmp) {
        return ip(version, src, dst, icmp, false);
    }

    private static byte[] ip(IcmpVersion version, InetAddress src, InetAddress dst, byte[] icmp, boolean corrupt) {
        boolean v4 = version == IcmpVersion.V4;
        int header = v4 ? 20 : 40;
        byte[] packet = new byte[header + icmp.length];
        if (v4) {
            packet[0] = 0x45;
            put16(packet, 2, packet.length);
            packet[8] = 64;
            packet[9] = 1;
            System.arraycopy(src.getAddress(), 0, packet, 12, 4);
            System.arraycopy(dst.getAddress(), 0, packet, 16, 4);
            put16(packet, 10, checksum(packet, 0, 20, 0));
        } else {
            packet[0] = 0x60;
            put16(packet, 4, icmp.length);
            packet[6] = 58;
            packet[7] = 64;
            System.arraycopy(src.getAddress(), 0, packet, 8, 16);
            System.arraycopy(dst.getAddress(), 0, packet, 24, 16);
        }
        System.arraycopy(icmp, 0, packet, header, icmp.length);
        fillChecksum(version, packet, header, corrupt);
        return packet;
    }

    /** Computes the ICMP checksum of a whole IP packet in place, ICMPv6 with its pseudo-header. */
    private static void fillChecksum(IcmpVersion version, byte[] packet, int icmpOffset, boolean corrupt) {
        put16(packet, icmpOffset + 2, 0);
        int length = packet.length - icmpOffset;
        int pseudo = version == IcmpVersion.V4 ? 0 : checksumPartial(packet, 8, 32) + length + 58;
        int sum = checksum(packet, icmpOffset, length, pseudo);
        put16(packet, icmpOffset + 2, corrupt ? sum ^ 0xff : sum);
    }

    private static int checksumPartial(byte[] b, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length - 1; i += 2) {
            sum += u16(b, offset + i);
        }
        if ((length & 1) != 0) {
            sum += (b[offset + length - 1] & 0xff) << 8;
        }
        return sum;
    }

    private static int checksum(byte[] b, int offset, int length, int initial) {
        long sum = initial + (long) checksumPartial(b, offset, length);
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xff) << 8 | b[offset + 1] & 0xff;
    }

    private static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    private static InetAddress address(byte[] b, int offset, int length) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + length));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
