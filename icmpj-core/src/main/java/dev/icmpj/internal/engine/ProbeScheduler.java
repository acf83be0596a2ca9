package dev.icmpj.internal.engine;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks at deadlines on one platform daemon thread: sends at their times and expiries at their
 * timeouts. A binary heap ordered by deadline, then by submission order; the thread sleeps until the
 * earliest deadline, reading time from a {@link Ticker}.
 *
 * <p>Tasks must be short and must not block: they run one after the other on the scheduler thread, and
 * an exception thrown by one is dropped so that the others still run.
 *
 * <p>Thread-safe: {@link #schedule} may be called from any thread.
 */
public final class ProbeScheduler implements AutoCloseable {

    private record Task(long deadline, long order, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(deadline - other.deadline, 0);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Task> heap = new PriorityQueue<>();
    private long submitted;
    private Thread thread;
    private boolean closed;

    /**
     * Creates a scheduler; its thread starts with the first {@link #schedule}.
     *
     * @param ticker the clock deadlines are read against
     */
    public ProbeScheduler(Ticker ticker) {
        this.ticker = ticker;
    }

    /**
     * Schedules a task.
     *
     * @param deadline when to run it, in {@link Ticker} nanoseconds; a past deadline runs as soon as possible
     * @param action the task
     * @return false when the scheduler is closed and the task will never run
     */
    public boolean schedule(long deadline, Runnable action) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Task task = new Task(deadline, submitted++, action);
            heap.add(task);
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("icmpj-scheduler").start(this::loop);
            } else if (heap.peek() == task) {
                changed.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the number of tasks waiting.
     *
     * @return the heap's size
     */
    public int pending() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every waiting task and stops the thread, waiting for a running task to end. Idempotent. */
    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            heap.clear();
            changed.signal();
            running = thread;
        } finally {
            lock.unlock();
        }
        if (running != null && running != Thread.currentThread()) {
            joinUninterruptibly(running);
        }
    }

    /** Waits for a thread to end, keeping the caller's interrupt status. */
    static void joinUninterruptibly(Thread thread) {
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

    private void loop() {
        Task task;
        while ((task = next()) != null) {
            try {
                task.action().run();
            } catch (RuntimeException e) {
                System.getLogger(ProbeScheduler.class.getName())
                        .log(System.Logger.Level.WARNING, "scheduled task failed", e);
            }
        }
    }

    /** Waits for the earliest task to be due and takes it; null once closed. */
    private Task next() {
        lock.lock();
        try {
            while (!closed) {
                Task head = heap.peek();
                if (head == null) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                long wait = head.deadline() - ticker.read();
                if (wait <= 0) {
                    return heap.poll();
                }
                try {
                    changed.awaitNanos(wait);
                } catch (InterruptedException e) {
                    // nobody interrupts this thread but close(), which sets closed first
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }
}
