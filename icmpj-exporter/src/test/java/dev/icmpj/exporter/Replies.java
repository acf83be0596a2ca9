package dev.icmpj.exporter;

import dev.icmpj.Reply;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.socket.RttClock;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/** Replies and ICMP errors as the engine hands them to a prober's listener. */
final class Replies {
    private Replies() {}

    static Reply echo(InetAddress from, int sequence, double rttMillis, int ttl) {
        IcmpVersion v = from instanceof Inet4Address ? IcmpVersion.V4 : IcmpVersion.V6;
        return new Reply(
                from,
                sequence,
                64,
                ttl,
                rttMillis,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(v, 7, sequence, new byte[56]));
    }

    /** A destination unreachable of a code, from a router, quoting a request to {@code target}. */
    static Reply unreachable(InetAddress router, InetAddress target, int code, int sequence) {
        IcmpVersion v = target instanceof Inet4Address ? IcmpVersion.V4 : IcmpVersion.V6;
        InetAddress self = v == IcmpVersion.V4 ? InetAddress.ofLiteral("127.0.0.1") : InetAddress.ofLiteral("::1");
        byte[] request = {(byte) (v == IcmpVersion.V4 ? 8 : 128), 0, 0, 0, 0, 7, 0, (byte) sequence};
        QuotedDatagram quoted = QuotedDatagram.ofIcmp(self, target, v, 64, request);
        return new Reply(
                router,
                sequence,
                36,
                64,
                1.0,
                RttClock.KERNEL_RECEIVE,
                new DestinationUnreachable(v, code, 0, quoted, List.of()));
    }
}
