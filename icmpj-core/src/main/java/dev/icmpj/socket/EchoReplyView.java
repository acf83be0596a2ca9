package dev.icmpj.socket;

import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An echo reply as a socket read it, seen in place: its fields are read from the socket's receive buffer
 * and the object is reused for the next reply, so that a receive loop makes no object per reply. Valid only
 * during {@link ReplyHandler#onEchoReply}; {@link #toReply()} makes a lasting copy.
 *
 * <p>Not thread-safe.
 */
public final class EchoReplyView {

    /** Where the payload bytes of the current reply are: the socket's buffer, or a decoded reply. */
    interface PayloadSource {
        boolean payloadEquals(byte[] expected);

        byte[] payload();
    }

    private Family family;
    private int ipv4;
    private long high;
    private long low;
    private int identifier;
    private int sequence;
    private int ttl;
    private int bytesReceived;
    private long receivedAtEpochNanos;
    private long receivedAtMonotonicNanos;
    private long sentAtKernelEpochNanos;
    private PayloadSource payload;

    /** Creates an empty view, for a socket to fill. */
    EchoReplyView() {}

    /** A view of a decoded reply, for sockets that decode every message. */
    static EchoReplyView of(IcmpReply reply) {
        EchoReplyView view = new EchoReplyView();
        boolean v4 = reply.source() instanceof Inet4Address;
        view.set(
                v4 ? Family.IPV4 : Family.IPV6,
                v4 ? EchoBatch.bitsOf((Inet4Address) reply.source()) : 0,
                v4 ? 0 : EchoBatch.highBitsOf((Inet6Address) reply.source()),
                v4 ? 0 : EchoBatch.lowBitsOf((Inet6Address) reply.source()),
                reply.identifier(),
                reply.sequence(),
                reply.ttl(),
                reply.bytesReceived(),
                reply.receivedAtEpochNanos(),
                reply.receivedAtMonotonicNanos(),
                reply.sentAtKernelEpochNanos(),
                new PayloadSource() {
                    @Override
                    public boolean payloadEquals(byte[] expected) {
                        return reply.payloadEquals(expected);
                    }

                    @Override
                    public byte[] payload() {
                        return reply.payload();
                    }
                });
        return view;
    }

    void set(
            Family family,
            int ipv4,
            long high,
            long low,
            int identifier,
            int sequence,
            int ttl,
            int bytesReceived,
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            long sentAtKernelEpochNanos,
            PayloadSource payload) {
        this.family = family;
        this.ipv4 = ipv4;
        this.high = high;
        this.low = low;
        this.identifier = identifier;
        this.sequence = sequence;
        this.ttl = ttl;
        this.bytesReceived = bytesReceived;
        this.receivedAtEpochNanos = receivedAtEpochNanos;
        this.receivedAtMonotonicNanos = receivedAtMonotonicNanos;
        this.sentAtKernelEpochNanos = sentAtKernelEpochNanos;
        this.payload = payload;
    }

    /** The family of the source. */
    public Family family() {
        return family;
    }

    /** The source's 32 bits when IPv4, as {@link EchoBatch#addIpv4} takes them. */
    public int sourceIpv4() {
        return ipv4;
    }

    /** The first 64 bits of the source when IPv6. */
    public long sourceIpv6High() {
        return high;
    }

    /** The last 64 bits of the source when IPv6. */
    public long sourceIpv6Low() {
        return low;
    }

    /** The source as an address (a new object). */
    public InetAddress source() {
        byte[] bytes = new byte[family == Family.IPV4 ? 4 : 16];
        if (family == Family.IPV4) {
            EchoBatch.putInt(bytes, 0, ipv4);
        } else {
            EchoBatch.putLong(bytes, 0, high);
            EchoBatch.putLong(bytes, 8, low);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /** The echo identifier. */
    public int identifier() {
        return identifier;
    }

    /** The echo sequence number. */
    public int sequence() {
        return sequence;
    }

    /** The TTL / hop limit it arrived with, or -1 when the kernel did not say. */
    public int ttl() {
        return ttl;
    }

    /** The size of the ICMP message, header included. */
    public int bytesReceived() {
        return bytesReceived;
    }

    /** The kernel's receive timestamp ({@code CLOCK_REALTIME}, ns since the epoch), or 0. */
    public long receivedAtEpochNanos() {
        return receivedAtEpochNanos;
    }

    /** {@code System.nanoTime()} when it reached user space. */
    public long receivedAtMonotonicNanos() {
        return receivedAtMonotonicNanos;
    }

    /** The kernel's transmit timestamp of the request it answers, or 0 when unknown. */
    public long sentAtKernelEpochNanos() {
        return sentAtKernelEpochNanos;
    }

    /**
     * Tells whether the echo data equals the bytes sent, without copying.
     *
     * @param expected the payload of the request
     * @return true when equal
     */
    public boolean payloadEquals(byte[] expected) {
        return payload.payloadEquals(expected);
    }

    /**
     * Returns the round trip to a request sent at the given clocks, as {@link IcmpReply#rttNanos} measures it.
     *
     * @param sentAtEpochNanos the realtime clock read right before the send ({@link EchoBatch#sentAtEpochNanos()})
     * @param sentAtMonotonicNanos {@code System.nanoTime()} read right before it
     * @return nanoseconds, never negative
     */
    public long rttNanos(long sentAtEpochNanos, long sentAtMonotonicNanos) {
        return RttClock.rttNanos(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sentAtEpochNanos,
                sentAtMonotonicNanos);
    }

    /**
     * Returns the clock {@link #rttNanos} uses.
     *
     * @param sentAtEpochNanos the realtime clock read right before the send
     * @param sentAtMonotonicNanos {@code System.nanoTime()} read right before it
     * @return the clock
     */
    public RttClock rttClock(long sentAtEpochNanos, long sentAtMonotonicNanos) {
        return RttClock.of(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sentAtEpochNanos,
                sentAtMonotonicNanos);
    }

    /**
     * Copies this reply into a lasting decoded message.
     *
     * @return the echo reply
     */
    public EchoReply message() {
        return new EchoReply(
                family == Family.IPV4 ? IcmpVersion.V4 : IcmpVersion.V6, identifier, sequence, payload.payload());
    }

    /**
     * Copies this reply into a lasting {@link IcmpReply}.
     *
     * @return the reply
     */
    public IcmpReply toReply() {
        InetAddress source = source();
        byte[] data = payload.payload();
        IcmpVersion version = family == Family.IPV4 ? IcmpVersion.V4 : IcmpVersion.V6;
        return new IcmpReply(
                source,
                source,
                identifier,
                sequence,
                bytesReceived,
                ttl,
                data,
                new EchoReply(version, identifier, sequence, data),
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos);
    }
}
