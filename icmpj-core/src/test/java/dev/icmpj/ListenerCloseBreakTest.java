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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pinger closed from inside its listeners, on its loops' own threads. */
class ListenerCloseBreakTest {

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void close_fromListenersOfTwoLoopsAtOnce_returnsOnBoth() throws Exception {
        InetAddress v4 = InetAddress.ofLiteral("198.18.7.1");
        InetAddress v6 = InetAddress.ofLiteral("fd00::7:1");
        try (FakeNetwork network = new FakeNetwork(request -> List.of(Delivery.echo(1)))) {
            Pinger pinger = Pinger.create(
                    new ProbeEngine(network, Ticker.SYSTEM, new ThreadLoopDriver(Ticker.SYSTEM), 8 << 20));
            // the first replies of the IPv4 and the IPv6 loop come at the same moment, and each listener closes
            CyclicBarrier sameMoment = new CyclicBarrier(2);
            CompletableFuture<Void> closedOnV4 = new CompletableFuture<>();
            CompletableFuture<Void> closedOnV6 = new CompletableFuture<>();
            PingListener closer = new PingListener() {
                @Override
                public void onReply(InetAddress address, Reply reply) {
                    CompletableFuture<Void> mine = address.equals(v4) ? closedOnV4 : closedOnV6;
                    if (mine.isDone()) {
                        return;
                    }
                    try {
                        sameMoment.await(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        mine.completeExceptionally(e);
                        return;
                    }
                    pinger.close();
                    mine.complete(null);
                }
            };
            PingOptions options = PingOptions.builder()
                    .count(3)
                    .interval(Duration.ofMillis(100))
                    .timeout(Duration.ofMillis(50))
                    .build();
            CompletableFuture<Host> pingV4 = pinger.pingAsync(v4.getHostAddress(), options, closer);
            CompletableFuture<Host> pingV6 = pinger.pingAsync(v6.getHostAddress(), options, closer);
            // each close returns, and fails the pings it cut short
            closedOnV4.get(10, TimeUnit.SECONDS);
            closedOnV6.get(10, TimeUnit.SECONDS);
            assertThat(pingV4).failsWithin(Duration.ofSeconds(10));
            assertThat(pingV6).failsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void proberClose_fromListenersOfTwoLoopsAtOnce_returnsOnBoth() throws Exception {
        InetAddress v4 = InetAddress.ofLiteral("198.18.7.1");
        InetAddress v6 = InetAddress.ofLiteral("fd00::7:1");
        try (FakeNetwork network = new FakeNetwork(request -> List.of(Delivery.echo(1)));
                Pinger pinger = Pinger.create(
                        new ProbeEngine(network, Ticker.SYSTEM, new ThreadLoopDriver(Ticker.SYSTEM), 8 << 20))) {
            CyclicBarrier sameMoment = new CyclicBarrier(2);
            CompletableFuture<Void> closedOnV4 = new CompletableFuture<>();
            CompletableFuture<Void> closedOnV6 = new CompletableFuture<>();
            CompletableFuture<Prober> started = new CompletableFuture<>();
            ProberListener closer = new ProberListener() {
                @Override
                public void onReply(int target, Reply reply) {
                    CompletableFuture<Void> mine = target == 4 ? closedOnV4 : closedOnV6;
                    if (mine.isDone()) {
                        return;
                    }
                    try {
                        sameMoment.await(5, TimeUnit.SECONDS);
                        started.get().close();
                    } catch (Exception e) {
                        mine.completeExceptionally(e);
                        return;
                    }
                    mine.complete(null);
                }
            };
            Prober prober = pinger.prober(
                    PingOptions.builder()
                            .count(1)
                            .interval(Duration.ofMillis(20))
                            .timeout(Duration.ofMillis(10))
                            .build(),
                    closer);
            started.complete(prober);
            prober.add(4, v4);
            prober.add(6, v6);
            closedOnV4.get(10, TimeUnit.SECONDS);
            closedOnV6.get(10, TimeUnit.SECONDS);
            assertThat(prober.size()).isZero();
        }
    }
}
