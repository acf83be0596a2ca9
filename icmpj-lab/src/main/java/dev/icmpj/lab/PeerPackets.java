package dev.icmpj.lab;

import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.ExtensionObject;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.InternetChecksum;
import dev.icmpj.packet.Ipv4Header;
import dev.icmpj.packet.Ipv6Header;
import dev.icmpj.packet.MplsLabel;
import dev.icmpj.packet.MplsLabelStack;
import dev.icmpj.packet.PacketTooBig;
import dev.icmpj.packet.ParameterProblem;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.packet.TimeExceeded;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Parses the echo requests a {@link TunPeer} reads and builds the IPv4/IPv6 packets of its answers with the
 * {@code dev.icmpj.packet} codec: echo replies, faithful or damaged afterwards byte by byte (checksum,
 * truncation), and ICMP errors quoting the probe, another probe or garbage, optionally with an RFC 4884
 * extension carrying an RFC 4950 MPLS label stack.
 *
 * <p>Stateless and thread-safe.
 */
final class PeerPackets {
    /** A probe with the bytes of its whole IP packet. */
    record Probe(ReceivedProbe info, byte[] packet, int icmpOffset) {}

    /** RFC 1812 4.3.2.3 and RFC 4443 2.4 (c): an ICMP error fits in 576 (IPv4) or 1280 (IPv6) bytes. */
    private static final int V4_QUOTE_LIMIT = 576 - 20 - 8;

    private static final int V6_QUOTE_LIMIT = 1280 - 40 - 8;
    private static final int GARBAGE_LENGTH = 64;

    private PeerPackets() {}

    /**
     * Parses an IP packet read from the device.
     *
     * @return the echo request, or null when the packet is anything else
     */
    static Probe parse(byte[] packet, int length, long nanos) {
        IcmpVersion version;
        int icmp;
        InetAddress source;
        InetAddress destination;
        int hopLimit;
        if (length >= Ipv4Header.MIN_LENGTH && (packet[0] & 0xf0) == 0x40) {
            Ipv4Header h = Ipv4Header.parse(packet, 0, length).orElse(null);
            if (h == null || h.protocol() != 1 || (h.flagsAndFragmentOffset() & 0x3fff) != 0) {
                return null; // not ICMP, or a fragment
            }
            version = IcmpVersion.V4;
            icmp = h.headerLength();
            source = h.source();
            destination = h.destination();
            hopLimit = h.ttl();
        } else if (length >= Ipv6Header.LENGTH && (packet[0] & 0xf0) == 0x60) {
            Ipv6Header h = Ipv6Header.parse(packet, 0, length).orElse(null);
            if (h == null || h.nextHeader() != 58) {
                return null; // not ICMPv6, or behind extension headers
            }
            version = IcmpVersion.V6;
            icmp = Ipv6Header.LENGTH;
            source = h.source();
            destination = h.destination();
            hopLimit = h.hopLimit();
        } else {
            return null;
        }
        if (length < icmp + 8 || (packet[icmp] & 0xff) != version.echoRequestType() || packet[icmp + 1] != 0) {
            return null;
        }
        byte[] bytes = Arrays.copyOf(packet, length);
        ReceivedProbe info = new ReceivedProbe(
                version,
                source,
                destination,
                u16(bytes, icmp + 4),
                u16(bytes, icmp + 6),
                length - icmp - 8,
                hopLimit,
                nanos);
        return new Probe(info, bytes, icmp);
    }

