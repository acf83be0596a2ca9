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
     * Waits until a loop that was told to end ({@link ProbeLoop#shutdown}) has ended, unless the calling
     * thread runs a loop itself (loops closing each other from their listeners would wait for each other). A driver without threads of its own runs the loop's ending turn itself.
     *
     * @param loop a loop started on this driver
     */
    void awaitEnded(ProbeLoop loop);
}
