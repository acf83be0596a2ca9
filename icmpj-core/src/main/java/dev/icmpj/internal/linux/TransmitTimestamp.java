package dev.icmpj.internal.linux;

/**
 * A software transmit timestamp from a socket's error queue ({@code SO_TIMESTAMPING} with
 * {@code SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_OPT_ID | SOF_TIMESTAMPING_OPT_TSONLY}): when the
 * kernel handed one of our datagrams to the network device.
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the {@code SOF_TIMESTAMPING_OPT_ID} key ({@code ee_data}): the socket's count of timestamped
 *     sends before this one since {@link IcmpChannel#enableTransmitTimestamps()}, as an unsigned 32-bit value
 * @param sentAtEpochNanos the kernel's {@code CLOCK_REALTIME} at transmission, ns since the epoch
 */
public record TransmitTimestamp(int key, long sentAtEpochNanos) {}
