package dev.icmpj.internal.engine;

import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tasks of one loop at their deadlines: sends at their times and expiries at their timeouts. A binary
 * heap ordered by deadline, then by submission order, read against a {@link Ticker}. It has no thread: the
 * loop that owns it runs the due tasks ({@link #runDue()}) and sleeps until {@link #nextDeadline()}, and a task
 * scheduled from another thread ahead of every other one wakes it ({@code onEarliest}).
 *
 * <p>Tasks must be short and must not block: they run one after the other on the loop's thread, and an
 * exception thrown by one is dropped so that the others still run.
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
    private final Runnable onEarliest;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> heap = new PriorityQueue<>();
    private long submitted;
    private boolean closed;

    /**
     * Creates an empty scheduler.
     *
     * @param ticker the clock deadlines are read against
     * @param onEarliest runs, outside any lock, when a task was scheduled ahead of every waiting one: the loop
     *     must wake if it sleeps until a later time
     */
    public ProbeScheduler(Ticker ticker, Runnable onEarliest) {
        this.ticker = ticker;
        this.onEarliest = onEarliest;
    }

    /**
     * Runs, on the calling thread, every task whose deadline the ticker has reached, including those that
     * they schedule for now or earlier.
     *
     * @return the number of tasks run
     */
    public int runDue() {
        int ran = 0;
        Task task;
        while ((task = pollDue()) != null) {
            try {
                task.action().run();
            } catch (RuntimeException e) {
                System.getLogger(ProbeScheduler.class.getName())
                        .log(System.Logger.Level.WARNING, "scheduled task failed", e);
            }
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
        boolean earliest;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Task task = new Task(deadline, submitted++, action);
            heap.add(task);
            earliest = heap.peek() == task;
        } finally {
            lock.unlock();
        }
        if (earliest) {
            onEarliest.run();
        }
        return true;
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

    /** Drops every waiting task and refuses new ones. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            heap.clear();
        } finally {
            lock.unlock();
        }
    }
}
