package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    @Test
    void schedule_outOfOrderDeadlines_runInDeadlineOrderThenSubmissionOrder() {
        AtomicLong now = new AtomicLong(1_000);
        List<String> ran = new ArrayList<>();
        ProbeScheduler scheduler = ProbeScheduler.manual(now::get);
        scheduler.schedule(1_040, () -> ran.add("c"));
        scheduler.schedule(1_020, () -> ran.add("a"));
        scheduler.schedule(1_020, () -> ran.add("b"));
        scheduler.schedule(999, () -> ran.add("past"));

        assertThat(scheduler.runDue()).isEqualTo(1);
        now.set(1_040);
        assertThat(scheduler.runDue()).isEqualTo(3);

        assertThat(ran).containsExactly("past", "a", "b", "c");
    }

    @Test
    void runDue_onlyWhatTheTickerReached_andWhatThoseTasksScheduleForNow() {
        AtomicLong now = new AtomicLong(0);
        List<String> ran = new ArrayList<>();
        ProbeScheduler scheduler = ProbeScheduler.manual(now::get);
        scheduler.schedule(30, () -> {
            ran.add("at 30");
            scheduler.schedule(now.get(), () -> ran.add("scheduled by it for now"));
            scheduler.schedule(now.get() + 1, () -> ran.add("later"));
        });

        now.set(29);
        assertThat(scheduler.runDue()).isZero();
        assertThat(scheduler.nextDeadline()).isEqualTo(30);
        now.set(30);
        assertThat(scheduler.runDue()).isEqualTo(2);

        assertThat(ran).containsExactly("at 30", "scheduled by it for now");
        assertThat(scheduler.nextDeadline()).isEqualTo(31);
        assertThat(scheduler.pending()).isEqualTo(1);
    }

    @Test
    void schedule_onItsThread_neverRunsBeforeTheDeadline() throws InterruptedException {
        long[] ranAt = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        try (ProbeScheduler scheduler = new ProbeScheduler(Ticker.SYSTEM)) {
            long deadline = System.nanoTime() + 30_000_000;
            scheduler.schedule(deadline, () -> {
                ranAt[0] = System.nanoTime();
                done.countDown();
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ranAt[0]).isGreaterThanOrEqualTo(deadline);
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
