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
    MONOTONIC
}
