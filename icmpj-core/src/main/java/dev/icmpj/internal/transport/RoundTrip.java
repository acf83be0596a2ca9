package dev.icmpj.internal.transport;

/**
 * The arithmetic of a round trip: which clocks measure it and how long it was. The clocks, in order of
 * preference (the public {@code RttClock} names them in this order):
 * <ol>
 *   <li>{@link #KERNEL_TX_RX}: the kernel's receive timestamp minus its transmit timestamp, when both are
 *       present and consistent with the send clock: the transmit timestamp is not before the realtime clock
 *       read before the send, not after the receive timestamp, and their difference not longer than the
 *       monotonic round trip (plus a microsecond and what the realtime clock may slew);</li>
 *   <li>{@link #KERNEL_RECEIVE}: the receive timestamp minus the realtime clock read before the send, when
 *       that lies between 0 and the monotonic round trip (with the same slack);</li>
 *   <li>{@link #MONOTONIC}: the monotonic clock when the message reached user space minus the one read
 *       before the send.</li>
 * </ol>
 * A step of the realtime clock, or a transmit timestamp of another send, fails the checks and falls through
 * to the next clock. Never negative.
 *
 * <p>Stateless and thread-safe.
 */
public final class RoundTrip {

    /** The kernel's transmit and receive timestamps. */
    public static final int KERNEL_TX_RX = 0;
    /** The kernel's receive timestamp and the realtime clock read before the send. */
    public static final int KERNEL_RECEIVE = 1;
    /** The monotonic clock at both ends. */
    public static final int MONOTONIC = 2;

    /** Slack allowed for the realtime clock running faster than the monotonic one (NTP slews at most 0.05%). */
    private static final long MAX_CLOCK_SLEW_NANOS_PER_MILLI = 500;

    private RoundTrip() {}

    /**
     * Chooses the clocks of a round trip.
     *
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos the monotonic clock when the message reached user space
     * @param sentAtKernelEpochNanos the kernel's transmit timestamp, or 0
     * @param sentAtEpochNanos the realtime clock read right before the send, or 0
     * @param sentAtMonotonicNanos the monotonic clock read right before the send
     * @return {@link #KERNEL_TX_RX}, {@link #KERNEL_RECEIVE} or {@link #MONOTONIC}
     */
    public static int clock(
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
     * Returns a round trip by the clocks {@link #clock} chooses.
     *
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos the monotonic clock when the message reached user space
     * @param sentAtKernelEpochNanos the kernel's transmit timestamp, or 0
     * @param sentAtEpochNanos the realtime clock read right before the send, or 0
     * @param sentAtMonotonicNanos the monotonic clock read right before the send
     * @return nanoseconds, never negative
     */
    public static long nanos(
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            long sentAtKernelEpochNanos,
            long sentAtEpochNanos,
            long sentAtMonotonicNanos) {
        return switch (clock(
                receivedAtEpochNanos,
                receivedAtMonotonicNanos,
                sentAtKernelEpochNanos,
                sentAtEpochNanos,
                sentAtMonotonicNanos)) {
            case KERNEL_TX_RX -> receivedAtEpochNanos - sentAtKernelEpochNanos;
            case KERNEL_RECEIVE -> receivedAtEpochNanos - sentAtEpochNanos;
            default -> Math.max(0, receivedAtMonotonicNanos - sentAtMonotonicNanos);
        };
    }
}
