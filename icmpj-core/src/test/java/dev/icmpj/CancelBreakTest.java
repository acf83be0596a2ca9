package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.ProbeEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Futures cancelled while their operation waits for its next send: nothing more is sent. */
@Timeout(30)
class CancelBreakTest {

    private final FakeClock clock = new FakeClock();

    private static final PingOptions SLOW = PingOptions.builder()
            .count(100)
            .interval(Duration.ofSeconds(1))
            .timeout(Duration.ofMillis(500))
            .build();

    private static int sends(FakeNetwork network) {
        return network.opened().stream().mapToInt(s -> s.sent().size()).sum();
    }

    @Test
    void pingAndMultipingAndTraceroute_cancelledAfterTheirFirstSends_sendNoMore() throws Exception {
        try (FakeNetwork network = new FakeNetwork(clock, request -> List.of());
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            CompletableFuture<Host> ping = pinger.pingAsync("198.18.7.1", SLOW);
            CompletableFuture<MultipingResult> sweep = pinger.multipingAsync(
                    Targets.of("198.18.7.2", "198.18.7.3"),
                    MultipingOptions.builder().pingOptions(SLOW).build(),
                    MultipingListener.NONE);
            CompletableFuture<List<Hop>> trace = pinger.tracerouteAsync(
                    "198.18.7.4",
                    TracerouteOptions.builder()
                            .count(3)
                            .interval(Duration.ofSeconds(1))
                            .timeout(Duration.ofSeconds(1))
                            .build());
            while (clock.loopsStarted() == 0) {
                Thread.onSpinWait();
            }
            // the sweep and the trace begin once their literals are parsed on other threads
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sends(network) < 4 && System.nanoTime() < deadline) {
                clock.settle();
                Thread.sleep(1);
            }
            int before = sends(network);
            assertThat(before).isGreaterThanOrEqualTo(4);
            ping.cancel(true);
            sweep.cancel(true);
            trace.cancel(true);
            clock.advance(Duration.ofSeconds(10));
            assertThat(sends(network)).as("sends after the cancels").isEqualTo(before);
        }
    }

    @Test
    void pingerClosedUnderATraceAMultipingAndAPing_eachFailsWithSocketUnavailable() throws Exception {
        FakeNetwork network = new FakeNetwork(request -> List.of());
        Pinger pinger = Pinger.create(new ProbeEngine(
                network,
                dev.icmpj.internal.engine.Ticker.SYSTEM,
                new dev.icmpj.internal.engine.ThreadLoopDriver(dev.icmpj.internal.engine.Ticker.SYSTEM),
                8 << 20));
        try (network) {
            CompletableFuture<Host> ping = pinger.pingAsync("198.18.7.1", SLOW);
            CompletableFuture<MultipingResult> sweep = pinger.multipingAsync(
                    Targets.of("198.18.7.2", "fd00::7:2", "icmpj-test-v4"),
                    MultipingOptions.builder().pingOptions(SLOW).build(),
                    MultipingListener.NONE);
            CompletableFuture<List<Hop>> trace = pinger.tracerouteAsync(
                    "198.18.7.4",
                    TracerouteOptions.builder()
                            .interval(Duration.ofMillis(100))
                            .timeout(Duration.ofSeconds(1))
                            .build());
            Thread.sleep(300);
            pinger.close();
            for (CompletableFuture<?> f : List.of(ping, sweep, trace)) {
                assertThat(f)
                        .failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(dev.icmpj.socket.SocketUnavailableException.class);
            }
        }
    }

    @Test
    void blockingPingMultipingAndTraceroute_callerInterrupted_throwAndStopSending() throws Exception {
        try (FakeNetwork network = new FakeNetwork(request -> List.of());
                Pinger pinger = Pinger.create(new ProbeEngine(
                        network,
                        dev.icmpj.internal.engine.Ticker.SYSTEM,
                        new dev.icmpj.internal.engine.ThreadLoopDriver(dev.icmpj.internal.engine.Ticker.SYSTEM),
                        8 << 20))) {
            PingOptions fast = PingOptions.builder()
                    .count(1000)
                    .interval(Duration.ofMillis(10))
                    .timeout(Duration.ofMillis(5))
                    .build();
            List<java.util.concurrent.Callable<?>> calls = List.of(
                    () -> pinger.ping("198.18.7.1", fast),
                    () -> pinger.multiping(
                            Targets.of("198.18.7.2", "198.18.7.3"),
                            MultipingOptions.builder().pingOptions(fast).build(),
                            MultipingListener.NONE),
                    () -> pinger.traceroute(
                            "198.18.7.4",
                            TracerouteOptions.builder()
                                    .count(3)
                                    .interval(Duration.ofMillis(50))
                                    .timeout(Duration.ofSeconds(2))
                                    .build()));
            for (java.util.concurrent.Callable<?> call : calls) {
                CompletableFuture<Throwable> thrown = new CompletableFuture<>();
                Thread caller = Thread.ofPlatform().start(() -> {
                    try {
                        call.call();
                        thrown.complete(null);
                    } catch (Throwable t) {
                        thrown.complete(t);
                    }
                });
                Thread.sleep(200);
                caller.interrupt();
                Throwable t = thrown.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(t)
                        .isInstanceOf(dev.icmpj.socket.IcmpLibException.class)
                        .hasMessageContaining("interrupted");
                // the operation stopped: nothing more leaves
                Thread.sleep(100);
                int before = sends(network);
                Thread.sleep(300);
                assertThat(sends(network)).as("sends after the interrupt").isEqualTo(before);
            }
        }
    }
}
