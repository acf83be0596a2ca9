package dev.icmpj.internal.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each {@link ProbeLoop} on a platform daemon thread of its own: a turn, a wait in the sockets until the
 * next thing is due, again, until the loop is done. A failure the loop did not catch (a bug) fails its
 * operations rather than the thread silently dying.
 *
 * <p>Thread-safe.
 */
public final class ThreadLoopDriver implements LoopDriver {

    /** The longest wait when nothing is due. */
    private static final long IDLE_WAIT_NANOS = 100_000_000;

    private final Ticker ticker;
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
        Thread thread = Thread.ofPlatform().daemon().name("icmpj-loop").unstarted(() -> run(loop));
        threads.put(loop, thread);
        thread.start();
    }

    @Override
    public void awaitEnded(ProbeLoop loop) {
        Thread thread = threads.get(loop);
        // a loop's thread (a listener closing a pinger) waits for no loop: two loops closing at once from their
        // listeners would each wait for the other forever; the loops were told to end and end at their next turn
        if (thread == null || ProbeLoop.onALoopThread()) {
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
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(ProbeLoop loop) {
        loop.markOwnThread();
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
        } finally {
            threads.remove(loop);
        }
    }
}
