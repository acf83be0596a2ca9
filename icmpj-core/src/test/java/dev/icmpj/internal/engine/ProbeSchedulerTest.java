package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    @Test
    void schedule_outOfOrderDeadlines_runInDeadlineOrderThenSubmissionOrder() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(4);
        try (ProbeScheduler scheduler = new ProbeScheduler(Ticker.SYSTEM)) {
            long now = System.nanoTime();
            scheduler.schedule(now + 40_000_000, () -> {
                ran.add("c");
                done.countDown();
            });
            scheduler.schedule(now + 20_000_000, () -> {
                ran.add("a");
                done.countDown();
            });
            scheduler.schedule(now + 20_000_000, () -> {
                ran.add("b");
                done.countDown();
            });
            scheduler.schedule(now - 1, () -> {
                ran.add("past");
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ran).containsExactly("past", "a", "b", "c");
    }

    @Test
    void schedule_deadline_notRunEarlyAndRunWithin20Ms() throws InterruptedException {
        long[] ranAt = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        try (ProbeScheduler scheduler = new ProbeScheduler(Ticker.SYSTEM)) {
            long deadline = System.nanoTime() + 30_000_000;
            scheduler.schedule(deadline, () -> {
                ranAt[0] = System.nanoTime();
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ranAt[0] - deadline).isBetween(0L, 20_000_000L);
        }
    }

    @Test
    void schedule_throwingTask_laterTasksStillRun() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        try (ProbeScheduler scheduler = new ProbeScheduler(Ticker.SYSTEM)) {
            long now = System.nanoTime();
            scheduler.schedule(now, () -> {
                throw new IllegalStateException("task failure, expected by the test");
            });
            scheduler.schedule(now + 1_000_000, done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void schedule_deadlineOnTicker_runsWhenTheTickerReachesItNotTheWallClock() throws InterruptedException {
        AtomicLong now = new AtomicLong(0);
        CountDownLatch done = new CountDownLatch(1);
        try (ProbeScheduler scheduler = new ProbeScheduler(now::get)) {
            scheduler.schedule(1_000_000_000_000L, done::countDown);
            assertThat(done.await(50, TimeUnit.MILLISECONDS))
                    .as("1000 s ahead on the ticker")
                    .isFalse();

            now.set(1_000_000_000_000L);
            scheduler.schedule(0, () -> {});

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void close_pendingTasks_droppedAndLaterScheduleRefused() {
        ProbeScheduler scheduler = new ProbeScheduler(Ticker.SYSTEM);
        boolean[] ran = new boolean[1];
        scheduler.schedule(System.nanoTime() + 60_000_000_000L, () -> ran[0] = true);
        assertThat(scheduler.pending()).isEqualTo(1);
        scheduler.close();
        assertThat(scheduler.pending()).isZero();
        assertThat(scheduler.schedule(System.nanoTime(), () -> ran[0] = true)).isFalse();
        assertThat(ran[0]).isFalse();
    }
}
