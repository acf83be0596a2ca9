package dev.icmpj.internal.engine;

/** Runs {@link ProbeLoop}s: each on a thread of its own, or in a test's virtual time. */
public interface LoopDriver {

    /**
     * Starts running a loop until it is done.
     *
     * @param loop the loop
     */
    void start(ProbeLoop loop);

    /**
     * Waits until a loop that is done has left its thread, unless that is the calling thread. A driver
     * without threads of its own returns at once.
     *
     * @param loop a loop started on this driver, done or about to be (its sockets closed)
     */
    default void awaitEnded(ProbeLoop loop) {}
}
