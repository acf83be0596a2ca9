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
 * an exception thrown by one is dropped so that the others still run. A {@link #manual manual} scheduler has
 * no thread: its caller runs the due tasks ({@link #runDue()}), as a test's fake clock does when it advances.
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
    private final boolean manual;
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
        this(ticker, false);
    }

    private ProbeScheduler(Ticker ticker, boolean manual) {
        this.ticker = ticker;
        this.manual = manual;
    }

    /**
     * Creates a scheduler without a thread, whose due tasks run when its caller says: for tests that drive
     * time with a fake {@link Ticker}.
     *
     * @param ticker the clock deadlines are read against
     * @return the scheduler
     */
    public static ProbeScheduler manual(Ticker ticker) {
        return new ProbeScheduler(ticker, true);
    }

    /**
     * Runs, on the calling thread, every task whose deadline the ticker has reached, including those that
     * they schedule for now or earlier. For a {@link #manual} scheduler.
     *
     * @return the number of tasks run
     */
    public int runDue() {
        int ran = 0;
        Task task;
        while ((task = pollDue()) != null) {
            run(task);
            ran++;
        }
        return ran;
    }

    /**
     * Returns the earliest deadline waiting.
     *
     * @return in {@link Ticker} nanoseconds, or {@link Long#MAX_VALUE} when nothing waits
     */
    public long nextDeadline() {
        lock.lock();
        try {
            Task head = heap.peek();
            return head == null ? Long.MAX_VALUE : head.deadline();
        } finally {
            lock.unlock();
        }
    }

    private Task pollDue() {
        lock.lock();
        try {
            Task head = heap.peek();
            return head != null && !closed && head.deadline() - ticker.read() <= 0 ? heap.poll() : null;
        } finally {
            lock.unlock();
        }
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
            if (manual) {
                return true;
            }
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
            run(task);
        }
    }

    private static void run(Task task) {
        try {
            task.action().run();
        } catch (RuntimeException e) {
            System.getLogger(ProbeScheduler.class.getName())
                    .log(System.Logger.Level.WARNING, "scheduled task failed", e);
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
