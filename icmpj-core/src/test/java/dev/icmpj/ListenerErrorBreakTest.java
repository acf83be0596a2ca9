package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ThreadLoopDriver;
import dev.icmpj.internal.engine.Ticker;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listener that throws an Error, not an exception, on a loop that other work shares. */
@Timeout(30)
class ListenerErrorBreakTest {

    private static final PingOptions EVERY_100_MS = PingOptions.builder()
            .count(1)
            .interval(Duration.ofMillis(100))
            .timeout(Duration.ofMillis(50))
            .build();

    @Test
    void proberListenerThrowingAnError_othersOnTheLoopCarryOn() throws Exception {
        try (FakeNetwork network = new FakeNetwork(request -> List.of(Delivery.echo(1)));
                Pinger pinger = Pinger.create(
                        new ProbeEngine(network, Ticker.SYSTEM, new ThreadLoopDriver(Ticker.SYSTEM), 8 << 20))) {
            AtomicInteger neighbourReplies = new AtomicInteger();
            AtomicInteger neighbourFailures = new AtomicInteger();
            Prober faulty = pinger.prober(EVERY_100_MS, new ProberListener() {
                @Override
                public void onReply(int target, Reply reply) {
                    throw new AssertionError("a listener's assert");
                }
            });
            Prober neighbour = pinger.prober(EVERY_100_MS, new ProberListener() {
                @Override
                public void onReply(int target, Reply reply) {
                    neighbourReplies.incrementAndGet();
                }

                @Override
                public void onFailed(Throwable cause) {
                    neighbourFailures.incrementAndGet();
                }
            });
            neighbour.add(1, InetAddress.ofLiteral("198.18.7.1"));
            faulty.add(2, InetAddress.ofLiteral("198.18.7.2"));
            CompletableFuture<Host> ping = pinger.pingAsync(
                    InetAddress.ofLiteral("198.18.7.3"),
                    PingOptions.builder()
                            .count(5)
                            .interval(Duration.ofMillis(100))
                            .timeout(Duration.ofMillis(50))
                            .build());
            // real time: the loop's thread is what an Error ends
            Thread.sleep(1000);
            assertThat(neighbourFailures.get())
                    .as("the neighbour prober stopped")
                    .isZero();
            assertThat(neighbourReplies.get()).isGreaterThanOrEqualTo(5);
            assertThat(ping.get(10, TimeUnit.SECONDS).packetsReceived()).isEqualTo(5);
        }
    }
}
