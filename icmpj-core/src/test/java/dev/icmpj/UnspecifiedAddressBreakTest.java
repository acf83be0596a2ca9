package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.socket.IcmpRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The unspecified address, 0.0.0.0 or ::, which Linux delivers to the host itself and answers from a local
 * address ({@code ping 0.0.0.0} answers from 127.0.0.1): every operation takes that answer, as a ping does.
 */
@Timeout(30)
class UnspecifiedAddressBreakTest {

    private final FakeClock clock = new FakeClock();

    /** The kernel's answer to the unspecified address: from loopback, 1 ms later. */
    private static List<Delivery> kernel(IcmpRequest request) {
        if (request.destination().isAnyLocalAddress()) {
            InetAddress from =
                    InetAddress.ofLiteral(request.destination().getAddress().length == 4 ? "127.0.0.1" : "::1");
            return List.of(Delivery.echoFrom(1, from));
        }
        return List.of();
    }

    private static final PingOptions TWO = PingOptions.builder()
            .count(2)
            .interval(Duration.ofMillis(100))
            .timeout(Duration.ofMillis(50))
            .build();

    private <T> T await(CompletableFuture<T> future) throws Exception {
        while (clock.loopsStarted() == 0 && !future.isDone()) {
            Thread.onSpinWait();
        }
        clock.advance(Duration.ofSeconds(5));
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void ping_unspecifiedAddress_answeredFromLoopback() throws Exception {
        try (FakeNetwork network = new FakeNetwork(clock, UnspecifiedAddressBreakTest::kernel);
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            Host host = await(pinger.pingAsync("0.0.0.0", TWO));
            assertThat(host.packetsReceived()).isEqualTo(2);
        }
    }

    @Test
    void multiping_unspecifiedAddresses_answeredFromLoopback() throws Exception {
        try (FakeNetwork network = new FakeNetwork(clock, UnspecifiedAddressBreakTest::kernel);
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            MultipingResult result = await(pinger.multipingAsync(
                    Targets.of("0.0.0.0", "::"),
                    MultipingOptions.builder().pingOptions(TWO).build(),
                    MultipingListener.NONE));
            assertThat(result).extracting(Host::packetsReceived).containsExactly(2, 2);
        }
    }

    @Test
    void prober_unspecifiedAddress_answeredFromLoopback() throws Exception {
        try (FakeNetwork network = new FakeNetwork(clock, UnspecifiedAddressBreakTest::kernel);
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            AtomicInteger replies = new AtomicInteger();
            AtomicInteger losses = new AtomicInteger();
            Prober prober = pinger.prober(
                    PingOptions.builder()
                            .count(1)
                            .interval(Duration.ofMillis(100))
                            .timeout(Duration.ofMillis(50))
                            .build(),
                    new ProberListener() {
                        @Override
                        public void onReply(int target, Reply reply) {
                            replies.incrementAndGet();
                        }

                        @Override
                        public void onLoss(int target, int sequence) {
                            losses.incrementAndGet();
                        }
                    });
            prober.add(0, InetAddress.ofLiteral("0.0.0.0"));
            clock.advance(Duration.ofSeconds(1));
            prober.close();
            assertThat(losses.get()).isZero();
            assertThat(replies.get()).isBetween(9, 11);
        }
    }

    @Test
    void traceroute_unspecifiedAddress_reachedInOneHop() throws Exception {
        try (FakeNetwork network = new FakeNetwork(clock, UnspecifiedAddressBreakTest::kernel);
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            List<Hop> hops = await(pinger.tracerouteAsync(
                    "0.0.0.0",
                    TracerouteOptions.builder()
                            .maxHops(5)
                            .timeout(Duration.ofMillis(50))
                            .build()));
            assertThat(hops).hasSize(1);
            assertThat(hops.getFirst().isAlive()).isTrue();
            assertThat(hops.getFirst().address()).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
        }
    }
}
