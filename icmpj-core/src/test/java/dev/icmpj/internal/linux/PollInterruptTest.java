package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NativeThreads;
import dev.icmpj.testing.NetworkTests;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Interrupts a thread blocked in {@code ppoll} with signals: SIGPIPE has a HotSpot handler that ignores it,
 * so {@code tgkill} makes {@code ppoll} fail with EINTR, which {@link IcmpChannel#await} must retry with
 * the remaining time.
 *
 * <p>Each signal is sent only once the kernel shows the thread blocked in {@code ppoll}, so that each one
 * interrupts the wait however late the threads run, and the waiting thread stays alive until the last signal
 * was sent, so that {@code tgkill} never meets a thread that has exited (ESRCH).
 */
@SuppressWarnings("restricted")
class PollInterruptTest {
    private static final int SIGPIPE = 13;
    private static final int SIGNALS = 5;
    /** Between signals: the last one comes at least 600 ms into the wait. */
    private static final long SPACING_MS = 150;
    /** The wait: long enough that the signals, even late on a loaded machine, all come before it ends. */
    private static final long TIMEOUT_NANOS = 2_000_000_000L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle TGKILL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("tgkill").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    /** What the waiting thread saw: {@code await}'s result and the monotonic time around it. */
    private record Outcome(int ready, long startNanos, long endNanos) {}

    @Test
    void await_interruptedBySignals_retriesUntilTheTimeout() throws Throwable {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpChannel channel = IcmpChannel.open(false, true)) {
            channel.installIdentifierFilter(0x5151);
            CompletableFuture<Integer> tid = new CompletableFuture<>();
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            CountDownLatch signalsSent = new CountDownLatch(1);
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    tid.complete(NativeThreads.currentTid());
                    long start = System.nanoTime();
                    int ready = channel.await(TIMEOUT_NANOS);
                    outcome.complete(new Outcome(ready, start, System.nanoTime()));
                    signalsSent.await();
                } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                }
            });
            long lastSignal;
            try {
                int pid = (int) ProcessHandle.current().pid();
                int target = tid.get(60, TimeUnit.SECONDS);
                lastSignal = 0;
                for (int i = 0; i < SIGNALS; i++) {
                    if (i > 0) {
                        Thread.sleep(SPACING_MS);
                    }
                    boolean blocked = NativeThreads.awaitBlockedIn(target, NativeThreads.PPOLL, outcome::isDone);
                    assertThat(blocked)
                            .as(
                                    "await still blocked in ppoll for signal %d of %d (it returned %s)",
                                    i + 1, SIGNALS, outcome.getNow(null))
                            .isTrue();
                    lastSignal = System.nanoTime();
                    assertThat((int) TGKILL.invokeExact(pid, target, SIGPIPE))
                            .as("tgkill, signal %d", i + 1)
                            .isZero();
                }
            } finally {
                signalsSent.countDown();
            }
            Outcome result = outcome.get(60, TimeUnit.SECONDS);
            waiter.join();

            long waited = result.endNanos() - result.startNanos();
            assertThat(result.ready()).as("readiness").isZero();
            assertThat(waited)
                    .as("waited ns: the whole timeout, despite %d EINTRs", SIGNALS)
                    .isGreaterThanOrEqualTo(TIMEOUT_NANOS);
            // a retry with the whole timeout again would end a full timeout after the last signal, or later
            assertThat(waited)
                    .as("waited ns: less than the last signal's time into the wait plus the timeout")
                    .isLessThan(lastSignal - result.startNanos() + TIMEOUT_NANOS);
        }
    }
}
