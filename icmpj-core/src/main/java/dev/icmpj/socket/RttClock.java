package dev.icmpj.socket;

/**
 * Which clocks a round-trip time was measured with.
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

    /** Slack allowed for the realtime clock running faster than the monotonic one (NTP slews at most 0.05%). */
    private static final long MAX_CLOCK_SLEW_NANOS_PER_MILLI = 500;

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
        if (receivedAtEpochNanos == 0 || sentAtEpochNanos == 0) {
            return MONOTONIC;
        }
        long monotonicRtt = Math.max(0, receivedAtMonotonicNanos - sentAtMonotonicNanos);
        long limit = monotonicRtt + 1_000 + monotonicRtt / 1_000_000 * MAX_CLOCK_SLEW_NANOS_PER_MILLI;
        if (sentAtKernelEpochNanos != 0
                && sentAtEpochNanos <= sentAtKernelEpochNanos
                && sentAtKernelEpochNanos <= receivedAtEpochNanos
                && receivedAtEpochNanos - sentAtKernelEpochNanos <= limit) {
            return KERNEL_TX_RX;
        }
        long kernel = receivedAtEpochNanos - sentAtEpochNanos;
        return kernel >= 0 && kernel <= limit ? KERNEL_RECEIVE : MONOTONIC;
    }

    /**
     * Returns a round trip by the clock {@link #of} chooses, in nanoseconds; never negative.
     *
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos {@code System.nanoTime()} when the message reached user space
     * @param sentAtKernelEpochNanos the kernel's transmit timestamp, or 0
     * @param sentAtEpochNanos the realtime clock read right before the send, or 0
     * @param sentAtMonotonicNanos {@code System.nanoTime()} read right before the send
     * @return nanoseconds
     */
    static long rttNanos(
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            long sentAtKernelEpochNanos,
            long sentAtEpochNanos,
            long sentAtMonotonicNanos) {
        return switch (of(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sentAtEpochNanos,
                sentAtMonotonicNanos)) {
            case KERNEL_TX_RX -> receivedAtEpochNanos - sentAtKernelEpochNanos;
            case KERNEL_RECEIVE -> receivedAtEpochNanos - sentAtEpochNanos;
            case MONOTONIC -> Math.max(0, receivedAtMonotonicNanos - sentAtMonotonicNanos);
        };
    }
}
