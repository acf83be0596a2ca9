package dev.icmpj.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Flow control between the sends and the reads of one socket: the replies to the requests in flight must fit
 * in the socket's receive buffer, or the kernel drops them when the reads fall behind (a burst of sends, a
 * cold JIT, a busy machine) and the engine would report as lost what it dropped itself. Measured
 * here before this window: 23% of 65,536 loopback replies dropped on a cold JVM.
 *
 * <p>Each request in flight holds an estimate of its reply's kernel memory from its send until it is
 * decided (answered, error, lost, or its ping ended). A send that does not fit waits; the next release
 * resumes the oldest waiter. One request always fits, however large.
 *
 * <p>Thread-safe.
 */
public final class ReceiveWindow {

    /** Kernel memory of a received datagram beyond its bytes: sk_buff, shared info, allocation rounding. */
    static final int PER_REPLY_OVERHEAD_BYTES = 1152;
    /**
     * Kernel memory of the software transmit timestamp each send queues on the error queue, which shares the
     * receive buffer: an sk_buff without data (832 bytes measured on kernel 6.x), with the same margin.
     */
    static final int PER_TRANSMIT_TIMESTAMP_BYTES = 1152;

    private static final long DEFAULT_RMEM_MAX = 212_992;
    private static final int CAP_NET_ADMIN = 12;

    private final long capacityBytes;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private long usedBytes;

    /**
     * Creates a window.
     *
     * @param capacityBytes the receive buffer the kernel grants, in bytes
     */
    ReceiveWindow(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /**
     * Estimates the receive buffer the kernel grants a socket that asks for {@code requested} bytes: double
     * the request (the kernel counts its overhead that way), capped at {@code net.core.rmem_max} unless the
     * process has {@code CAP_NET_ADMIN} (then {@code SO_RCVBUFFORCE} succeeds).
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
     * Estimates the receive buffer memory one request in flight takes: its reply and its transmit timestamp.
     *
     * @param payloadSize the echo data size
     * @return bytes
     */
    public static long costOf(int payloadSize) {
        return costOf(payloadSize, true);
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

    /**
     * Takes room for one reply, or queues a retry for when room is released.
     *
     * @param cost the reply's estimated size
     * @param retry run (on the releasing thread) when room is next released; must not block
     * @return true when the room was taken
     */
    public synchronized boolean tryAcquire(long cost, Runnable retry) {
        if (usedBytes == 0 || usedBytes + cost <= capacityBytes) {
            usedBytes += cost;
            return true;
        }
        waiting.add(retry);
        return false;
    }

    /**
     * Gives room back and resumes the oldest waiter, if any.
     *
     * @param cost what {@link #tryAcquire} took
     */
    public void release(long cost) {
        Runnable next;
        synchronized (this) {
            usedBytes -= cost;
            next = waiting.poll();
        }
        if (next != null) {
            next.run();
        }
    }

    /** Resumes the oldest waiter without releasing room: for a resumed waiter that has nothing to send. */
    public void wakeNext() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
        }
        if (next != null) {
            next.run();
        }
    }

    /**
     * Returns the room taken.
     *
     * @return bytes held by requests in flight
     */
    public synchronized long usedBytes() {
        return usedBytes;
    }

    /**
     * Returns the number of queued retries.
     *
     * @return sends waiting for room
     */
    public synchronized int waiting() {
        return waiting.size();
    }
}
