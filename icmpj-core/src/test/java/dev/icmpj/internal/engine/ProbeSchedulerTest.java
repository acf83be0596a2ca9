package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    @Test
    void schedule_outOfOrderDeadlines_runInDeadlineOrderThenSubmissionOrder() {
        AtomicLong now = new AtomicLong(1_000);
        List<String> ran = new ArrayList<>();
        ProbeScheduler scheduler = new ProbeScheduler(now::get, () -> {});
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
        ProbeScheduler scheduler = new ProbeScheduler(now::get, () -> {});
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
    void schedule_aheadOfEveryWaitingTask_wakesTheLoopOnce() {
        AtomicLong now = new AtomicLong(0);
        List<String> woken = new ArrayList<>();
        ProbeScheduler scheduler = new ProbeScheduler(now::get, () -> woken.add("woken"));
        scheduler.schedule(100, () -> {});
        scheduler.schedule(200, () -> {});
        scheduler.schedule(100, () -> {});

        assertThat(woken).as("only the first was ahead of all").hasSize(1);
        scheduler.schedule(50, () -> {});
        assertThat(woken).hasSize(2);
        assertThat(scheduler.nextDeadline()).isEqualTo(50);
    }

    @Test
    void runDue_throwingTask_laterTasksStillRun() {
        AtomicLong now = new AtomicLong(0);
        List<String> ran = new ArrayList<>();
        ProbeScheduler scheduler = new ProbeScheduler(now::get, () -> {});
        scheduler.schedule(0, () -> {
            throw new IllegalStateException("task failure, expected by the test");
        });
        scheduler.schedule(0, () -> ran.add("after"));

        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(ran).containsExactly("after");
    }

    @Test
    void close_pendingTasks_droppedAndLaterScheduleRefused() {
        AtomicLong now = new AtomicLong(0);
        ProbeScheduler scheduler = new ProbeScheduler(now::get, () -> {});
        boolean[] ran = new boolean[1];
        scheduler.schedule(60_000_000_000L, () -> ran[0] = true);
        assertThat(scheduler.pending()).isEqualTo(1);
        scheduler.close();
        assertThat(scheduler.pending()).isZero();
        assertThat(scheduler.schedule(0, () -> ran[0] = true)).isFalse();
        now.set(60_000_000_000L);
        assertThat(scheduler.runDue()).isZero();
        assertThat(ran[0]).isFalse();
    }
}