    /**
     * Builds what an action sends for a probe, in sending order.
     *
     * @param probe the probe
     * @param action the action
     * @param paths where an error chosen by flow comes from
     * @return the IP packets, possibly none
     */
    static List<byte[]> answer(Probe probe, PeerAction action, FlowPaths paths) {
        ReceivedProbe p = probe.info();
        byte[] payload = Arrays.copyOfRange(probe.packet(), probe.icmpOffset() + 8, probe.packet().length);
        int id = p.identifier();
        int seq = p.sequence();
        List<byte[]> out = new ArrayList<>();
        switch (action.kind()) {
            case DROP -> {}
            case REPLY, REORDER -> out.add(reply(p, p.destination(), id, seq, payload));
            case DUPLICATE -> {
                byte[] reply = reply(p, p.destination(), id, seq, payload);
                for (int i = 0; i <= action.amount(); i++) {
                    out.add(reply);
                }
            }
            case CORRUPT_CHECKSUM -> {
                byte[] reply = reply(p, p.destination(), id, seq, payload);
                reply[headerLength(p.version()) + 3] ^= (byte) 0xff;
                out.add(reply);
            }
            case TRUNCATE -> out.add(truncate(p, reply(p, p.destination(), id, seq, payload), action.amount()));
            case WRONG_IDENTIFIER -> out.add(reply(p, p.destination(), (id + 1) & 0xffff, seq, payload));
            case WRONG_SEQUENCE -> out.add(reply(p, p.destination(), id, (seq + 0x8000) & 0xffff, payload));
            case SPOOF_SOURCE -> out.add(reply(p, action.source(), id, seq, payload));
            case CHANGE_PAYLOAD -> {
                if (payload.length == 0) {
                    out.add(reply(p, p.destination(), id, seq ^ 0xff, payload));
                } else {
                    payload[payload.length - 1] ^= (byte) 0xff;
                    out.add(reply(p, p.destination(), id, seq, payload));
                }
            }
            case FLOOD -> {
                for (int i = 0; i < action.amount(); i++) {
                    out.add(reply(p, p.destination(), ~id & 0xffff, i, payload));
                }
                out.add(reply(p, p.destination(), id, seq, payload));
            }
            case UNREACHABLE, TIME_EXCEEDED, PACKET_TOO_BIG, PARAMETER_PROBLEM -> out.add(error(probe, action, paths));
        }
        return out;
    }

    private static byte[] reply(ReceivedProbe p, InetAddress from, int id, int seq, byte[] payload) {
        return ip(p.version(), from, p.source(), new EchoReply(p.version(), id, seq, payload));
    }

    private static byte[] error(Probe probe, PeerAction action, FlowPaths paths) {
        ReceivedProbe p = probe.info();
        IcmpVersion v = p.version();
        byte[] quotedBytes = action.quote() == PeerAction.Quote.OTHER_PROBE ? otherProbe(probe) : probe.packet();
        QuotedDatagram quoted = QuotedDatagram.parse(
                        v,
                        quotedBytes,
                        0,
                        Math.min(quotedBytes.length, v == IcmpVersion.V4 ? V4_QUOTE_LIMIT : V6_QUOTE_LIMIT))
                .orElseThrow();
        List<ExtensionObject> extensions =
                action.mplsLabels().isEmpty() ? List.of() : List.of(mpls(action.mplsLabels()));
        boolean v4 = v == IcmpVersion.V4;
        IcmpMessage m = switch (action.kind()) {
            case UNREACHABLE -> new DestinationUnreachable(v, action.code(), 0, quoted, extensions);
            case TIME_EXCEEDED -> new TimeExceeded(v, action.code(), quoted, extensions);
            case PACKET_TOO_BIG ->
                v4
                        ? new DestinationUnreachable(v, 4, action.amount(), quoted, List.of())
                        : new PacketTooBig(action.amount(), quoted);
            case PARAMETER_PROBLEM -> new ParameterProblem(v, action.code(), action.amount(), quoted, List.of());
            default -> throw new IllegalArgumentException(action + " is not an ICMP error");
        };
        InetAddress from = action.errorSources().isEmpty()
                ? p.destination()
                : paths.router(action.errorSources(), probe.packet(), probe.icmpOffset());
        byte[] packet = ip(v, from, p.source(), m);
        if (action.quote() != PeerAction.Quote.GARBAGE) {
            return packet;
        }
        int header = headerLength(v);
        byte[] garbage = Arrays.copyOf(packet, header + 8 + GARBAGE_LENGTH);
        byte[] junk = new byte[GARBAGE_LENGTH];
        new Random(p.sequence()).nextBytes(junk);
        junk[0] = 0; // neither IPv4 nor IPv6
        System.arraycopy(junk, 0, garbage, header + 8, GARBAGE_LENGTH);
        fixLengths(v, garbage);
        return garbage;
    }

