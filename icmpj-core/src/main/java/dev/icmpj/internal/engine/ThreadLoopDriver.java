package dev.icmpj.internal.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each {@link ProbeLoop} on a platform daemon thread of its own: run what is due, wait for the sockets
 * until the next time something is due, again, until the loop is done. A failure the loop did not catch
 * (a bug) fails its operation rather than the thread silently dying.
 *
 * <p>Thread-safe.
 */
public final class ThreadLoopDriver implements LoopDriver {

    /** The longest wait when nothing is due: the loop checks for cancellation this often. */
    private static final long IDLE_WAIT_NANOS = 100_000_000;

    private final Ticker ticker;
    /** The thread of each loop, until it ended and was waited for or another loop starts. */
    private final Map<ProbeLoop, Thread> threads = new ConcurrentHashMap<>();

    /**
     * Creates a driver.
     *
     * @param ticker the engine's clock
     */
    public ThreadLoopDriver(Ticker ticker) {
        this.ticker = ticker;
    }

    @Override
    public void start(ProbeLoop loop) {
        threads.values().removeIf(ended -> !ended.isAlive());
        threads.put(loop, Thread.ofPlatform().daemon().name("icmpj-loop").start(() -> run(loop)));
    }

    @Override
    public void awaitEnded(ProbeLoop loop) {
        Thread thread = threads.get(loop);
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        threads.remove(loop);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(ProbeLoop loop) {
        try {
            while (!loop.isDone()) {
                long next = loop.runOnce(ticker.read());
                if (loop.isDone()) {
                    return;
                }
                long wait = next == ProbeLoop.NOTHING_DUE ? IDLE_WAIT_NANOS : next - ticker.read();
                if (wait > 0) {
                    loop.await(Math.min(wait, IDLE_WAIT_NANOS));
                }
            }
        } catch (RuntimeException | Error bug) {
            loop.fail(bug);
            // a failed loop ends at its next step
            loop.runOnce(ticker.read());
        }
    }
}
