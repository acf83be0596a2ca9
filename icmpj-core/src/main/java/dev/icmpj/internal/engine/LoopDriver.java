package dev.icmpj.internal.engine;

/** Runs {@link ProbeLoop}s: each on a thread of its own, or in a test's virtual time. */
@FunctionalInterface
public interface LoopDriver {

    /**
     * Starts running a loop until it is done.
     *
     * @param loop the loop
     */
    void start(ProbeLoop loop);
}
