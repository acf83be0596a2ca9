package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Interrupts a thread blocked in {@code poll} with signals: SIGPIPE has a HotSpot handler that ignores it,
 * so {@code tgkill} makes {@code poll} fail with EINTR, which {@link IcmpChannel#await} must retry with
 * the remaining time.
 */
@SuppressWarnings("restricted")
class PollInterruptTest {
    private static final int SIGPIPE = 13;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETTID =
            LINKER.downcallHandle(LINKER.defaultLookup().find("gettid").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle TGKILL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("tgkill").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    @Test
    void await_interruptedBySignals_retriesUntilTheTimeout() throws Throwable {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpChannel channel = IcmpChannel.open(false, true)) {
            channel.installIdentifierFilter(0x5151);
            CompletableFuture<Integer> tid = new CompletableFuture<>();
            CompletableFuture<long[]> outcome = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    tid.complete((int) GETTID.invokeExact());
                    long start = System.nanoTime();
                    int ready = channel.await(400_000_000L);
                    outcome.complete(new long[] {ready, System.nanoTime() - start});
                } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                }
            });
            int pid = (int) ProcessHandle.current().pid();
            int target = tid.get(1, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(40);
                assertThat((int) TGKILL.invokeExact(pid, target, SIGPIPE)).isZero();
            }

            long[] result = outcome.get(2, TimeUnit.SECONDS);
            assertThat(result[0]).as("readiness").isZero();
            assertThat(result[1]).as("waited ns").isBetween(390_000_000L, 1_000_000_000L);
        }
    }
}
