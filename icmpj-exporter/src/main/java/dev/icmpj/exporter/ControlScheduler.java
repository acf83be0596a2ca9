package dev.icmpj.exporter;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's control thread: config changes, name lookups' results and file watching all run on it, one
 * task at a time, so the state they change needs no lock. A seam: tests run tasks by hand on a fake clock.
 *
 * <p>Implementations are thread-safe.
 */
interface ControlScheduler extends AutoCloseable {

    /** Runs a task soon. */
    Future<?> execute(Runnable task);

    /** Runs a task after a delay. */
    Future<?> schedule(Runnable task, Duration delay);

    /** Runs lookups and other blocking work off the control thread; they hand their results back with execute. */
    void blocking(Runnable task);

    /** Runs the tasks already submitted for now, then stops; delayed tasks are dropped. */
    @Override
    void close();

    /** One platform thread, named {@code icmpj-control}, created now (so in the creating thread's namespaces). */
    static ControlScheduler threaded(ExporterLog log) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "icmpj-control");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartAllCoreThreads();
        return new ControlScheduler() {
            @Override
            public Future<?> execute(Runnable task) {
                return executor.submit(guard(task));
            }

            @Override
            public Future<?> schedule(Runnable task, Duration delay) {
                return executor.schedule(guard(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void blocking(Runnable task) {
                Thread.ofVirtual().name("icmpj-lookup").start(guard(task));
            }

            private Runnable guard(Runnable task) {
                return () -> {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        log.error("internal error", "err", e);
                    }
                };
            }

            @Override
            public void close() {
                executor.shutdown();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
