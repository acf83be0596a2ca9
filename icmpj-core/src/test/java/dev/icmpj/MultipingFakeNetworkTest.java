package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeIcmpSocket;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.SentProbe;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketUnavailableException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep policy on a scripted network in virtual time: every count, time and rate is exact. */
class MultipingFakeNetworkTest {

    private static final Duration UNTIL_DONE = Duration.ofSeconds(60);

    private final FakeClock clock = new FakeClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FakeNetwork network(Function<IcmpRequest, List<Delivery>> script) {
        FakeNetwork network = new FakeNetwork(clock, script);
        toClose.add(network);
        return network;
    }

    private Pinger pinger(FakeNetwork network, long windowBytes) {
        Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, windowBytes));
        toClose.addFirst(pinger);
        return pinger;
    }

    private Pinger pinger(FakeNetwork network) {
        return pinger(network, 8L << 20);
    }

    /** 198.18.0.1 and fd00::1 answer after 2 ms, 198.18.0.3 is unreachable, everything else is silent. */
    private static List<Delivery> lab(IcmpRequest request) {
        return switch (request.destination().getHostAddress()) {
            case "198.18.0.1", "fd00:0:0:0:0:0:0:1", "127.0.0.1" -> List.of(Delivery.echo(2));
            case "198.18.0.3" -> List.of(Delivery.unreachable(1, 1));
            default -> List.of();
        };
    }

    private MultipingResult sweep(Pinger pinger, Targets targets, MultipingOptions options, MultipingListener listener)
            throws Exception {
        CompletableFuture<MultipingResult> future = pinger.multipingAsync(targets, options, listener);
        // host names resolve on other threads (from scripts/test-hosts): the sweep begins when they have, by
        // starting its loop
        while (clock.loopsStarted() == 0 && !future.isDone()) {
            Thread.onSpinWait();
        }
        clock.advance(UNTIL_DONE);
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void multiping_mixedTargets_eachReportedRightInInputOrder() throws Exception {
        FakeNetwork network = network(MultipingFakeNetworkTest::lab);
        Targets targets = Targets.of(
                "198.18.0.1",
                "198.18.0.2",
                "no-such-host.invalid",
                "198.18.0.3",
                "fd00::1",
                "icmpj-test-v4",
                "198.18.0.1");
        List<String> completed = new CopyOnWriteArrayList<>();
        Map<Integer, String> failed = new ConcurrentHashMap<>();
        MultipingListener listener = new MultipingListener() {
            @Override
            public void onComplete(int index, Host host) {
                completed.add(index + " " + host.packetsReceived());
            }

            @Override
            public void onFailed(int index, String target, IcmpLibException cause) {
                failed.put(index, target);
            }
        };

        MultipingResult result = sweep(
                pinger(network),
                targets,
                MultipingOptions.builder()
                        .count(2)
                        .interval(Duration.ofMillis(10))
                        .timeout(Duration.ofMillis(100))
                        .build(),
                listener);

        assertThat(result).hasSize(7);
        assertThat(result).extracting(Host::packetsSent).containsExactly(2, 2, 0, 2, 2, 2, 2);
        assertThat(result).extracting(Host::packetsReceived).containsExactly(2, 0, 0, 0, 2, 2, 2);
        assertThat(result).extracting(Host::errors).containsExactly(0, 0, 0, 2, 0, 0, 0);
        assertThat(result.get(0).rtts()).containsExactly(2.0, 2.0);
        assertThat(result.get(4).address()).isEqualTo(InetAddress.ofLiteral("fd00::1"));
        assertThat(result.get(5).address()).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
        assertThat(result.target(5)).isEqualTo("icmpj-test-v4");
        assertThat(result.failure(2)).get().isInstanceOf(NameLookupException.class);
        assertThat(result.failure(0)).isEmpty();
        assertThat(result.alive()).isEqualTo(4);
        assertThat(failed).containsExactly(Map.entry(2, "no-such-host.invalid"));
        assertThat(completed).hasSize(6).contains("6 2", "1 0", "3 0");
        assertThat(network.opened())
                .extracting(FakeIcmpSocket::family)
                .containsExactlyInAnyOrder(Family.IPV4, Family.IPV6);
        // the target listed twice was pinged twice
        assertThat(network.socket(Family.IPV4).sent())
                .filteredOn(s -> s.request().destination().equals(InetAddress.ofLiteral("198.18.0.1")))
                .hasSize(4);
    }

    @Test
    void multiping_requestThatCannotLeave_toldAsASendFailureNotALossAndTheNextRequestGoes() throws Exception {
        IcmpSocketException unreachable = new IcmpSocketException("sendto failed: Network is unreachable", 101);
        AtomicInteger toTheSecond = new AtomicInteger();
        // the first request to 198.18.0.2 cannot leave
        FakeNetwork network = network(request ->
                request.destination().getHostAddress().equals("198.18.0.2") && toTheSecond.getAndIncrement() == 0
                        ? List.of(Delivery.sendFails(unreachable))
                        : List.of(Delivery.echo(2)));
        List<String> events = new CopyOnWriteArrayList<>();
        MultipingListener listener = new MultipingListener() {
            @Override
            public void onReply(int index, int request, InetAddress address, Reply reply) {
                events.add(index + " reply " + request);
            }

            @Override
            public void onLoss(int index, int request, InetAddress address, int sequence) {
                events.add(index + " loss " + request);
            }

            @Override
            public void onSendFailed(int index, int request, InetAddress address, IcmpSocketException cause) {
                events.add(index + " send failed " + request + " " + address.getHostAddress() + " errno "
                        + cause.errno().orElseThrow());
            }
        };

        MultipingResult result = sweep(
                pinger(network),
                Targets.of("198.18.0.1", "198.18.0.2"),
                MultipingOptions.builder()
                        .count(2)
                        .interval(Duration.ofMillis(10))
                        .timeout(Duration.ofMillis(100))
                        .build(),
                listener);

        assertThat(toTheSecond).hasValue(2);
        assertThat(events)
                .containsExactlyInAnyOrder(
                        "0 reply 0", "0 reply 1", "1 send failed 0 198.18.0.2 errno 101", "1 reply 1");
        assertThat(result).extracting(Host::packetsSent).containsExactly(2, 2);
        assertThat(result).extracting(Host::packetsReceived).containsExactly(2, 1);
    }

    @Test
    void multiping_countAndInterval_eachTargetsRequestsOneIntervalApart() throws Exception {
        FakeNetwork network = network(MultipingFakeNetworkTest::lab);
        sweep(
                pinger(network),
                Targets.of("198.18.0.1", "198.18.0.2"),
                MultipingOptions.builder()
                        .count(3)
                        .interval(Duration.ofMillis(100))
                        .timeout(Duration.ofMillis(50))
                        .build(),
                MultipingListener.NONE);

        List<SentProbe> sent = network.socket(Family.IPV4).sent();
        long first = sent.getFirst().sentAtMonotonicNanos();
        assertThat(sent)
                .extracting(s -> s.request().destination().getHostAddress() + " at "
                        + (s.sentAtMonotonicNanos() - first) / 1_000_000)
                .containsExactly(
                        "198.18.0.1 at 0",
                        "198.18.0.2 at 0",
                        "198.18.0.1 at 100",
                        "198.18.0.2 at 100",
                        "198.18.0.1 at 200",
                        "198.18.0.2 at 200");
    }

    @Test
    void multiping_rate_heldExactlyAfterTheBurst() throws Exception {
        FakeNetwork network = network(MultipingFakeNetworkTest::lab);
        sweep(
                pinger(network),
                Targets.cidr("198.18.1.0/26"),
                MultipingOptions.builder().rate(1000).build(),
                MultipingListener.NONE);

        List<SentProbe> sent = network.socket(Family.IPV4).sent();
        assertThat(sent).hasSize(62);
        long first = sent.getFirst().sentAtMonotonicNanos();
        // a burst of 10 (10 ms at 1000/s), then one request per millisecond
        for (int k = 10; k < sent.size(); k++) {
            assertThat(sent.get(k).sentAtMonotonicNanos() - first)
                    .as("request %d", k)
                    .isEqualTo((k - 9) * 1_000_000L);
        }
    }

    @Test
    void multiping_concurrency_atMostThatManyTargetsInProgress() throws Exception {
        FakeNetwork network = network(request -> List.of(Delivery.echo(5)));
        MultipingResult result = sweep(
                pinger(network),
                Targets.cidr("198.18.2.0/29"),
                MultipingOptions.builder()
                        .count(2)
                        .interval(Duration.ofMillis(10))
                        .concurrency(2)
                        .build(),
                MultipingListener.NONE);

        assertThat(result).allMatch(h -> h.packetsReceived() == 2);
        List<SentProbe> sent = network.socket(Family.IPV4).sent();
        long first = sent.getFirst().sentAtMonotonicNanos();
        // a target is complete when its second reply arrives, 15 ms after its start: then the next one starts
        assertThat(sent)
                .extracting(s -> (s.sentAtMonotonicNanos() - first) / 1_000_000)
                .containsExactly(0L, 0L, 10L, 10L, 15L, 15L, 25L, 25L, 30L, 30L, 40L, 40L);
    }

    @Test
    void multiping_70000SilentTargets_allInFlightAtOnceThenAllLost() throws Exception {
        FakeNetwork network = network(request -> List.of());
        Pinger pinger = pinger(network, 1L << 40);
        Targets targets = Targets.range("198.18.0.1", "198.19.17.112");
        assertThat(targets.size()).isEqualTo(70_000);

        CompletableFuture<MultipingResult> future = pinger.multipingAsync(
                targets,
                MultipingOptions.builder().timeout(Duration.ofSeconds(10)).build(),
                MultipingListener.NONE);
        clock.advance(Duration.ofMillis(1));

        // a sweep this large runs on a loop per core, each with its own socket
        assertThat(network.opened().stream()
                        .mapToInt(socket -> socket.sent().size())
                        .sum())
                .isEqualTo(70_000);
        assertThat(future).isNotDone();
        clock.advance(Duration.ofSeconds(10));
        MultipingResult result = future.get(30, TimeUnit.SECONDS);
        assertThat(result.peakInFlight()).isEqualTo(70_000);
        assertThat(result.alive()).isZero();
        assertThat(result).allMatch(h -> h.packetsSent() == 1 && h.packetLoss() == 1.0);
    }

    @Test
    void multiping_windowOfThreeReplies_neverMoreThanThreeInFlight() throws Exception {
        List<Long> inFlightAtSend = new CopyOnWriteArrayList<>();
        List<Long> answered = new CopyOnWriteArrayList<>();
        FakeNetwork network = network(request -> {
            inFlightAtSend.add((long) answered.size());
            return List.of(Delivery.echo(1));
        });
        MultipingListener counter = new MultipingListener() {
            @Override
            public void onReply(int index, int request, InetAddress address, Reply reply) {
                answered.add(1L);
            }
        };
        Pinger pinger = pinger(network, 3 * dev.icmpj.internal.engine.ReceiveBudget.costOf(56, false));

        MultipingResult result = sweep(pinger, Targets.cidr("198.18.3.0/27"), MultipingOptions.defaults(), counter);

        assertThat(result.alive()).isEqualTo(30);
        for (int k = 0; k < inFlightAtSend.size(); k++) {
            assertThat(k - inFlightAtSend.get(k))
                    .as("requests in flight at send %d", k)
                    .isLessThan(3);
        }
    }

    @Test
    void multipingAsync_cancelled_stopsSending() throws Exception {
        FakeNetwork network = network(request -> List.of());
        Pinger pinger = pinger(network);
        CompletableFuture<MultipingResult> future = pinger.multipingAsync(
                Targets.cidr("198.18.4.0/24"),
                MultipingOptions.builder().rate(100).build(),
                MultipingListener.NONE);
        clock.advance(Duration.ofMillis(100));
        int sent = network.socket(Family.IPV4).sent().size();
        future.cancel(false);
        clock.advance(Duration.ofSeconds(5));

        // one at once, then one per 10 ms, up to and including 100 ms
        assertThat(sent).isEqualTo(11);
        assertThat(network.socket(Family.IPV4).sent()).hasSize(sent);
        assertThat(pinger.engine().activeOperations()).isZero();
    }

    @Test
    void multiping_onTwoLoopsClosedUnderIt_failsWithTheCauseNotACancellation() throws Exception {
        // one loop's failure stopped the other by cancelling it, and the cancelled one completed the sweep
        // first: isCancelled() was true and multiping threw CancellationException
        Targets targets = Targets.cidr("198.18.16.0/18");
        MultipingOptions options =
                MultipingOptions.builder().timeout(Duration.ofSeconds(5)).build();
        assumeTrue(Pinger.loopsFor(targets, options) >= 2, "a sweep on two loops needs two cores");
        FakeNetwork network = network(request -> List.of());
        Pinger pinger = pinger(network, 1L << 40);
        CompletableFuture<MultipingResult> future = pinger.multipingAsync(targets, options, MultipingListener.NONE);
        clock.advance(Duration.ofMillis(1));

        pinger.close();

        assertThat(future.isCancelled()).isFalse();
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SocketUnavailableException.class)
                .hasMessage("the Pinger is closed");
        assertThatThrownBy(() -> pinger.multiping(targets, options, MultipingListener.NONE))
                .isInstanceOf(SocketUnavailableException.class);
    }

    @Test
    void multiping_replyWithABadChecksum_targetNotAlive() throws Exception {
        FakeNetwork network = network(request -> List.of());
        Pinger pinger = pinger(network);
        CompletableFuture<MultipingResult> future = pinger.multipingAsync(
                Targets.of("198.18.0.1", "198.18.0.2"),
                MultipingOptions.builder().timeout(Duration.ofMillis(100)).build(),
                MultipingListener.NONE);
        clock.settle();
        FakeIcmpSocket socket = network.socket(Family.IPV4);
        for (SentProbe sent : socket.sent()) {
            byte[] payload = sent.request().payload();
            IcmpReply reply = new IcmpReply(
                    sent.request().destination(),
                    sent.request().destination(),
                    sent.identifier(),
                    sent.sequence(),
                    8 + payload.length,
                    64,
                    payload,
                    new EchoReply(IcmpVersion.V4, sent.identifier(), sent.sequence(), payload),
                    0,
                    clock.read());
            if (sent.request().destination().equals(InetAddress.ofLiteral("198.18.0.1"))) {
                socket.injectCorrupt(reply);
            } else {
                socket.inject(reply);
            }
        }
        clock.advance(UNTIL_DONE);

        MultipingResult result = future.get(30, TimeUnit.SECONDS);
        assertThat(result).extracting(Host::isAlive).containsExactly(false, true);
    }

    @Test
    void multiping_noTargets_emptyResult() throws Exception {
        assertThat(sweep(
                        pinger(network(request -> List.of())),
                        Targets.empty(),
                        MultipingOptions.defaults(),
                        MultipingListener.NONE))
                .isEmpty();
    }
}
