package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeIcmpSocket;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ReceiveBudget;
import dev.icmpj.internal.engine.SentProbe;
import dev.icmpj.internal.engine.SocketFactory;
import dev.icmpj.internal.transport.ReplyHandler;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine against a scripted network in virtual time ({@link FakeClock}): loss, duplicates, errors, late
 * replies, cadence, concurrency, close. Every time in an assertion is virtual and exact; no bound depends on
 * how busy the machine is.
 */
class PingerFakeNetworkTest {

    private static final String TARGET = "198.18.0.7";
    private static final PingOptions FAST = PingOptions.builder()
            .count(3)
            .interval(Duration.ofMillis(20))
            .timeout(Duration.ofMillis(300))
            .build();
    /** Far more than any test's pings take in virtual time. */
    private static final Duration UNTIL_DONE = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private FakeNetwork network(Function<IcmpRequest, List<Delivery>> script) {
        FakeNetwork network = new FakeNetwork(clock, script);
        toClose.add(network);
        return network;
    }

    private FakeNetwork echoAfter(long millis) {
        return network(request -> List.of(Delivery.echo(millis)));
    }

    private Pinger pinger(SocketFactory sockets) {
        Pinger pinger = Pinger.create(new ProbeEngine(sockets, clock, clock, 8 << 20));
        toClose.addFirst(pinger);
        return pinger;
    }

    /** Starts a ping, runs virtual time until it is done, and returns its result. */
    private Host ping(Pinger pinger, String target, PingOptions options, PingListener listener) throws Exception {
        CompletableFuture<Host> future = pinger.pingAsync(target, options, listener);
        clock.advance(UNTIL_DONE);
        return get(future);
    }

    private Host ping(Pinger pinger, String target, PingOptions options) throws Exception {
        return ping(pinger, target, options, PingListener.NONE);
    }

    /** The result of a ping decided in virtual time; the wait is for its completion thread only. */
    private static Host get(CompletableFuture<Host> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Records listener events as text. */
    static final class Recorder implements PingListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(InetAddress address, PingOptions options) {
            events.add("start " + address.getHostAddress());
        }

        @Override
        public void onReply(InetAddress address, Reply reply) {
            events.add("reply " + reply.sequence());
        }

        @Override
        public void onDuplicate(InetAddress address, Reply reply) {
            events.add("duplicate " + reply.sequence());
        }

        @Override
        public void onError(InetAddress address, Reply error) {
            events.add("error " + error.sequence() + " type " + error.message().type() + " code "
                    + error.message().code());
        }

        @Override
        public void onLoss(InetAddress address, int sequence) {
            events.add("loss " + sequence);
        }

        @Override
        public void onKernelDrops(InetAddress address, long drops) {
            events.add("drops " + drops);
        }

        @Override
        public void onComplete(Host host) {
            events.add("complete " + host.packetsReceived());
        }
    }

    @Test
    void ping_everyRequestAnswered_receivedAllWithRttsAndTtl() throws Exception {
        Recorder recorder = new Recorder();
        Host host = ping(pinger(echoAfter(5)), TARGET, FAST, recorder);

        assertThat(host.address()).isEqualTo(InetAddress.ofLiteral(TARGET));
        assertThat(host.packetsSent()).isEqualTo(3);
        assertThat(host.packetsReceived()).isEqualTo(3);
        assertThat(host.packetLoss()).isZero();
        assertThat(host.rtts()).containsExactly(5.0, 5.0, 5.0);
        assertThat(host.minRtt()).isEqualTo(5.0);
        assertThat(host.ttl()).isEqualTo(64);
        assertThat(host.hops()).isEqualTo(1);
        assertThat(host.isAlive()).isTrue();
        assertThat(host.duplicates()).isZero();
        assertThat(host.errors()).isZero();
        assertThat(host.replies()).extracting(Reply::sequence).containsExactly(1, 2, 3);
        assertThat(host.replies())
                .allMatch(Reply::isEchoReply)
                .extracting(Reply::bytes)
                .containsOnly(64);
        assertThat(recorder.events).containsExactly("start " + TARGET, "reply 1", "reply 2", "reply 3", "complete 3");
    }

