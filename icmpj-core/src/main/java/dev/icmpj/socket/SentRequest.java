package dev.icmpj.socket;

import java.util.Objects;

/**
 * A request as it left the socket: the identifier actually used and the clocks read right before
 * {@code sendto}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param request the request as given to {@link IcmpSocket#send}
 * @param identifier the identifier on the wire (the kernel's on a ping socket)
 * @param sentAtEpochNanos {@code CLOCK_REALTIME} in nanoseconds since the epoch, read right before sending
 * @param sentAtMonotonicNanos {@code System.nanoTime()} read right before sending
 */
public record SentRequest(IcmpRequest request, int identifier, long sentAtEpochNanos, long sentAtMonotonicNanos) {
    /** Checks the request is present and the identifier in range. */
    public SentRequest {
        Objects.requireNonNull(request, "request");
        IcmpRequest.requireRange("identifier", identifier, 0, 0xFFFF);
    }

    /**
     * Returns the sequence number of the request.
     *
     * @return 0..65535
     */
    public int sequence() {
        return request.sequence();
    }
}