    private static MplsLabelStack mpls(List<Integer> labels) {
        List<MplsLabel> stack = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            stack.add(new MplsLabel(labels.get(i), 0, i == labels.size() - 1, 1));
        }
        return new MplsLabelStack(stack);
    }

    /** The probe as another process would have sent it: identifier plus one, checksum recomputed. */
    private static byte[] otherProbe(Probe probe) {
        byte[] other = probe.packet().clone();
        int icmp = probe.icmpOffset();
        put16(other, icmp + 4, probe.info().identifier() + 1);
        put16(other, icmp + 2, 0);
        ReceivedProbe p = probe.info();
        put16(
                other,
                icmp + 2,
                p.version() == IcmpVersion.V4
                        ? InternetChecksum.compute(other, icmp, other.length - icmp)
                        : InternetChecksum.icmpv6(
                                (Inet6Address) p.source(),
                                (Inet6Address) p.destination(),
                                other,
                                icmp,
                                other.length - icmp));
        return other;
    }

    /** Cuts the ICMP part of a packet to {@code icmpBytes} and makes lengths and checksums match. */
    private static byte[] truncate(ReceivedProbe p, byte[] packet, int icmpBytes) {
        byte[] cut = Arrays.copyOf(packet, Math.min(packet.length, headerLength(p.version()) + icmpBytes));
        fixLengths(p.version(), cut);
        return cut;
    }

    /** Rewrites the IP length fields (and the IPv4 header checksum) and the ICMP checksum of a whole packet. */
    private static void fixLengths(IcmpVersion v, byte[] packet) {
        int header = headerLength(v);
        int icmpLength = packet.length - header;
        put16(packet, header + 2, 0);
        if (v == IcmpVersion.V4) {
            put16(packet, 2, packet.length);
            put16(packet, 10, 0);
            put16(packet, 10, InternetChecksum.compute(packet, 0, header));
            put16(packet, header + 2, InternetChecksum.compute(packet, header, icmpLength));
        } else {
            put16(packet, 4, icmpLength);
            Inet6Address src = (Inet6Address) address(Arrays.copyOfRange(packet, 8, 24));
            Inet6Address dst = (Inet6Address) address(Arrays.copyOfRange(packet, 24, 40));
            put16(packet, header + 2, InternetChecksum.icmpv6(src, dst, packet, header, icmpLength));
        }
    }

    private static byte[] ip(IcmpVersion version, InetAddress src, InetAddress dst, IcmpMessage m) {
        byte[] icmp;
        byte[] header;
        if (version == IcmpVersion.V4) {
            icmp = IcmpCodec.encode(m);
            header = new Ipv4Header(
                            Ipv4Header.MIN_LENGTH,
                            0,
                            Ipv4Header.MIN_LENGTH + icmp.length,
                            0,
                            0,
                            64,
                            1,
                            (Inet4Address) src,
                            (Inet4Address) dst)
                    .encode();
        } else {
            icmp = IcmpCodec.encode(m, (Inet6Address) src, (Inet6Address) dst);
            header = new Ipv6Header(0, 0, icmp.length, 58, 64, (Inet6Address) src, (Inet6Address) dst).encode();
        }
        byte[] packet = Arrays.copyOf(header, header.length + icmp.length);
        System.arraycopy(icmp, 0, packet, header.length, icmp.length);
        return packet;
    }

    private static int headerLength(IcmpVersion v) {
        return v == IcmpVersion.V4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH;
    }

    private static int u16(byte[] b, int offset) {
        return (b[offset] & 0xff) << 8 | b[offset + 1] & 0xff;
    }

    private static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