    @Test
    void ping_everySecondRequestDropped_halfLost() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Recorder recorder = new Recorder();
        FakeNetwork network = network(r -> n.incrementAndGet() % 2 == 0 ? List.of() : List.of(Delivery.echo(1)));
        Host host = ping(
                pinger(network),
                TARGET,
                FAST.toBuilder().count(4).timeout(Duration.ofMillis(100)).build(),
                recorder);

        assertThat(host.packetsSent()).isEqualTo(4);
        assertThat(host.packetsReceived()).isEqualTo(2);
        assertThat(host.packetLoss()).isEqualTo(0.5);
        assertThat(host.rtts()).containsExactly(1.0, 1.0);
        assertThat(host.replies()).extracting(Reply::sequence).containsExactly(1, 3);
        assertThat(recorder.events)
                .containsExactly("start " + TARGET, "reply 1", "reply 3", "loss 2", "loss 4", "complete 2");
    }

    @Test
    void ping_everythingDropped_nothingMeasuredAndDecidedAtTheTimeout() throws Exception {
        Pinger pinger = pinger(network(r -> List.of()));
        CompletableFuture<Host> future = pinger.pingAsync(
                TARGET, FAST.toBuilder().timeout(Duration.ofMillis(50)).build());

        // requests at 0, 20 and 40 ms; the last one expires at 90 ms
        clock.advance(Duration.ofMillis(89));
        assertThat(future).isNotDone();
        clock.advance(Duration.ofMillis(1));
        Host host = get(future);

        assertThat(host.packetsReceived()).isZero();
        assertThat(host.packetLoss()).isEqualTo(1.0);
        assertThat(host.isAlive()).isFalse();
        assertThat(host.minRtt()).isNaN();
        assertThat(host.ttl()).isEqualTo(-1);
        assertThat(host.toMap()).containsEntry("avg_rtt", null).containsEntry("hops", null);
    }

    @Test
    void ping_duplicateAfterLastRequestDecided_notCounted() throws Exception {
        Recorder recorder = new Recorder();
        FakeNetwork network = network(r -> List.of(Delivery.echo(1), Delivery.echo(40)));
        Host host = ping(pinger(network), TARGET, FAST.toBuilder().count(1).build(), recorder);

        // like iputils, a ping ends when its last request is decided: the duplicate at 40 ms is not seen
        assertThat(host.packetsReceived()).isEqualTo(1);
        assertThat(host.duplicates()).isZero();
        assertThat(recorder.events).containsExactly("start " + TARGET, "reply 1", "complete 1");
    }

    @Test
    void ping_duplicatesBeforeLastRequestDecided_counted() throws Exception {
        Recorder recorder = new Recorder();
        // request 1: two replies; request 2 (20 ms later) answered at 50 ms, after request 1's duplicate at 5 ms
        FakeNetwork network = network(
                r -> r.sequence() == 1 ? List.of(Delivery.echo(1), Delivery.echo(5)) : List.of(Delivery.echo(30)));
        Host host = ping(pinger(network), TARGET, FAST.toBuilder().count(2).build(), recorder);

        assertThat(host.packetsReceived()).isEqualTo(2);
        assertThat(host.duplicates()).isEqualTo(1);
        assertThat(host.rtts()).containsExactly(1.0, 30.0);
        assertThat(recorder.events)
                .containsExactly("start " + TARGET, "reply 1", "duplicate 1", "reply 2", "complete 2");
    }

    @Test
    void ping_unreachableForEveryRequest_errorsCountedAndDecidedByTheErrorsNotTheTimeout() throws Exception {
        Recorder recorder = new Recorder();
        Pinger pinger = pinger(network(r -> List.of(Delivery.unreachable(1, 1))));
        CompletableFuture<Host> future = pinger.pingAsync(
                TARGET, FAST.toBuilder().timeout(Duration.ofSeconds(5)).build(), recorder);

        // the last request leaves at 40 ms and its error arrives at 41 ms, long before its 5 s timeout
        clock.advance(Duration.ofMillis(41));
        Host host = get(future);

        assertThat(host.errors()).isEqualTo(3);
        assertThat(host.packetsReceived()).isZero();
        assertThat(host.packetLoss()).isEqualTo(1.0);
        assertThat(host.isAlive()).isFalse();
        assertThat(host.replies()).hasSize(3).allMatch(Reply::isError);
        assertThat(host.replies().getFirst().description()).isNotBlank();
        assertThat(recorder.events)
                .containsExactly(
                        "start " + TARGET,
                        "error 1 type 3 code 1",
                        "error 2 type 3 code 1",
                        "error 3 type 3 code 1",
                        "complete 0");
    }

    @Test
    void ping_repliesAfterTimeout_countAsLoss() throws Exception {
        Recorder recorder = new Recorder();
        Host host = ping(
                pinger(echoAfter(120)),
                TARGET,
                FAST.toBuilder().count(2).timeout(Duration.ofMillis(60)).build(),
                recorder);

        assertThat(host.packetsReceived()).isZero();
        assertThat(host.packetLoss()).isEqualTo(1.0);
        assertThat(host.duplicates()).isZero();
        assertThat(recorder.events).containsExactly("start " + TARGET, "loss 1", "loss 2", "complete 0");
    }

    @Test
    void ping_replyExactlyAtTheTimeout_isAnswered() throws Exception {
        Host host = ping(
                pinger(echoAfter(60)),
                TARGET,
                FAST.toBuilder().count(1).timeout(Duration.ofMillis(60)).build());

        assertThat(host.packetsReceived()).isEqualTo(1);
        assertThat(host.rtts()).containsExactly(60.0);
    }

    @Test
    void ping_interval_requestsLeaveAtStartPlusKTimesIntervalWithoutWaitingForReplies() throws Exception {
        FakeNetwork network = echoAfter(150);
        Host host = ping(
                pinger(network),
                TARGET,
                PingOptions.builder()
                        .count(5)
                        .interval(Duration.ofMillis(40))
                        .timeout(Duration.ofSeconds(1))
                        .build());

        assertThat(host.packetsReceived()).isEqualTo(5);
        List<SentProbe> sent = network.opened().getFirst().sent();
        long first = sent.getFirst().sentAtMonotonicNanos();
        // request k leaves at the first send + k * 40 ms; waiting for replies (150 ms each) would be later
        assertThat(sent)
                .extracting(s -> s.sentAtMonotonicNanos() - first)
                .containsExactly(0L, 40_000_000L, 80_000_000L, 120_000_000L, 160_000_000L);
    }

    @Test
    void flood_kernelDropsAtItsSocket_reportedAsTheyGrowAndBeforeComplete() throws Exception {
        // a window of 10 requests, answered after 400 ms: the flood runs in waves, 1.6 s of virtual time
        long window = 10 * ReceiveBudget.costOf(56, false);
        FakeIcmpSocket[] socket = new FakeIcmpSocket[1];
        FakeNetwork network = network(request -> {
            if (request.sequence() == 1) {
                socket[0].addKernelDrops(3);
            } else if (request.sequence() == 36) {
                socket[0].addKernelDrops(4);
            }
            return List.of(Delivery.echo(400));
        });
        SocketFactory recording = options -> {
            FakeIcmpSocket opened = network.open(options);
            socket[0] = opened;
            return opened;
        };
        Pinger pinger = Pinger.create(new ProbeEngine(recording, clock, clock, window));
        toClose.addFirst(pinger);
        Recorder recorder = new Recorder();

        Host host = ping(
                pinger,
                TARGET,
                PingOptions.builder()
                        .flood(true)
                        .preload(10)
                        .count(40)
                        .timeout(Duration.ofSeconds(1))
                        .build(),
                recorder);

        assertThat(host.packetsReceived()).isEqualTo(40);
        List<String> events = recorder.events;
        // once a second of the flood: the 3 of the first wave; at the end: all 7
        assertThat(events).filteredOn(e -> e.startsWith("drops")).containsExactly("drops 3", "drops 7");
        assertThat(events.subList(events.size() - 2, events.size())).containsExactly("drops 7", "complete 40");
        assertThat(events.indexOf("drops 3")).isLessThan(events.indexOf("reply 39"));
    }

    @Test
    void ping_intervalZero_allRequestsLeaveAtOnce() throws Exception {
        FakeNetwork network = echoAfter(50);
        Host host = ping(
                pinger(network),
                TARGET,
                FAST.toBuilder().count(20).interval(Duration.ZERO).build());

        assertThat(host.packetsReceived()).isEqualTo(20);
        List<SentProbe> sent = network.opened().getFirst().sent();
        assertThat(sent)
                .extracting(SentProbe::sentAtMonotonicNanos)
                .containsOnly(sent.getFirst().sentAtMonotonicNanos());
    }

    @Test
    void ping_listener_sentThenDecidedForEveryRequestWithTheSendTime() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        FakeNetwork network = network(r -> r.sequence() == 2 ? List.of() : List.of(Delivery.echo(3)));
        PingListener listener = new PingListener() {
            @Override
            public void onSent(InetAddress address, int sequence, long sentAtNanos) {
                events.add("sent " + sequence + " at "
                        + (sentAtNanos
                                        - network.opened()
                                                .getFirst()
                                                .sent()
                                                .getFirst()
                                                .sentAtMonotonicNanos())
                                / 1_000_000);
            }

            @Override
            public void onReply(InetAddress address, Reply reply) {
                events.add("reply " + reply.sequence());
            }

            @Override
            public void onLoss(InetAddress address, int sequence) {
                events.add("loss " + sequence);
            }
        };
        ping(
                pinger(network),
                TARGET,
                FAST.toBuilder().timeout(Duration.ofMillis(30)).build(),
                listener);

        assertThat(events)
                .containsExactly("sent 1 at 0", "reply 1", "sent 2 at 20", "sent 3 at 40", "reply 3", "loss 2");
    }

    @Test
    void ping_strayRepliesWithOtherPayload_ignored() throws Exception {
        FakeNetwork network = network(r -> List.of());
        CompletableFuture<Host> future = pinger(network)
                .pingAsync(
                        TARGET,
                        FAST.toBuilder()
                                .count(1)
                                .timeout(Duration.ofMillis(200))
                                .build());
        clock.settle();
        FakeIcmpSocket socket = network.opened().getFirst();
        SentProbe sent = socket.sent().getFirst();
        byte[] forged = new byte[56];
        socket.inject(new IcmpReply(
                InetAddress.ofLiteral(TARGET),
                InetAddress.ofLiteral(TARGET),
                sent.identifier(),
                sent.sequence(),
                64,
                64,
                forged,
                new EchoReply(IcmpVersion.V4, sent.identifier(), sent.sequence(), forged),
                0,
                clock.read()));
        clock.advance(UNTIL_DONE);

        Host host = get(future);
        assertThat(host.packetsReceived()).isZero();
        assertThat(host.duplicates()).isZero();
    }

    @Test
    void pingAsync_200ConcurrentTargets_eachHostGetsExactlyItsOwnReplies() throws Exception {
        FakeNetwork network = echoAfter(2);
        Pinger pinger = pinger(network);
        PingOptions options =
                FAST.toBuilder().count(5).interval(Duration.ofMillis(5)).build();
        List<CompletableFuture<Host>> futures = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            futures.add(pinger.pingAsync("198.18." + (i / 100) + "." + (i % 100 + 1), options));
        }
        clock.advance(UNTIL_DONE);
        for (int i = 1; i <= 200; i++) {
            Host host = get(futures.get(i - 1));
            assertThat(host.address().getHostAddress()).isEqualTo("198.18." + (i / 100) + "." + (i % 100 + 1));
            assertThat(host.packetsReceived()).isEqualTo(5);
            assertThat(host.duplicates()).isZero();
            assertThat(host.replies()).allMatch(r -> r.source().equals(host.address()));
        }
        assertThat(network.opened()).hasSize(1);
    }

    @Test
    void ping_blockingFrom100VirtualThreads_eachGetsItsOwnResult() throws Exception {
        Pinger pinger = pinger(echoAfter(2));
        PingOptions options =
                FAST.toBuilder().count(2).interval(Duration.ofMillis(5)).build();
        List<Host> hosts = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            String target = "198.18.2." + i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    hosts.add(pinger.ping(target, options));
                } catch (IcmpLibException | RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        // every thread has started its ping (or failed) before virtual time moves
        while (pinger.engine().activeOperations() + failures.size() < 100) {
            Thread.onSpinWait();
        }
        clock.advance(UNTIL_DONE);
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(failures).isEmpty();
        assertThat(hosts)
                .hasSize(100)
                .allMatch(h -> h.packetsReceived() == 2)
                .extracting(h -> h.address().getHostAddress())
                .doesNotHaveDuplicates();
    }

    @Test
    void pingAsync_hostNameCancelled_stopsSending() throws Exception {
        FakeNetwork network = echoAfter(1);
        Pinger pinger = pinger(network);
        CompletableFuture<Host> future = pinger.pingAsync(
                "localhost",
                PingOptions.builder()
                        .family(Family.IPV4)
                        .count(100)
                        .interval(Duration.ofMillis(20))
                        .build(),
                PingListener.NONE);
        // the name resolves on another thread, which starts the ping (its first send scheduled) and then links
        // this future's cancellation to it: a dependent of this future
        while (future.getNumberOfDependents() == 0 && !future.isDone()) {
            Thread.onSpinWait();
        }
        clock.advance(Duration.ofMillis(30));
        future.cancel(false);
        clock.advance(Duration.ofSeconds(5));

        assertThat(network.opened().getFirst().sent()).hasSize(2);
        assertThat(pinger.engine().activeOperations()).isZero();
    }

    @Test
    void pingAsync_cancelled_stopsSending() throws Exception {
        FakeNetwork network = echoAfter(1);
        Pinger pinger = pinger(network);
        CompletableFuture<Host> future = pinger.pingAsync(
                TARGET,
                PingOptions.builder().count(100).interval(Duration.ofMillis(20)).build());
        clock.advance(Duration.ofMillis(30));
        future.cancel(false);
        clock.advance(Duration.ofSeconds(5));

        assertThat(network.opened().getFirst().sent()).hasSize(2);
        assertThat(pinger.engine().activeOperations()).isZero();
    }

    @Test
    void ping_ipv4AndIpv6_oneSocketPerFamilyOpenedInCallingThread() throws Exception {
        FakeNetwork network = echoAfter(1);
        Pinger pinger = pinger(network);
        PingOptions one = FAST.toBuilder().count(1).build();
        assertThat(ping(pinger, "198.18.0.1", one).packetsReceived()).isEqualTo(1);
        assertThat(ping(pinger, "fd00::1", one).packetsReceived()).isEqualTo(1);
        assertThat(ping(pinger, "198.18.0.2", one).packetsReceived()).isEqualTo(1);

        assertThat(network.opened()).extracting(FakeIcmpSocket::family).containsExactly(Family.IPV4, Family.IPV6);
        assertThat(network.openingThreads()).containsOnly(Thread.currentThread());
    }

    @Test
    void ping_differentSocketSettings_separateSockets() throws Exception {
        FakeNetwork network = echoAfter(1);
        Pinger pinger = pinger(network);
        PingOptions one = FAST.toBuilder().count(1).build();
        ping(pinger, TARGET, one);
        ping(pinger, TARGET, one.toBuilder().ttl(3).dscp(46).build());
        ping(pinger, TARGET, one.toBuilder().dontFragment(true).build());
        ping(pinger, TARGET, one.toBuilder().identifier(99).build());

        assertThat(network.opened()).hasSize(3);
        assertThat(network.opened().get(2).identifier()).isEqualTo(99);
        assertThat(network.opened().getFirst().sent())
                .extracting(s -> s.request().ttl())
                .containsExactly(64, 3);
        assertThat(network.opened().getFirst().sent())
                .extracting(s -> s.request().trafficClass())
                .containsExactly(0, 184);
    }

    @Test
    void close_pingInProgress_failsWithSocketUnavailableAndStopsThreads() throws Exception {
        Set<Thread> threadsBefore = engineThreads();
        FakeNetwork network = network(r -> List.of());
        Pinger pinger = pinger(network);
        CompletableFuture<Host> future = pinger.pingAsync(TARGET, PingOptions.defaults());
        clock.settle();
        assertThat(network.opened().getFirst().sent()).hasSize(1);

        pinger.close();

        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketUnavailableException.class);
        assertThat(network.opened()).allMatch(FakeIcmpSocket::isClosed);
        assertThat(engineThreads())
                .as("threads of other pingers (e.g. Icmp's shared one) only")
                .isSubsetOf(threadsBefore);
    }

    @Test
    void ping_afterClose_throwsSocketUnavailable() {
        Pinger pinger = pinger(echoAfter(1));
        pinger.close();

        assertThatThrownBy(() -> pinger.ping(TARGET, FAST))
                .isInstanceOf(SocketUnavailableException.class)
                .hasMessageContaining("closed");
        assertThat(pinger.pingAsync(TARGET, FAST)).isCompletedExceptionally();
    }

    @Test
    void ping_socketSendThrowsUnexpectedly_pingFailsInsteadOfHanging() {
        FakeNetwork network = network(r -> {
            throw new IllegalStateException("socket bug, expected by the test");
        });
        assertThatThrownBy(() -> ping(pinger(network), TARGET, FAST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("socket bug, expected by the test");
    }

    @Test
    void ping_laterRequestCannotLeave_lostAndThePingGoesOn() throws Exception {
        FakeNetwork network = network(r -> r.sequence() == 2
                ? List.of(Delivery.sendFails(
                        new IcmpSocketException("sendto failed: No route to host (EHOSTUNREACH)", 113)))
                : List.of(Delivery.echo(1)));
        Recorder recorder = new Recorder();

        Host host = ping(pinger(network), TARGET, FAST, recorder);

        assertThat(host.packetsSent()).isEqualTo(3);
        assertThat(host.packetsReceived()).isEqualTo(2);
        assertThat(host.packetLoss()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(recorder.events).contains("loss 2");
    }

    @Test
    void ping_firstRequestCannotLeave_pingFailsWithTheSendsFailure() {
        FakeNetwork network = network(r -> List.of(Delivery.sendFails(
                new IcmpSocketException("sendto failed: Network is unreachable (ENETUNREACH)", 101))));
        assertThatThrownBy(() -> ping(pinger(network), TARGET, FAST))
                .isInstanceOf(IcmpSocketException.class)
                .hasMessage("sendto failed: Network is unreachable (ENETUNREACH)");
    }

    @Test
    void ping_receiveFails_pingFailsWithItAndNextPingOpensANewSocket() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(1)));
        AtomicInteger opened = new AtomicInteger();
        Pinger pinger = pinger(options -> {
            FakeIcmpSocket socket = network.open(options);
            if (opened.incrementAndGet() > 1) {
                return socket;
            }
            return new ForwardingSocket(socket) {
                @Override
                public boolean receive(long timeoutNanos, ReplyHandler handler) throws IOException {
                    if (socket.sent().isEmpty()) {
                        return super.receive(timeoutNanos, handler);
                    }
                    throw new IcmpSocketException("recvmmsg failed: Bad address (EFAULT)", 14);
                }
            };
        });

        CompletableFuture<Host> failing = pinger.pingAsync(TARGET, FAST);
        // the loop's first read after the first send (when the second is due) fails; the ping fails with that
        clock.advance(FAST.interval());
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IcmpSocketException.class)
                .hasMessage("recvmmsg failed: Bad address (EFAULT)");
        assertThat(network.opened().getFirst().isClosed()).isTrue();
        assertThat(ping(pinger, TARGET, FAST).packetsReceived()).isEqualTo(3);
        assertThat(network.opened()).hasSize(2);
    }

    @Test
    void ping_throwingListener_resultUnchanged() throws Exception {
        PingListener throwing = new PingListener() {
            @Override
            public void onReply(InetAddress address, Reply reply) {
                throw new IllegalStateException("listener failure, expected by the test");
            }
        };
        Host host = ping(pinger(echoAfter(1)), TARGET, FAST, throwing);
        assertThat(host.packetsReceived()).isEqualTo(3);
    }

    @Test
    void ping_payloadTooLargeForResolvedFamily_throwsIllegalArgument() {
        Pinger pinger = pinger(echoAfter(1));
        PingOptions big = FAST.toBuilder().payloadSize(65_508).build();
        assertThatThrownBy(() -> pinger.ping(TARGET, big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payloadSize is 65508")
                .hasMessageContaining("65507");
    }

    @Test
    void ping_givenPayload_sentAndMatched() throws Exception {
        FakeNetwork network = echoAfter(1);
        Host host = ping(
                pinger(network),
                TARGET,
                FAST.toBuilder().count(1).payload(new byte[] {7, 7, 7}).build());
        assertThat(host.packetsReceived()).isEqualTo(1);
        assertThat(network.opened().getFirst().sent().getFirst().request().payload())
                .containsExactly(7, 7, 7);
    }

    @Test
    void ping_broadcast_firstResponderPerRequestIsTheReplyTheOthersDuplicatesWithTheirSources() throws Exception {
        InetAddress[] responders = {
            InetAddress.ofLiteral("198.18.9.2"),
            InetAddress.ofLiteral("198.18.9.3"),
            InetAddress.ofLiteral("198.18.9.4")
        };
        FakeNetwork network = network(r -> List.of(
                Delivery.echoFrom(1, responders[0]),
                Delivery.echoFrom(2, responders[1]),
                Delivery.echoFrom(3, responders[2])));
        List<InetAddress> duplicatesFrom = new CopyOnWriteArrayList<>();
        PingListener listener = new PingListener() {
            @Override
            public void onDuplicate(InetAddress address, Reply reply) {
                duplicatesFrom.add(reply.source());
            }
        };
        PingOptions broadcast = FAST.toBuilder().broadcast(true).build();

        Host host = ping(pinger(network), "198.18.9.255", broadcast, listener);

        // iputils: 3 hosts, -c 3: "3 received, +6 duplicates" when every reply of the last request is in
        assertThat(host.packetsReceived()).isEqualTo(3);
        assertThat(host.replies()).extracting(Reply::source).containsOnly(responders[0]);
        assertThat(duplicatesFrom).containsSubsequence(responders[1], responders[2]);
        assertThat(host.duplicates()).isEqualTo(duplicatesFrom.size()).isBetween(4, 6);
    }

    @Test
    void ping_unicastReplyFromAnotherSource_notCounted() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echoFrom(1, InetAddress.ofLiteral("198.18.9.3"))));
        Host host = ping(pinger(network), TARGET, FAST);
        assertThat(host.packetsReceived()).isZero();
        assertThat(host.duplicates()).isZero();
    }

    @Test
    void ping_corruptReply_notCounted() throws Exception {
        FakeNetwork network = network(r -> List.of());
        CompletableFuture<Host> future = pinger(network)
                .pingAsync(
                        TARGET,
                        FAST.toBuilder()
                                .count(1)
                                .timeout(Duration.ofMillis(200))
                                .build());
        clock.settle();
        FakeIcmpSocket socket = network.opened().getFirst();
        SentProbe sent = socket.sent().getFirst();
        byte[] payload = sent.request().payload();
        socket.injectCorrupt(new IcmpReply(
                InetAddress.ofLiteral(TARGET),
                InetAddress.ofLiteral(TARGET),
                sent.identifier(),
                sent.sequence(),
                64,
                64,
                payload,
                new EchoReply(IcmpVersion.V4, sent.identifier(), sent.sequence(), payload),
                0,
                clock.read()));
        clock.advance(UNTIL_DONE);

        assertThat(get(future).packetsReceived()).isZero();
    }

    @Test
    void ping_sequenceNumbers_startAtOneAtAnyInterval() throws Exception {
        for (Duration interval : List.of(Duration.ZERO, Duration.ofMillis(20))) {
            FakeNetwork network = echoAfter(1);
            List<Integer> sequences = new CopyOnWriteArrayList<>();
            PingListener listener = new PingListener() {
                @Override
                public void onSent(InetAddress address, int sequence, long sentAtNanos) {
                    sequences.add(sequence);
                }
            };
            ping(pinger(network), TARGET, FAST.toBuilder().interval(interval).build(), listener);
            assertThat(sequences).as("interval %s", interval).containsExactly(1, 2, 3);
        }
    }

    @Test
    void pingAsync_optionsThatDoNotSuitTheAddress_failTheFutureAsTheBlockingFormThrows() throws Exception {
        Pinger pinger = pinger(echoAfter(1));
        PingOptions big = FAST.toBuilder().payloadSize(65_508).build();
        CompletableFuture<Host> literal = pinger.pingAsync(TARGET, big);
        CompletableFuture<Host> address = pinger.pingAsync(InetAddress.ofLiteral(TARGET), big);
        CompletableFuture<Host> name = pinger.pingAsync("icmpj-test-v4", big);

        for (CompletableFuture<Host> future : List.of(literal, address, name)) {
            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("payloadSize is 65508");
        }
        assertThatThrownBy(() -> pinger.ping(TARGET, big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payloadSize is 65508");
    }

    /** The live loop and receive threads of every pinger in this JVM. */
    static Set<Thread> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("icmpj-loop") || t.getName().startsWith("icmpj-receive"))
                .collect(Collectors.toSet());
    }
}
