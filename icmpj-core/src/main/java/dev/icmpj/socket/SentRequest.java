package dev.icmpj.socket;

import java.util.Objects;

/**
 * A request as it left the socket: the identifier actually used and the clocks read right before the send.
 * Made by {@link IcmpSocket#send}; pass it to {@link IcmpSocket#receive(SentRequest, java.time.Duration)} and
 * {@link IcmpReply#rttNanos(SentRequest)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SentRequest {

    private final IcmpRequest request;
    private final int identifier;
    private final long sentAtEpochNanos;
    private final long sentAtMonotonicNanos;

    SentRequest(IcmpRequest request, int identifier, long sentAtEpochNanos, long sentAtMonotonicNanos) {
        this.request = Objects.requireNonNull(request, "request");
        IcmpRequest.requireRange("identifier", identifier, 0, 0xFFFF);
        this.identifier = identifier;
        this.sentAtEpochNanos = sentAtEpochNanos;
        this.sentAtMonotonicNanos = sentAtMonotonicNanos;
    }

    /** The request as given to {@link IcmpSocket#send}. */
    public IcmpRequest request() {
        return request;
    }

    /** The identifier on the wire (the kernel's on a ping socket). */
    public int identifier() {
        return identifier;
    }

    /** The realtime clock ({@code CLOCK_REALTIME}) in nanoseconds since the epoch, read right before sending. */
    public long sentAtEpochNanos() {
        return sentAtEpochNanos;
    }

    /** {@code System.nanoTime()} read right before sending. */
    public long sentAtMonotonicNanos() {
        return sentAtMonotonicNanos;
    }

    /**
     * Returns the sequence number of the request.
     *
     * @return 0..65535
     */
    public int sequence() {
        return request.sequence();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SentRequest s
                && request.equals(s.request)
                && identifier == s.identifier
                && sentAtEpochNanos == s.sentAtEpochNanos
                && sentAtMonotonicNanos == s.sentAtMonotonicNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, identifier, sentAtEpochNanos, sentAtMonotonicNanos);
    }

    @Override
    public String toString() {
        return "SentRequest[request=" + request + ", identifier=" + identifier + ", sentAtEpochNanos="
                + sentAtEpochNanos + ", sentAtMonotonicNanos=" + sentAtMonotonicNanos + "]";
    }
}
