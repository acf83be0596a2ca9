package dev.icmpj.socket;

import dev.icmpj.internal.transport.RoundTrip;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.IcmpMessage;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A received ICMP message that concerns one of our echo requests: an echo reply, or an ICMP error
 * (destination unreachable, time exceeded, ...) whose quoted datagram is one of our requests.
 *
 * <p>Immutable and thread-safe: the payload is copied in and out.
 *
 * @param source the sender of this message: the target for an echo reply, the reporting router for an error
 * @param probeDestination the destination of the request this message answers (equal to {@code source}
 *     for an echo reply, the quoted destination for an error)
 * @param identifier the echo identifier of the request this message answers
 * @param sequence the echo sequence of the request this message answers
 * @param bytesReceived the size of the ICMP message in bytes (ICMP header included, IP header excluded)
 * @param ttl the TTL (IPv4) or hop limit (IPv6) the message arrived with, or -1 when the kernel did not say
 * @param payload the echo data of an echo reply; for an error, the quoted echo data (possibly truncated)
 * @param message the decoded message
 * @param receivedAtEpochNanos the kernel's receive timestamp ({@code CLOCK_REALTIME}, ns since the epoch),
 *     or 0 when there was none
 * @param receivedAtMonotonicNanos {@code System.nanoTime()} when the message reached user space
 * @param sentAtKernelEpochNanos the kernel's software transmit timestamp ({@code SO_TIMESTAMPING},
 *     {@code CLOCK_REALTIME}, ns since the epoch) of the request this message answers, or 0 when unknown
 */
public record IcmpReply(
        InetAddress source,
        InetAddress probeDestination,
        int identifier,
        int sequence,
        int bytesReceived,
        int ttl,
        byte[] payload,
        IcmpMessage message,
        long receivedAtEpochNanos,
        long receivedAtMonotonicNanos,
        long sentAtKernelEpochNanos) {

    /** Checks presence and ranges and copies the payload. */
    public IcmpReply {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(probeDestination, "probeDestination");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(message, "message");
        IcmpRequest.requireRange("identifier", identifier, 0, 0xFFFF);
        IcmpRequest.requireRange("sequence", sequence, 0, 0xFFFF);
        IcmpRequest.requireRange("ttl", ttl, -1, 255);
        payload = payload.clone();
    }

    /**
     * Creates a message without a kernel transmit timestamp ({@code sentAtKernelEpochNanos} 0).
     *
     * @param source the sender of this message
     * @param probeDestination the destination of the request this message answers
     * @param identifier the echo identifier of the request this message answers
     * @param sequence the echo sequence of the request this message answers
     * @param bytesReceived the size of the ICMP message in bytes
     * @param ttl the TTL or hop limit the message arrived with, or -1
     * @param payload the echo data, or for an error the quoted echo data
     * @param message the decoded message
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos {@code System.nanoTime()} when the message reached user space
     */
    public IcmpReply(
            InetAddress source,
            InetAddress probeDestination,
            int identifier,
            int sequence,
            int bytesReceived,
            int ttl,
            byte[] payload,
            IcmpMessage message,
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos) {
        this(
                source,
                probeDestination,
                identifier,
                sequence,
                bytesReceived,
                ttl,
                payload,
                message,
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                0);
    }

    /**
     * Returns the address family of this message.
     *
     * @return {@link Family#IPV4} or {@link Family#IPV6}
     */
    public Family family() {
        return Family.of(source);
    }

    /**
     * Returns the ICMP type.
     *
     * @return 0..255
     */
    public int type() {
        return message.type();
    }

    /**
     * Returns the ICMP code.
     *
     * @return 0..255
     */
    public int code() {
        return message.code();
    }

    /**
     * Tells whether this is an echo reply (and not an ICMP error).
     *
     * @return true for an ICMPv4 type 0 or ICMPv6 type 129 message
     */
    public boolean isEchoReply() {
        return message.type() == message.version().echoReplyType();
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the echo data
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Tells whether the payload equals the given bytes, without copying.
     *
     * @param expected the bytes sent
     * @return true when equal
     */
    public boolean payloadEquals(byte[] expected) {
        return Arrays.equals(payload, expected);
    }

    /**
     * Returns the round-trip time of this reply to a request, in nanoseconds, by the clock that
     * {@link #rttClock(SentRequest)} names, the first usable of:
     * <ol>
     *   <li>{@link RttClock#KERNEL_TX_RX}: {@link #receivedAtEpochNanos()} minus
     *       {@link #sentAtKernelEpochNanos()}, when both are present and consistent with the request: the
     *       transmit timestamp is not before the request's send clock ({@link SentRequest#sentAtEpochNanos()},
     *       read before {@code sendto}), not after the receive timestamp, and the difference is not longer
     *       than the monotonic round trip (plus a microsecond and the realtime clock's possible slew);</li>
     *   <li>{@link RttClock#KERNEL_RECEIVE}: {@link #receivedAtEpochNanos()} minus the request's send clock,
     *       when that lies between 0 and the monotonic round trip (with the same slack);</li>
     *   <li>{@link RttClock#MONOTONIC}: {@link #receivedAtMonotonicNanos()} minus
     *       {@link SentRequest#sentAtMonotonicNanos()}.</li>
     * </ol>
     * A step of the realtime clock, or a transmit timestamp that belongs to another send, fails the checks
     * and falls through to the next clock. Never negative.
     *
     * @param sent the request this message answers
     * @return the round-trip time in nanoseconds
     */
    public long rttNanos(SentRequest sent) {
        return RoundTrip.nanos(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sent.sentAtEpochNanos(),
                sent.sentAtMonotonicNanos());
    }

    /**
     * Returns the clock {@link #rttNanos(SentRequest)} used for a request.
     *
     * @param sent the request this message answers
     * @return {@link RttClock#KERNEL_TX_RX}, {@link RttClock#KERNEL_RECEIVE} or {@link RttClock#MONOTONIC}
     */
    public RttClock rttClock(SentRequest sent) {
        return RttClock.of(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sent.sentAtEpochNanos(),
                sent.sentAtMonotonicNanos());
    }

    /**
     * Throws the typed exception for an ICMP error; does nothing for an echo reply.
     *
     * @throws IcmpErrorException a {@link dev.icmpj.socket.DestinationUnreachableException},
     *     {@link dev.icmpj.socket.TimeExceededException} (each with an IPv4 and an IPv6 subclass) or, for
     *     other errors, an {@link IcmpErrorException}; its message describes the type and code
     */
    public void raiseForStatus() throws IcmpErrorException {
        if (!isEchoReply()) {
            throw IcmpErrorException.of(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpReply r
                && source.equals(r.source)
                && probeDestination.equals(r.probeDestination)
                && identifier == r.identifier
                && sequence == r.sequence
                && bytesReceived == r.bytesReceived
                && ttl == r.ttl
                && Arrays.equals(payload, r.payload)
                && message.equals(r.message)
                && receivedAtEpochNanos == r.receivedAtEpochNanos
                && receivedAtMonotonicNanos == r.receivedAtMonotonicNanos
                && sentAtKernelEpochNanos == r.sentAtKernelEpochNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, identifier, sequence, Arrays.hashCode(payload), message, receivedAtMonotonicNanos);
    }

    @Override
    public String toString() {
        return "IcmpReply[source=" + AddressText.of(source) + ", identifier=" + identifier + ", sequence="
                + sequence + ", type=" + type() + ", code=" + code() + ", bytesReceived=" + bytesReceived
                + ", ttl=" + ttl + ", message=" + message.description() + "]";
    }
}
