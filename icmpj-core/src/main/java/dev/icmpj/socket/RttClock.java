package dev.icmpj.socket;

import dev.icmpj.internal.transport.RoundTrip;

/**
 * Which clocks a round-trip time was measured with, in order of preference (the engine's
 * {@code RoundTrip} numbers them in this order).
 *
 * <p>Immutable and thread-safe.
 */
public enum RttClock {
    /**
     * The kernel's receive timestamp ({@code SO_TIMESTAMPNS}) minus the kernel's software transmit
     * timestamp of the request ({@code SO_TIMESTAMPING}, taken when the request reached the network
     * device), both {@code CLOCK_REALTIME}: no user-space time on either side.
     */
    KERNEL_TX_RX,
    /**
     * The kernel's receive timestamp ({@code SO_TIMESTAMPNS}, {@code CLOCK_REALTIME}) minus the same clock
     * read right before {@code sendto}: what iputils ping does. Used when no consistent transmit timestamp
     * came.
     */
    KERNEL_RECEIVE,
    /**
     * {@code System.nanoTime()} when the reply reached user space minus the same clock before
     * {@code sendto}: used when the kernel gave no timestamp or the realtime clock was stepped in between.
     */
    MONOTONIC;

    /** {@code values()} copies its array at each call. */
    private static final RttClock[] ALL = values();

    /**
     * Chooses the clock of a round trip, as {@link IcmpReply#rttNanos(SentRequest)} describes.
     *
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos {@code System.nanoTime()} when the message reached user space
     * @param sentAtKernelEpochNanos the kernel's transmit timestamp, or 0
     * @param sentAtEpochNanos the realtime clock read right before the send, or 0
     * @param sentAtMonotonicNanos {@code System.nanoTime()} read right before the send
     * @return the clock
     */
    static RttClock of(
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            long sentAtKernelEpochNanos,
            long sentAtEpochNanos,
            long sentAtMonotonicNanos) {
        return ALL[
                RoundTrip.clock(
                        receivedAtEpochNanos,
                        receivedAtMonotonicNanos,
                        sentAtKernelEpochNanos,
                        sentAtEpochNanos,
                        sentAtMonotonicNanos)];
    }
}
