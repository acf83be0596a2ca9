package dev.icmpj;

import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One message received for one of our probes: an echo reply, or an ICMP error quoting the probe.
 *
 * <p>Immutable and thread-safe.
 *
 * @param source who sent it: the target for an echo reply, the reporting router or host for an error
 * @param sequence the echo sequence number of the probe it answers, 0..65535
 * @param bytes the size of the ICMP message (ICMP header included, IP header excluded)
 * @param ttl the TTL (IPv4) or hop limit (IPv6) it arrived with, or -1 when unknown
 * @param rtt the time from the probe's send to this message's receipt, in milliseconds, unrounded, never negative
 * @param clock which clocks measured {@code rtt}
 * @param message the decoded ICMP message
 */
public record Reply(
        InetAddress source, int sequence, int bytes, int ttl, double rtt, RttClock clock, IcmpMessage message) {

    /** Checks presence and ranges. */
    public Reply {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(message, "message");
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence is " + sequence + "; it must be between 0 and 65535");
        }
        if (ttl < -1 || ttl > 255) {
            throw new IllegalArgumentException("ttl is " + ttl + "; it must be between -1 and 255");
        }
        if (!(rtt >= 0)) {
            throw new IllegalArgumentException("rtt is " + rtt + "; it must be zero or more");
        }
    }

    /**
     * Tells whether this is an echo reply.
     *
     * @return true for ICMPv4 type 0 or ICMPv6 type 129
     */
    public boolean isEchoReply() {
        return message.type() == message.version().echoReplyType();
    }

    /**
     * Tells whether this is an ICMP error (destination unreachable, time exceeded, ...).
     *
     * @return true when this is not an echo reply
     */
    public boolean isError() {
        return !isEchoReply();
    }

    /**
     * Describes the message, in iputils' wording where it has one.
     *
     * @return e.g. {@code "Echo Reply"} or {@code "Destination Host Unreachable"}
     */
    public String description() {
        return message.description();
    }
}
