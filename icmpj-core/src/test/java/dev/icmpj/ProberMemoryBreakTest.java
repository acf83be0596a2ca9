package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What 100,000 prober targets cost the engine's heap, on loopback, with requests in flight and answered. */
class ProberMemoryBreakTest {

    private static long liveHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, runtime.totalMemory() - runtime.freeMemory());
        }
        return best;
    }

    @Test
    @Timeout(300)
    void hundredThousandTargets_costAFewHundredBytesEach() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        AtomicLong replies = new AtomicLong();
        try (Pinger warm = Pinger.create()) {
            warm.ping(
                    InetAddress.ofLiteral("127.0.0.1"),
                    PingOptions.builder().count(1).build());
        }
        long before = liveHeap();
        try (Pinger pinger = Pinger.create()) {
            Prober prober = pinger.prober(
                    PingOptions.builder()
                            .count(1)
                            .interval(Duration.ofSeconds(10))
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    new ProberListener() {
                        @Override
                        public void onReply(int target, Reply reply) {
                            replies.incrementAndGet();
                        }
                    });
            for (int t = 0; t < 100_000; t++) {
                prober.add(t, InetAddress.getByAddress(new byte[] {
                    127, (byte) (3 + (t >> 16)), (byte) (t >> 8), (byte) t
                }));
            }
            // loopback answers: a quarter of the targets' first requests, in 2.5 s of a 10 s interval
            Thread.sleep(2500);
            long after = liveHeap();
            long perTarget = (after - before) / 100_000;
            System.out.printf(
                    "replies %d, heap %d MB, %d bytes per target%n", replies.get(), (after - before) >> 20, perTarget);
            assertThat(replies.get()).isGreaterThan(10_000);
            assertThat(perTarget).isLessThan(1000);
            prober.close();
        }
    }
}
