package dev.icmpj.internal.linux;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Admits calls into a native resource while it is open, and releases the resource exactly once after it
 * is closed and no thread is inside a call: the rule that keeps an arena from being closed under a
 * downcall that uses its memory.
 *
 * <p>Thread-safe. Calls are bracketed by {@link #enter} and {@link #leave}; {@link #close} may come from any
 * thread, including one that is inside a call (then the last thread to leave releases).
 */
final class CallGate {
    private final Runnable release;
    /**
     * Runs in {@link #enter} and {@link #close} between taking the read lock and checking {@link #closed}: a
     * seam for tests that must stop a thread there.
     */
    private final Runnable admitted;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();
    /** Whether {@link #release} ran; guarded by the write lock of {@link #calls}. */
    private boolean released;

    /**
     * Creates an open gate.
     *
     * @param release frees the resource; runs once, with no thread inside a call
     */
    CallGate(Runnable release) {
        this(release, () -> {});
    }

    /**
     * Creates an open gate that runs a hook inside {@link #enter}, for tests that must stop a thread there.
     *
     * @param release frees the resource; runs once, with no thread inside a call
     * @param admitted runs in {@code enter} and {@code close} after the read lock is taken and before the
     *     closed check
     */
    CallGate(Runnable release, Runnable admitted) {
        this.release = release;
        this.admitted = admitted;
    }

    /**
     * Enters a call.
     *
     * @param call the C function about to be called, for the exception
     * @throws ErrnoException EBADF once the gate is closed
     */
    void enter(String call) throws ErrnoException {
        calls.readLock().lock();
        admitted.run();
        if (closed.get()) {
            // leave() rather than a bare unlock: a receiver that left while this thread held the read lock
            // could not release, so this thread may be the last one out
            leave();
            throw new ErrnoException(call, Errno.EBADF);
        }
    }

    /** Leaves a call; the last thread to leave a closed gate releases the resource. */
    void leave() {
        calls.readLock().unlock();
        if (closed.get() && calls.writeLock().tryLock()) {
            try {
                releaseOnce();
            } finally {
                calls.writeLock().unlock();
            }
        }
    }

    /** True once {@link #close} was called. */
    boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the gate: no new call enters. Waits for the calls inside to leave and releases, unless the
     * calling thread is itself inside a call. A second close returns at once; if the last call left while it
     * held the gate, it releases.
     *
     * @param beforeWaiting runs once, right after closing and before waiting (e.g. wakes a blocked poll)
     * @return false when the gate was already closed
     */
    boolean close(Runnable beforeWaiting) {
        // closed is set, and beforeWaiting runs, while this thread is inside the gate: a call refused from now
        // on (or a receiver that beforeWaiting wakes) leaves without releasing, because this thread still holds
        // a read lock. beforeWaiting may itself use the resource (a write to the eventfd from arena memory).
        boolean first;
        calls.readLock().lock();
        try {
            admitted.run();
            first = closed.compareAndSet(false, true);
            if (first) {
                beforeWaiting.run();
            }
        } finally {
            calls.readLock().unlock();
        }
        if (calls.getReadHoldCount() > 0) {
            // called from inside a call on this thread, whose own leave() releases when it is the last out
            return first;
        }
        if (first) {
            calls.writeLock().lock();
        } else if (!calls.writeLock().tryLock()) {
            // a call is still inside: it releases as it leaves
            return false;
        }
        // a second close may be the last one out: a call that left while this thread held the read lock
        // could not release
        try {
            releaseOnce();
        } finally {
            calls.writeLock().unlock();
        }
        return first;
    }

    private void releaseOnce() {
        if (!released) {
            released = true;
            release.run();
        }
    }
}
