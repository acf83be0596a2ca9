package dev.icmpj.internal.engine;

/**
 * A source of monotonic nanoseconds: the engine's only clock for pacing and deadlines, replaceable in tests.
 * It is the clock of the sockets' {@code SentRequest.sentAtMonotonicNanos()}: {@link System#nanoTime()} for
 * the kernel's sockets, a test's fake clock for its fake sockets.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /** {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /**
     * Reads the clock.
     *
     * @return nanoseconds from an arbitrary origin, never decreasing
     */
    long read();
}
