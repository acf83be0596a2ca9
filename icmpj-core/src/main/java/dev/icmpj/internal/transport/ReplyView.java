package dev.icmpj.internal.transport;

import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * One message a {@link ProbeSocket} read that concerns our echo requests, seen through one object the socket
 * reuses for every message: an echo reply with our identifier, read in place from the receive buffer (no
 * copy, no object), or an ICMP error quoting one of our requests, decoded. Valid only during
 * {@link ReplyHandler#onReply}.
 *
 * <p>It carries what the engine verifies a message with, the same way for both kinds: the identifier and
 * sequence, the destination of the request it answers ({@link #destinationHigh()}/{@link #destinationLow()}:
 * the source of an echo reply, the quoted destination of an error), the echo data (compared in place) and
 * whether the ICMP checksum is valid where the kernel did not check it (raw IPv4).
 *
 * <p>Not thread-safe.
 */
public final class ReplyView {

    /** Where the echo data of a reply read in place is. */
    public interface PayloadSource {

        /**
         * Tells whether the echo data equals the given bytes, without copying.
         *
         * @param expected the bytes
         * @return true when equal
         */
        boolean payloadEquals(byte[] expected);

        /**
         * Copies the echo data out.
         *
         * @return the bytes
         */
        byte[] payload();
    }

    private boolean echo;
    private boolean ipv6;
    private boolean checksumValid;
    private long destinationHigh;
    private long destinationLow;
    private InetAddress source;
    private InetAddress destination;
    private int identifier;
    private int sequence;
    private int ttl;
    private int bytes;
    private long receivedAtEpochNanos;
    private long receivedAtMonotonicNanos;
    private long sentAtKernelEpochNanos;
    private PayloadSource payload;
    private byte[] quoted;
    private IcmpMessage message;

    /**
     * Shows an echo reply read in place.
     *
     * @param ipv6 true for an ICMPv6 echo reply
     * @param high the first 64 bits of the source when IPv6
     * @param low the last 64 bits of the source, or its 32 bits when IPv4
     * @param identifier the echo identifier
     * @param sequence the echo sequence number
     * @param ttl the TTL / hop limit, or -1 when unknown
     * @param bytes the size of the ICMP message
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos the monotonic clock when it reached user space
     * @param checksumValid false when its ICMP checksum was checked here and is wrong
     * @param payload where its echo data is
     */
    public void showEcho(
            boolean ipv6,
            long high,
            long low,
            int identifier,
            int sequence,
            int ttl,
            int bytes,
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            boolean checksumValid,
            PayloadSource payload) {
        this.echo = true;
        this.ipv6 = ipv6;
        this.destinationHigh = ipv6 ? high : 0;
        this.destinationLow = ipv6 ? low : low & 0xFFFF_FFFFL;
        this.source = null;
        this.destination = null;
        this.identifier = identifier;
        this.sequence = sequence;
        this.ttl = ttl;
        this.bytes = bytes;
        this.receivedAtEpochNanos = receivedAtEpochNanos;
        this.receivedAtMonotonicNanos = receivedAtMonotonicNanos;
        this.sentAtKernelEpochNanos = 0;
        this.checksumValid = checksumValid;
        this.payload = payload;
        this.quoted = null;
        this.message = null;
    }

    /**
     * Shows a decoded ICMP error quoting one of our requests.
     *
     * @param source the sender of the error (a router, or the destination)
     * @param probeDestination the quoted request's destination
     * @param identifier the quoted identifier
     * @param sequence the quoted sequence number
     * @param bytes the size of the ICMP message
     * @param ttl the TTL / hop limit it arrived with, or -1
     * @param quoted the quoted echo data (possibly truncated, possibly padded)
     * @param message the decoded error
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos the monotonic clock when it reached user space
     */
    public void showError(
            InetAddress source,
            InetAddress probeDestination,
            int identifier,
            int sequence,
            int bytes,
            int ttl,
            byte[] quoted,
            IcmpMessage message,
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos) {
        this.echo = false;
        this.ipv6 = probeDestination.getAddress().length == 16;
        this.destinationHigh = AddressBits.highOf(probeDestination);
        this.destinationLow = AddressBits.lowOf(probeDestination);
        this.source = source;
        this.destination = probeDestination;
        this.identifier = identifier;
        this.sequence = sequence;
        this.ttl = ttl;
        this.bytes = bytes;
        this.receivedAtEpochNanos = receivedAtEpochNanos;
        this.receivedAtMonotonicNanos = receivedAtMonotonicNanos;
        this.sentAtKernelEpochNanos = 0;
        this.checksumValid = true;
        this.payload = null;
        this.quoted = quoted;
        this.message = message;
    }

    /**
     * Adds the kernel's transmit timestamp of the request this message answers; for sockets that know it.
     *
     * @param epochNanos the timestamp, or 0 when unknown
     */
    public void sentAtKernel(long epochNanos) {
        this.sentAtKernelEpochNanos = epochNanos;
    }

    /** True for an echo reply, false for an ICMP error. */
    public boolean isEcho() {
        return echo;
    }

    /** True for ICMPv6. */
    public boolean isIpv6() {
        return ipv6;
    }

    /** False when the ICMP checksum was checked by the socket and is wrong. */
    public boolean checksumValid() {
        return checksumValid;
    }

    /** The first 64 bits of the destination of the request this message answers, 0 for IPv4. */
    public long destinationHigh() {
        return destinationHigh;
    }

    /** The last 64 bits of the destination of the request this message answers, or its 32 bits for IPv4. */
    public long destinationLow() {
        return destinationLow;
    }

    /** The sender of this message (a new object for an echo reply). */
    public InetAddress source() {
        if (source == null) {
            source = AddressBits.address(ipv6, destinationHigh, destinationLow);
        }
        return source;
    }

    /** The destination of the request this message answers. */
    public InetAddress probeDestination() {
        if (destination == null) {
            destination = echo ? source() : AddressBits.address(ipv6, destinationHigh, destinationLow);
        }
        return destination;
    }

    /** The echo identifier (quoted, for an error). */
    public int identifier() {
        return identifier;
    }

    /** The echo sequence number (quoted, for an error). */
    public int sequence() {
        return sequence;
    }

    /** The TTL / hop limit the message arrived with, or -1 when unknown. */
    public int ttl() {
        return ttl;
    }

    /** The size of the ICMP message, header included. */
    public int bytes() {
        return bytes;
    }

    /** The kernel's receive timestamp (realtime clock, ns since the epoch), or 0. */
    public long receivedAtEpochNanos() {
        return receivedAtEpochNanos;
    }

    /** The monotonic clock when the message reached user space. */
    public long receivedAtMonotonicNanos() {
        return receivedAtMonotonicNanos;
    }

    /** The kernel's transmit timestamp of the request this message answers, or 0 when unknown. */
    public long sentAtKernelEpochNanos() {
        return sentAtKernelEpochNanos;
    }

    /**
     * Tells whether this message carries what a request carried: for an echo reply, exactly the same echo
     * data; for an error, quoted data that agrees with it as far as both go (routers may quote less, and an
     * RFC 4884 error pads the quote).
     *
     * @param sent the request's echo data
     * @return true when it does
     */
    public boolean carries(byte[] sent) {
        if (echo) {
            return payload.payloadEquals(sent);
        }
        int n = Math.min(quoted.length, sent.length);
        return Arrays.equals(quoted, 0, n, sent, 0, n);
    }

    /** The echo data (quoted, for an error), copied. */
    public byte[] payload() {
        return echo ? payload.payload() : quoted.clone();
    }

    /** The message decoded: an echo reply (made now, with a copy of its data) or the error. */
    public IcmpMessage message() {
        if (message == null) {
            message = new EchoReply(ipv6 ? IcmpVersion.V6 : IcmpVersion.V4, identifier, sequence, payload.payload());
        }
        return message;
    }

    /**
     * Returns the message decoded, reusing the request's echo data for an echo reply, which {@link #carries}
     * has found equal: no copy out of the receive buffer.
     *
     * @param sent the request's echo data, equal to this reply's
     * @return the message
     */
    public IcmpMessage message(byte[] sent) {
        if (message == null && echo) {
            message = new EchoReply(ipv6 ? IcmpVersion.V6 : IcmpVersion.V4, identifier, sequence, sent);
        }
        return message();
    }

    /**
     * Returns the round trip to a request sent at the given clocks ({@link RoundTrip#nanos}).
     *
     * @param sentAtEpochNanos the realtime clock read right before the send
     * @param sentAtMonotonicNanos the monotonic clock read right before it
     * @return nanoseconds, never negative
     */
    public long rttNanos(long sentAtEpochNanos, long sentAtMonotonicNanos) {
        return RoundTrip.nanos(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sentAtEpochNanos,
                sentAtMonotonicNanos);
    }

    /**
     * Returns the clocks {@link #rttNanos} uses ({@link RoundTrip#clock}).
     *
     * @param sentAtEpochNanos the realtime clock read right before the send
     * @param sentAtMonotonicNanos the monotonic clock read right before it
     * @return a {@link RoundTrip} clock
     */
    public int rttClock(long sentAtEpochNanos, long sentAtMonotonicNanos) {
        return RoundTrip.clock(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sentAtEpochNanos,
                sentAtMonotonicNanos);
    }
}
