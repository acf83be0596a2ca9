package dev.icmpj.exporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A control thread run by hand on a fake clock: tasks wait until {@link #runDue()} or {@link #advance}, and run
 * in the test's thread; "blocking" work (lookups) runs as a task too. Also the exporter's wall clock.
 */
final class ManualControl implements ControlScheduler, ExporterClock {
    private record Task(long dueMillis, long order, Runnable run, CompletableFuture<Void> future) {}

    private final List<Task> tasks = new ArrayList<>();
    private long nowMillis;
    private long order;

    ManualControl(long startMillis) {
        nowMillis = startMillis;
    }

    @Override
    public synchronized long wallMillis() {
        return nowMillis;
    }

    @Override
    public synchronized Future<?> execute(Runnable task) {
        return add(nowMillis, task);
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, Duration delay) {
        return add(nowMillis + delay.toMillis(), task);
    }

    @Override
    public synchronized void blocking(Runnable task) {
        add(nowMillis, task);
    }

    private Future<?> add(long due, Runnable run) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        tasks.add(new Task(due, order++, run, f));
        return f;
    }

    /** Runs every task due now, including those they add for now. */
    void runDue() {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> t.dueMillis() <= nowMillis && !t.future().isCancelled())
                        .min(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::order))
                        .orElse(null);
                tasks.removeIf(t -> t.future().isCancelled());
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.run().run();
            next.future().complete(null);
        }
    }

    /** Moves the clock on, running every task at its due time. */
    void advance(Duration by) {
        long end;
        synchronized (this) {
            end = nowMillis + by.toMillis();
        }
        while (true) {
            Long due;
            synchronized (this) {
                due = tasks.stream()
                        .filter(t -> !t.future().isCancelled())
                        .map(Task::dueMillis)
                        .filter(d -> d <= end)
                        .min(Long::compare)
                        .orElse(null);
                nowMillis = due == null ? end : Math.max(nowMillis, due);
            }
            runDue();
            if (due == null) {
                return;
            }
        }
    }

    /** The due times of tasks not yet run, from now, in milliseconds. */
    synchronized List<Long> pendingDelays() {
        return tasks.stream()
                .filter(t -> !t.future().isCancelled())
                .map(t -> t.dueMillis() - nowMillis)
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        runDue();
    }
}
