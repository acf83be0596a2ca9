package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        assertThat(inside.await(1, TimeUnit.SECONDS)).isTrue();
        AtomicInteger woken = new AtomicInteger();
        Thread closer = Thread.ofPlatform().start(() -> gate.close(woken::incrementAndGet));

        closer.join(200);
        assertThat(closer.isAlive()).as("close waits for the caller").isTrue();
        assertThat(woken).hasValue(1);
        assertThat(releases).hasValue(0);
        mayLeave.countDown();
        closer.join(1000);
        caller.join(1000);
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
        assertThat(inside.await(1, TimeUnit.SECONDS)).isTrue();
        AtomicInteger releasesSeenByWakeUp = new AtomicInteger(-1);

        gate.close(() -> {
            // the wake-up (a write to the eventfd) still uses the resource after the woken caller has left
            mayLeave.countDown();
            try {
                caller.join(1000);
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
        AtomicInteger releases = new AtomicInteger();
        CallGate gate = new CallGate(releases::incrementAndGet);
        gate.enter("recvmmsg");
        gate.close(() -> {});
        Thread refused = Thread.ofPlatform().start(() -> {
            try {
                gate.enter("sendto");
            } catch (ErrnoException expected) {
                // refused, as it must be
            }
        });
        refused.join(1000);
        gate.leave();

        assertThat(releases).hasValue(1);
    }
}
