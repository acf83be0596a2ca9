package dev.icmpj.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The in-flight budget of a socket: the replies to the requests in flight must fit in its receive buffer,
 * or the kernel drops them when the loop falls behind (a burst of sends, a cold JIT, a busy machine) and the
 * engine would report as lost what it dropped itself. Measured here before the budget: 23% of 65,536 loopback
 * replies dropped on a cold JVM. Each request in flight holds an estimate of its reply's kernel memory from
 * its send until it is decided; a lane sends only while that fits ({@link Lane#hasRoom}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ReceiveBudget {

    /** Kernel memory of a received datagram beyond its bytes: sk_buff, shared info, allocation rounding. */
    static final int PER_REPLY_OVERHEAD_BYTES = 1152;
    /**
     * Kernel memory of the software transmit timestamp each send queues on the error queue, which shares the
     * receive buffer: an sk_buff without data (832 bytes measured on kernel 6.x), with the same margin.
     */
    static final int PER_TRANSMIT_TIMESTAMP_BYTES = 1152;

    private static final long DEFAULT_RMEM_MAX = 212_992;
    private static final int CAP_NET_ADMIN = 12;

    private ReceiveBudget() {}

    /**
     * Estimates the receive buffer the kernel grants a socket that asks for {@code requested} bytes: double
     * the request (the kernel counts its overhead that way), capped at {@code net.core.rmem_max} unless the
     * process has {@code CAP_NET_ADMIN} (then {@code SO_RCVBUFFORCE} succeeds). Used only where a socket
     * cannot say what it was granted.
     *
     * @param requested the {@code SO_RCVBUF} asked for
     * @return bytes
     */
    static long grantedBytes(int requested) {
        long max = readLong(Path.of("/proc/sys/net/core/rmem_max"), DEFAULT_RMEM_MAX);
        return 2L * (hasNetAdmin() ? requested : Math.min(requested, max));
    }

    private static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
        return false;
    }

    private static long readLong(Path file, long fallback) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | RuntimeException unreadable) {
            return fallback;
        }
    }

    /**
     * Estimates the receive buffer memory one request in flight takes: its reply, and its transmit timestamp
     * when the socket takes them.
     *
     * @param payloadSize the echo data size
     * @param transmitTimestamp whether each send also queues a transmit timestamp
     * @return bytes
     */
    public static long costOf(int payloadSize, boolean transmitTimestamp) {
        return PER_REPLY_OVERHEAD_BYTES + 48L + payloadSize + (transmitTimestamp ? PER_TRANSMIT_TIMESTAMP_BYTES : 0);
    }
}
