package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallGateTest {
    @Test
    void close_whileAnotherThreadIsInside_releasesOnlyAfterItLeaves() throws Exception {
        AtomicInteger releases = new AtomicInteger();
        CallGate gate = new CallGate(releases::incrementAndGet);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch mayLeave = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                gate.enter("poll");
                inside.countDown();
                mayLeave.await();
                gate.leave();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger woken = new AtomicInteger();
        Thread closer = Thread.ofPlatform().start(() -> gate.close(woken::incrementAndGet));

        // close runs its wake-up, then waits for the caller: wait until it is parked there
        while (closer.isAlive() && (woken.get() == 0 || closer.getState() != Thread.State.WAITING)) {
            Thread.onSpinWait();
        }
        assertThat(closer.isAlive()).as("close waits for the caller").isTrue();
        assertThat(woken).hasValue(1);
        assertThat(releases).hasValue(0);
        mayLeave.countDown();
        closer.join(10_000);
        caller.join(10_000);
        assertThat(releases).hasValue(1);
        assertThat(gate.close(woken::incrementAndGet)).isFalse();
        assertThat(woken).hasValue(1);
    }

    @Test
    void close_fromInsideACall_releasesWhenThatCallLeaves() throws Exception {
        AtomicInteger releases = new AtomicInteger();
        CallGate gate = new CallGate(releases::incrementAndGet);
        gate.enter("recvmmsg");

        assertThat(gate.close(() -> {})).isTrue();
        assertThat(releases).hasValue(0);
        gate.leave();

        assertThat(releases).hasValue(1);
        assertThatThrownBy(() -> gate.enter("sendto"))
                .isInstanceOf(ErrnoException.class)
                .hasMessage("sendto: Bad file descriptor (EBADF)");
    }

    @Test
    void close_wakeUpLetsTheCallerLeave_releasesOnlyAfterTheWakeUpReturns() throws Exception {
        AtomicInteger releases = new AtomicInteger();
        CallGate gate = new CallGate(releases::incrementAndGet);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch mayLeave = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                gate.enter("poll");
                inside.countDown();
                mayLeave.await();
                gate.leave();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger releasesSeenByWakeUp = new AtomicInteger(-1);

        gate.close(() -> {
            // the wake-up (a write to the eventfd) still uses the resource after the woken caller has left
            mayLeave.countDown();
            try {
                caller.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            releasesSeenByWakeUp.set(releases.get());
        });

        assertThat(caller.isAlive()).isFalse();
        assertThat(releasesSeenByWakeUp)
                .as("released while the wake-up still ran")
                .hasValue(0);
        assertThat(releases).hasValue(1);
    }

    @Test
    void enter_refusedAfterClose_releasesWhenItIsTheLastOneOut() throws Exception {
        // the refused thread holds the read lock while the closer, inside a call, leaves: the closer cannot
        // release then, so the refused thread, last out, must (a bare unlock in enter() would leak)
        AtomicInteger releases = new AtomicInteger();
        CountDownLatch admitted = new CountDownLatch(1);
        CountDownLatch mayCheck = new CountDownLatch(1);
        AtomicReference<Thread> stopped = new AtomicReference<>();
        CallGate gate = new CallGate(releases::incrementAndGet, () -> {
            if (Thread.currentThread() == stopped.get()) {
                admitted.countDown();
                awaitQuietly(mayCheck);
            }
        });
        gate.enter("recvmmsg");
        gate.close(() -> {});
        AtomicReference<Throwable> refusal = new AtomicReference<>();
        Thread refused = Thread.ofPlatform().unstarted(() -> {
            try {
                gate.enter("sendto");
            } catch (ErrnoException expected) {
                refusal.set(expected);
            }
        });
        stopped.set(refused);
        refused.start();
        assertThat(admitted.await(10, TimeUnit.SECONDS)).isTrue();

        gate.leave();
        assertThat(releases).as("the refused thread still holds the read lock").hasValue(0);
        mayCheck.countDown();
        refused.join(10_000);

        assertThat(refusal.get()).isInstanceOf(ErrnoException.class);
        assertThat(releases).hasValue(1);
    }

    @Test
    void close_aSecondCloseHoldsTheGateWhileTheLastCallLeaves_theSecondCloseReleases() throws Exception {
        // the race a sweep finishing on its last reply ran with Pinger.close(): the receiver closes from inside
        // its call (release deferred to its leave), a second close holds the read lock while the receiver
        // leaves, so the receiver cannot release; the second close, last out, must (it returned, and leaked)
        AtomicInteger releases = new AtomicInteger();
        CountDownLatch admitted = new CountDownLatch(1);
        CountDownLatch mayCheck = new CountDownLatch(1);
        AtomicReference<Thread> stopped = new AtomicReference<>();
        CallGate gate = new CallGate(releases::incrementAndGet, () -> {
            if (Thread.currentThread() == stopped.get()) {
                admitted.countDown();
                awaitQuietly(mayCheck);
            }
        });
        gate.enter("recvmmsg");
        assertThat(gate.close(() -> {})).isTrue();
        AtomicReference<Boolean> secondClose = new AtomicReference<>();
        Thread closer = Thread.ofPlatform().unstarted(() -> secondClose.set(gate.close(() -> {})));
        stopped.set(closer);
        closer.start();
        assertThat(admitted.await(10, TimeUnit.SECONDS)).isTrue();

        gate.leave();
        assertThat(releases).as("the second closer still holds the read lock").hasValue(0);
        mayCheck.countDown();
        closer.join(10_000);

        assertThat(secondClose.get()).isFalse();
        assertThat(releases).hasValue(1);
    }

    @Test
    void close_aCallRefusedWhileTheWakeUpRuns_doesNotReleaseUnderTheWakeUp() throws Exception {
        AtomicInteger releases = new AtomicInteger();
        CallGate gate = new CallGate(releases::incrementAndGet);
        AtomicInteger releasesSeenByWakeUp = new AtomicInteger(-1);
        AtomicReference<Throwable> refusal = new AtomicReference<>();

        gate.close(() -> {
            // a call refused now must not release: the wake-up still uses the resource
            Thread refused = Thread.ofPlatform().start(() -> {
                try {
                    gate.enter("sendto");
                } catch (ErrnoException expected) {
                    refusal.set(expected);
                }
            });
            try {
                refused.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            releasesSeenByWakeUp.set(releases.get());
        });

        assertThat(refusal.get()).as("closed before the wake-up ran").isInstanceOf(ErrnoException.class);
        assertThat(releasesSeenByWakeUp).hasValue(0);
        assertThat(releases).hasValue(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
