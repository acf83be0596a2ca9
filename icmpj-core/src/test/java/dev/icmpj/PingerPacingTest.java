package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeIcmpSocket;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.SentProbe;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A ping's pacing in virtual time ({@link FakeClock}): iputils' preload ({@code -l}), its flood rule ({@code -f}:
 * the next request when fewer than preload are unanswered, else 10 ms on), adaptive pacing ({@code -A}), the
 * clocks of the round trip ({@code -U}), what the listener hears of the socket ({@code -v}) and of refused
 * sends. Every send time asserted is exact.
 */
@Timeout(60)
class PingerPacingTest {

    private static final String TARGET = "198.18.0.9";
    private static final long MS = 1_000_000L;
    private static final Duration UNTIL_DONE = Duration.ofSeconds(30);

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

    private Pinger pinger(FakeNetwork network) {
        Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20));
        toClose.addFirst(pinger);
        return pinger;
    }

    private Host ping(FakeNetwork network, PingOptions options, PingListener listener) throws Exception {
        CompletableFuture<Host> future = pinger(network).pingAsync(TARGET, options, listener);
        clock.advance(UNTIL_DONE);
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private Host ping(FakeNetwork network, PingOptions options) throws Exception {
        return ping(network, options, PingListener.NONE);
    }

    /** The send times of the requests, in microseconds after the first. */
    private static List<Long> sendMicros(FakeNetwork network) {
        List<SentProbe> sent = network.opened().getFirst().sent();
        long first = sent.getFirst().sentAtMonotonicNanos();
        return sent.stream()
                .map(s -> (s.sentAtMonotonicNanos() - first) / 1_000)
                .toList();
    }

    private static Delivery echoAfterMicros(long micros) {
        return Delivery.echo(Duration.ofNanos(micros * 1_000));
    }

    @Test
    void preload_withAnInterval_firstRequestsAtOnceThenOnePerInterval() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(5)));
        Host host = ping(
                network,
                PingOptions.builder()
                        .count(6)
                        .interval(Duration.ofMillis(100))
                        .preload(3)
                        .build());

        assertThat(host.packetsReceived()).isEqualTo(6);
        // iputils -l 3 -i 0.1: three at once, then the cadence runs two intervals behind
        assertThat(sendMicros(network)).containsExactly(0L, 0L, 0L, 100_000L, 200_000L, 300_000L);
    }

    @Test
    void flood_defaultPreload_nextRequestWhenTheLastIsAnswered() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(3)));
        Host host = ping(network, PingOptions.builder().flood(true).count(5).build());

        assertThat(host.packetsReceived()).isEqualTo(5);
        // one unanswered at a time: each request leaves as the reply to the one before arrives
        assertThat(sendMicros(network)).containsExactly(0L, 3_000L, 6_000L, 9_000L, 12_000L);
    }

    @Test
    void flood_preloadThree_threeUnansweredAtATime() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(5)));
        Host host = ping(
                network, PingOptions.builder().flood(true).preload(3).count(9).build());

        assertThat(host.packetsReceived()).isEqualTo(9);
        assertThat(sendMicros(network)).containsExactly(0L, 0L, 0L, 5_000L, 5_000L, 5_000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void flood_nothingAnswers_oneRequestEvery10Milliseconds() throws Exception {
        FakeNetwork network = network(r -> List.of());
        Host host = ping(
                network,
                PingOptions.builder()
                        .flood(true)
                        .count(5)
                        .timeout(Duration.ofSeconds(1))
                        .build());

        assertThat(host.packetsSent()).isEqualTo(5);
        assertThat(host.packetsReceived()).isZero();
        // iputils: "as fast as they come back or one hundred times per second, whichever is more"
        assertThat(sendMicros(network)).containsExactly(0L, 10_000L, 20_000L, 30_000L, 40_000L);
    }

    @Test
    void flood_repliesSlowerThan10Milliseconds_aSecondRequestEvery10Milliseconds() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(15)));
        List<Integer> unansweredAtEachReply = new CopyOnWriteArrayList<>();
        List<Integer> sent = new CopyOnWriteArrayList<>();
        PingListener pipe = new PingListener() {
            @Override
            public void onSent(InetAddress address, int sequence, long sentAtNanos) {
                sent.add(sequence);
            }

            @Override
            public void onReply(InetAddress address, Reply reply) {
                // iputils' pipe: the requests sent up to this one's answer, counted back to it
                unansweredAtEachReply.add(sent.size() - sent.indexOf(reply.sequence()));
            }
        };
        Host host = ping(network, PingOptions.builder().flood(true).count(4).build(), pipe);

        assertThat(host.packetsReceived()).isEqualTo(4);
        // 0: sent; 10: none answered, 10 ms on: sent; 15: the first answered, one still out; 20: 10 ms on: sent ...
        assertThat(sendMicros(network)).containsExactly(0L, 10_000L, 20_000L, 30_000L);
        assertThat(unansweredAtEachReply).containsExactly(2, 2, 2, 1);
    }

    @Test
    void adaptive_intervalBecomesTheRoundTrip() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(30)));
        Host host = ping(
                network,
                PingOptions.builder()
                        .count(5)
                        .interval(Duration.ofSeconds(1))
                        .adaptive(true)
                        .build());

        assertThat(host.packetsReceived()).isEqualTo(5);
        // after the first reply the interval is the 30 ms average, not the 1 s given
        assertThat(sendMicros(network)).containsExactly(0L, 30_000L, 60_000L, 90_000L, 120_000L);
    }

    @Test
    void adaptive_roundTripUnderHalfAMillisecond_floodsOneUnansweredAtATime() throws Exception {
        FakeNetwork network = network(r -> List.of(echoAfterMicros(300)));
        Host host = ping(network, PingOptions.builder().count(4).adaptive(true).build());

        assertThat(host.packetsReceived()).isEqualTo(4);
        // 0.3 ms rounds to an interval of 0 ms: iputils' flood rule, the next request at the reply
        assertThat(sendMicros(network)).containsExactly(0L, 300L, 600L, 900L);
    }

    @Test
    void adaptive_minimumInterval_keepsTheFloor() throws Exception {
        FakeNetwork network = network(r -> List.of(echoAfterMicros(300)));
        Host host = ping(
                network,
                PingOptions.builder()
                        .count(4)
                        .adaptive(true)
                        .minimumAdaptiveInterval(Duration.ofMillis(2))
                        .build());

        assertThat(host.packetsReceived()).isEqualTo(4);
        // iputils' users other than root: at least 2 ms
        assertThat(sendMicros(network)).containsExactly(0L, 2_000L, 4_000L, 6_000L);
    }

    @Test
    void adaptive_nothingAnswers_keepsTheIntervalGiven() throws Exception {
        FakeNetwork network = network(r -> List.of());
        Host host = ping(
                network,
                PingOptions.builder()
                        .count(3)
                        .interval(Duration.ofMillis(100))
                        .timeout(Duration.ofMillis(50))
                        .adaptive(true)
                        .build());

        assertThat(host.packetsReceived()).isZero();
        assertThat(sendMicros(network)).containsExactly(0L, 100_000L, 200_000L);
    }

    @Test
    void adaptive_roundTripGrows_intervalFollowsTheMovingAverage() throws Exception {
        // 8 ms for the first request, 16 ms after: iputils' average moves by an eighth of each difference
        FakeNetwork network = network(r -> List.of(Delivery.echo(r.sequence() == 1 ? 8 : 16)));
        Host host = ping(
                network,
                PingOptions.builder()
                        .count(4)
                        .interval(Duration.ofSeconds(1))
                        .adaptive(true)
                        .build());

        assertThat(host.packetsReceived()).isEqualTo(4);
        // reply 1 at 8: an 8 ms interval, so requests at 8 and 16 (the interval does not wait for replies);
        // reply 2 at 24: the average is 8 + (16 - 8) / 8 = 9 ms, so request 4 at 16 + 9
        assertThat(sendMicros(network)).containsExactly(0L, 8_000L, 16_000L, 25_000L);
    }

    @Test
    void rttClock_monotonic_socketWithoutKernelTimestampsAndRepliesSayWhichClock() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(4)));
        Host host = ping(
                network,
                PingOptions.builder()
                        .count(2)
                        .interval(Duration.ofMillis(10))
                        .rttClock(RttClock.MONOTONIC)
                        .build());

        FakeIcmpSocket socket = network.opened().getFirst();
        assertThat(socket.options().receiveTimestamps()).isFalse();
        assertThat(socket.options().transmitTimestamps()).isFalse();
        assertThat(host.replies()).extracting(Reply::clock).containsOnly(RttClock.MONOTONIC);
        assertThat(host.rtts()).containsExactly(4.0, 4.0);
    }

    @Test
    void rttClock_default_kernelTimestampsAsked() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(4)));
        Host host = ping(network, PingOptions.builder().count(1).build());

        FakeIcmpSocket socket = network.opened().getFirst();
        assertThat(socket.options().receiveTimestamps()).isTrue();
        assertThat(socket.options().transmitTimestamps()).isTrue();
        // the fake network gives a receive timestamp and no transmit timestamp
        assertThat(host.replies()).extracting(Reply::clock).containsOnly(RttClock.KERNEL_RECEIVE);
    }

    @Test
    void rttClock_kernelReceive_noTransmitTimestamps() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(4)));
        ping(
                network,
                PingOptions.builder().count(1).rttClock(RttClock.KERNEL_RECEIVE).build());

        FakeIcmpSocket socket = network.opened().getFirst();
        assertThat(socket.options().receiveTimestamps()).isTrue();
        assertThat(socket.options().transmitTimestamps()).isFalse();
    }

    /** Records the listener's events as text. */
    private static final class Events implements PingListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onSocket(InetAddress address, Privilege privilege, int identifier) {
            events.add("socket " + privilege + " " + identifier);
        }

        @Override
        public void onSent(InetAddress address, int sequence, long sentAtNanos) {
            events.add("sent " + sequence);
        }

        @Override
        public void onSendFailed(InetAddress address, int sequence, IcmpSocketException cause) {
            events.add("send failed " + sequence + " errno " + cause.errno().orElse(-1));
        }

        @Override
        public void onReply(InetAddress address, Reply reply) {
            events.add("reply " + reply.sequence());
        }

        @Override
        public void onError(InetAddress address, Reply error) {
            events.add("error " + error.sequence());
        }

        @Override
        public void onLoss(InetAddress address, int sequence) {
            events.add("loss " + sequence);
        }
    }

    @Test
    void sendRefused_toldAfterTheSendAndDecidedByTheRejectsError() throws Exception {
        // a local reject rule: EPERM from sendto, and the rule's ICMP error for the request
        IcmpSocketException eperm = new IcmpSocketException("sendto 198.18.0.9 failed: Operation not permitted", 1);
        FakeNetwork network = network(r -> r.sequence() == 2
                ? List.of(Delivery.sendRefused(eperm), Delivery.unreachable(0, 13))
                : List.of(Delivery.echo(1)));
        Events events = new Events();
        Host host = ping(
                network,
                PingOptions.builder().count(3).interval(Duration.ofMillis(10)).build(),
                events);

        assertThat(host.packetsSent()).isEqualTo(3);
        assertThat(host.packetsReceived()).isEqualTo(2);
        assertThat(host.errors()).isEqualTo(1);
        assertThat(events.events)
                .containsExactly(
                        "socket UNPRIVILEGED 4242",
                        "sent 1",
                        "reply 1",
                        "sent 2",
                        "send failed 2 errno 1",
                        "error 2",
                        "sent 3",
                        "reply 3");
    }

    @Test
    void sendRefused_nothingComesBack_lostAtItsTimeout() throws Exception {
        IcmpSocketException eperm = new IcmpSocketException("sendto 198.18.0.9 failed: Operation not permitted", 1);
        FakeNetwork network = network(r -> List.of(Delivery.sendRefused(eperm)));
        Events events = new Events();
        Host host = ping(
                network,
                PingOptions.builder().count(1).timeout(Duration.ofMillis(50)).build(),
                events);

        assertThat(host.packetsSent()).isEqualTo(1);
        assertThat(host.packetLoss()).isEqualTo(1.0);
        assertThat(events.events)
                .containsExactly("socket UNPRIVILEGED 4242", "sent 1", "send failed 1 errno 1", "loss 1");
    }

    @Test
    void sendFails_laterRequest_toldThenLostAndTheFollowingOnesGoOn() throws Exception {
        IcmpSocketException unreachable = new IcmpSocketException("sendto failed: Network is unreachable", 101);
        FakeNetwork network =
                network(r -> r.sequence() == 2 ? List.of(Delivery.sendFails(unreachable)) : List.of(Delivery.echo(1)));
        Events events = new Events();
        Host host = ping(
                network,
                PingOptions.builder().count(3).interval(Duration.ofMillis(10)).build(),
                events);

        assertThat(host.packetsSent()).isEqualTo(3);
        assertThat(host.packetsReceived()).isEqualTo(2);
        assertThat(events.events)
                .containsExactly(
                        "socket UNPRIVILEGED 4242",
                        "sent 1",
                        "reply 1",
                        "send failed 2 errno 101",
                        "loss 2",
                        "sent 3",
                        "reply 3");
    }

    @Test
    void onSocket_rawSocketWithAnIdentifier_toldBeforeTheFirstSend() throws Exception {
        FakeNetwork network = network(r -> List.of(Delivery.echo(1)));
        Events events = new Events();
        ping(
                network,
                PingOptions.builder()
                        .count(1)
                        .privilege(Privilege.PRIVILEGED)
                        .identifier(777)
                        .build(),
                events);

        assertThat(events.events).containsExactly("socket PRIVILEGED 777", "sent 1", "reply 1");
    }
}
