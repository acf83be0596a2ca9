package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.engine.ReceiveBudget;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A pinger with a receive window, in virtual time ({@link FakeClock}) of a few replies: sends wait for room and nothing is left waiting. */
class PingerWindowTest {

    private final FakeClock clock = new FakeClock();

    private Pinger pinger(FakeNetwork network, long windowBytes) {
        return Pinger.create(new ProbeEngine(network, clock, clock, windowBytes));
    }

    private static final long THREE_REPLIES = 3 * ReceiveBudget.costOf(56, true);
    private static final PingOptions FOUR_AT_ONCE = PingOptions.builder()
            .count(4)
            .interval(Duration.ZERO)
            .timeout(Duration.ofSeconds(2))
            .build();

    private static InetAddress target(int i) {
        return InetAddress.ofLiteral("198.18.5." + i);
    }

    @Test
    void start_50PingsThroughAThreeReplyWindow_allAnsweredWithAtMostThreeInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        FakeNetwork network = new FakeNetwork(clock, request -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return List.of(FakeNetwork.Delivery.echo(2));
        });
        PingListener countDown = new PingListener() {
            @Override
            public void onReply(InetAddress address, Reply reply) {
                inFlight.decrementAndGet();
            }
        };
        try (network;
                Pinger pinger = pinger(network, THREE_REPLIES)) {
            List<CompletableFuture<Host>> futures = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                futures.add(pinger.pingAsync(target(i).getHostAddress(), FOUR_AT_ONCE, countDown));
            }
            clock.advance(Duration.ofSeconds(30));
            for (CompletableFuture<Host> future : futures) {
                assertThat(future.get(20, TimeUnit.SECONDS).packetsReceived()).isEqualTo(4);
            }
            ProbeLoop loop = onlyLoop(pinger);
            assertThat(loop.operations()).isZero();
            assertThat(loop.probesHeld()).isZero();
            assertThat(loop.lane(false).usedBytes()).isZero();
            assertThat(loop.lane(false).waiting()).isZero();
        }
        // the room is given back just before onReply runs: one more send may slip in between
        assertThat(maxInFlight.get()).isBetween(1, 4);
    }

    @Test
    void start_deadHostsThroughATwoReplyWindow_allExpireAndComplete() throws Exception {
        FakeNetwork network = new FakeNetwork(clock, request -> List.of());
        PingOptions options =
                FOUR_AT_ONCE.toBuilder().count(2).timeout(Duration.ofMillis(30)).build();
        try (network;
                Pinger pinger = pinger(network, 2 * ReceiveBudget.costOf(56, true))) {
            List<CompletableFuture<Host>> futures = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                futures.add(pinger.pingAsync(target(i), options));
            }
            clock.advance(Duration.ofSeconds(30));
            for (CompletableFuture<Host> future : futures) {
                Host host = future.get(20, TimeUnit.SECONDS);
                assertThat(host.packetsSent()).isEqualTo(2);
                assertThat(host.packetLoss()).isEqualTo(1.0);
            }
        }
    }

    @Test
    void start_waitingPingsCancelled_othersStillComplete() throws Exception {
        FakeNetwork network = new FakeNetwork(clock, request -> List.of(FakeNetwork.Delivery.echo(5)));
        try (network;
                Pinger pinger = pinger(network, 1)) {
            List<CompletableFuture<Host>> futures = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                futures.add(pinger.pingAsync(target(i), FOUR_AT_ONCE));
            }
            for (int i = 0; i < 20; i += 2) {
                futures.get(i).cancel(false);
            }
            clock.advance(Duration.ofSeconds(30));
            for (int i = 1; i < 20; i += 2) {
                assertThat(futures.get(i).get(20, TimeUnit.SECONDS).packetsReceived())
                        .isEqualTo(4);
            }
            assertThat(onlyLoop(pinger).lane(false).usedBytes()).isZero();
            assertThat(onlyLoop(pinger).probesHeld()).isZero();
        }
    }

    private static ProbeLoop onlyLoop(Pinger pinger) {
        assertThat(pinger.engine().sharedLoops()).hasSize(1);
        return pinger.engine().sharedLoops().getFirst();
    }
}
