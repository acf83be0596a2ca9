package dev.icmpj;

import java.util.ArrayList;
import java.util.List;

/**
 * One sweep loop's calls of the multiping listener: one at a time across the sweep's loops, under the
 * sweep's lock. When several loops share the listener the calls wait here and are made together, under one
 * hold of the lock, at the end of the loop's run (or every {@value #BATCH}): a call per hold made two loops
 * contend for the lock once per target; in a cold /16 sweep with {@code -a} their threads spun and parked on
 * it for most of the first 100 ms. A failure of the listener is logged and ignored.
 *
 * <p>Not thread-safe: its loop's thread only; the lock serializes the loops.
 */
final class SweepCalls {

    /** Calls held back at most. */
    private static final int BATCH = 256;

    private final Object lock;
    private final boolean batches;
    private final List<Runnable> pending = new ArrayList<>();

    /**
     * Creates the calls of one loop.
     *
     * @param lock the sweep's lock, shared by its loops
     * @param batches true when several loops share the listener
     */
    SweepCalls(Object lock, boolean batches) {
        this.lock = lock;
        this.batches = batches;
    }

    /**
     * Calls the listener now, or holds the call back until {@link #flush()}.
     *
     * @param call the call
     * @return true when it was held back: the loop must run its flush soon
     */
    boolean tell(Runnable call) {
        if (!batches) {
            synchronized (lock) {
                ListenerCalls.guarded(call, "MultipingListener");
            }
            return false;
        }
        pending.add(call);
        if (pending.size() >= BATCH) {
            flush();
        }
        return true;
    }

    /** Makes the calls held back, in their order, under one hold of the lock. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        synchronized (lock) {
            for (Runnable call : pending) {
                ListenerCalls.guarded(call, "MultipingListener");
            }
        }
        pending.clear();
    }
}
