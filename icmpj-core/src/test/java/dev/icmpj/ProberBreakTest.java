package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ThreadLoopDriver;
import dev.icmpj.internal.engine.Ticker;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A prober under abuse: races between callers, and options at the ends of their ranges. */
class ProberBreakTest {

    private static final InetAddress A = InetAddress.ofLiteral("198.18.7.1");
    private static final InetAddress B = InetAddress.ofLiteral("198.18.7.2");

    /** Counts the sends per target: a target still probed shows here. */
    private static final class SentCounts implements ProberListener {
        final Map<Integer, AtomicInteger> sent = new ConcurrentHashMap<>();
        final AtomicInteger sendFailed = new AtomicInteger();

        @Override
        public void onSent(int target, int sequence, long lagNanos) {
            sent.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void onSendFailed(int target, IcmpSocketException cause) {
            sendFailed.incrementAndGet();
        }
    }

    private static Pinger realTimePinger(FakeNetwork network) {
        return Pinger.create(new ProbeEngine(network, Ticker.SYSTEM, new ThreadLoopDriver(Ticker.SYSTEM), 8 << 20));
    }

    @Test
    void prober_burstLargerThanAThousand_refusedAndAThousandAccepted() throws Exception {
        FakeClock clock = new FakeClock();
        try (FakeNetwork network = new FakeNetwork(clock, r -> List.of(Delivery.echo(1)));
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            PingOptions.Builder options =
                    PingOptions.builder().interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(500));
            // a burst is sent in one turn of a loop other work shares: Integer.MAX_VALUE held it for good
            for (int count : new int[] {1001, Integer.MAX_VALUE}) {
                assertThatThrownBy(() -> pinger.prober(options.count(count).build(), new SentCounts()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("count is " + count + "; a prober's burst is at most 1000 requests per interval");
            }
            SentCounts counts = new SentCounts();
            Prober prober = pinger.prober(options.count(1000).build(), counts);
            prober.add(0, A);
            clock.advance(Duration.ofMillis(1500));
            prober.close();
            // whole bursts: the first in the first second, the next a second later
            assertThat(counts.sent.get(0).get()).isIn(1000, 2000);
        }
    }

    @Test
    @Timeout(120)
    void prober_removeAndAddOfOneNumberFromTwoThreads_leaveNoTargetBehind() throws Exception {
        try (FakeNetwork network = new FakeNetwork(r -> List.of(Delivery.echo(1)));
                Pinger pinger = realTimePinger(network)) {
            SentCounts counts = new SentCounts();
            Prober prober = pinger.prober(
                    PingOptions.builder()
                            .count(1)
                            .interval(Duration.ofMillis(5))
                            .timeout(Duration.ofMillis(3))
                            .build(),
                    counts);
            for (int i = 0; i < 2000; i++) {
                prober.add(5, A);
                CyclicBarrier together = new CyclicBarrier(2);
                Thread adder = Thread.ofPlatform().start(() -> {
                    try {
                        together.await();
                        // the number is free once remove() took it: add it again, with another address
                        for (int tries = 0; tries < 1000; tries++) {
                            try {
                                prober.add(5, B);
                                return;
                            } catch (IllegalArgumentException inUse) {
                                Thread.onSpinWait();
                            }
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                together.await();
                prober.remove(5);
                adder.join();
                prober.remove(5);
                assertThat(prober.size()).isZero();
            }
            // every number removed: once the loop saw the removals, nothing is sent any more
            Thread.sleep(50);
            counts.sent.clear();
            Thread.sleep(200);
            assertThat(counts.sent).as("sends after every target was removed").isEmpty();
        }
    }

    @Test
    @Timeout(120)
    void prober_addRacingClose_countsNoTargetAfterTheClose() throws Exception {
        try (FakeNetwork network = new FakeNetwork(r -> List.of(Delivery.echo(1)));
                Pinger pinger = realTimePinger(network)) {
            PingOptions options = PingOptions.builder()
                    .count(1)
                    .interval(Duration.ofMillis(50))
                    .timeout(Duration.ofMillis(20))
                    .build();
            for (int round = 0; round < 300; round++) {
                Prober prober = pinger.prober(options, new SentCounts());
                prober.add(-1, A);
                CyclicBarrier together = new CyclicBarrier(2);
                AtomicInteger added = new AtomicInteger();
                Thread adder = Thread.ofPlatform().start(() -> {
                    try {
                        together.await();
                        for (int target = 0; target < 100_000; target++) {
                            prober.add(target, A);
                            added.incrementAndGet();
                        }
                    } catch (IllegalStateException closed) {
                        assertThat(closed).hasMessageContaining("closed");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                together.await();
                prober.close();
                adder.join();
                assertThat(prober.size())
                        .as("round %d, %d added", round, added.get())
                        .isZero();
                assertThatThrownBy(() -> prober.add(-2, A)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    @Timeout(30)
    void prober_numberReusedForAnotherAddress_oldAddressRepliesNeverCountForIt() throws Exception {
        FakeClock clock = new FakeClock();
        InetAddress slow = InetAddress.ofLiteral("198.18.7.3");
        InetAddress silent = InetAddress.ofLiteral("198.18.7.4");
        // the slow address answers each request 3 times, at 30, 40 and 80 ms; the silent one never
        try (FakeNetwork network = new FakeNetwork(
                        clock,
                        r -> r.destination().equals(slow)
                                ? List.of(Delivery.echo(30), Delivery.echo(40), Delivery.echo(80))
                                : List.of());
                Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20))) {
            Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
            ProberListener listener = new ProberListener() {
                private void count(int target, String what) {
                    calls.computeIfAbsent(target + " " + what, k -> new AtomicInteger())
                            .incrementAndGet();
                }

                @Override
                public void onReply(int target, Reply reply) {
                    count(target, "reply " + reply.source().getHostAddress());
                }

                @Override
                public void onDuplicate(int target, Reply reply) {
                    count(target, "duplicate " + reply.source().getHostAddress());
                }

                @Override
                public void onLate(int target, Reply reply) {
                    count(target, "late " + reply.source().getHostAddress());
                }

                @Override
                public void onLoss(int target, int sequence) {
                    count(target, "loss");
                }
            };
            Prober prober = pinger.prober(
                    PingOptions.builder()
                            .count(3)
                            .interval(Duration.ofMillis(1000))
                            .timeout(Duration.ofMillis(50))
                            .build(),
                    listener);
            prober.add(5, slow);
            // until the slow address's first burst has left, then 10 ms more: its replies are under way
            while (network.opened().isEmpty()
                    || network.opened().getFirst().sent().isEmpty()) {
                clock.advance(Duration.ofMillis(1));
            }
            clock.advance(Duration.ofMillis(10));
            prober.remove(5);
            prober.add(5, silent);
            clock.advance(Duration.ofSeconds(3));
            prober.close();
            assertThat(calls.keySet()).as("calls: %s", calls).allMatch(key -> key.equals("5 loss"));
            assertThat(calls.get("5 loss").get()).isBetween(6, 9);
        }
    }
}
