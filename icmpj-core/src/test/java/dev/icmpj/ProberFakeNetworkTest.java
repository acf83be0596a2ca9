package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.SentProbe;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SocketUnavailableException;
import dev.icmpj.testing.ProberEventCounts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prober policy against a scripted network in virtual time: every request decided once, at its deadline. */
class ProberFakeNetworkTest {

    private static final InetAddress ANSWERS = InetAddress.ofLiteral("198.18.7.1");
    private static final InetAddress SILENT = InetAddress.ofLiteral("198.18.7.2");
    private static final InetAddress LATE = InetAddress.ofLiteral("198.18.7.3");
    private static final InetAddress TWICE = InetAddress.ofLiteral("198.18.7.4");
    private static final InetAddress UNREACHABLE = InetAddress.ofLiteral("198.18.7.5");
    private static final PingOptions EVERY_100_MS = PingOptions.builder()
            .count(1)
            .interval(Duration.ofMillis(100))
            .timeout(Duration.ofMillis(50))
            .build();

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

    private static List<Delivery> lab(IcmpRequest request) {
        InetAddress to = request.destination();
        if (to.equals(ANSWERS)) {
            return List.of(Delivery.echo(2));
        }
        if (to.equals(LATE)) {
            return List.of(Delivery.echo(80));
        }
        if (to.equals(TWICE)) {
            return List.of(Delivery.echo(3), Delivery.echo(4));
        }
        if (to.equals(UNREACHABLE)) {
            return List.of(Delivery.unreachable(1, 1));
        }
        return List.of();
    }

    private Pinger pinger(FakeNetwork network) {
        Pinger pinger = Pinger.create(new ProbeEngine(network, clock, clock, 8 << 20));
        toClose.addFirst(pinger);
        return pinger;
    }

    /** Counts each call per target, as a metrics exporter does; a reply in time, a late one past it. */
    static class Counts extends ProberEventCounts {
        @Override
        public void onReply(int target, Reply reply) {
            super.onReply(target, reply);
            assertThat(reply.rtt()).isLessThanOrEqualTo(50.0);
        }

        @Override
        public void onLate(int target, Reply reply) {
            super.onLate(target, reply);
            assertThat(reply.rtt()).isGreaterThan(50.0);
        }
    }

    @Test
    void prober_fiveKindsOfTargets_everyRequestDecidedOnceAtItsDeadline() throws Exception {
        FakeNetwork network = network(ProberFakeNetworkTest::lab);
        Counts counts = new Counts();
        Prober prober = pinger(network).prober(EVERY_100_MS, counts);
        int answers = 0;
        int silent = 1;
        int late = 2;
        int twice = 3;
        int unreachable = 4;
        prober.add(answers, ANSWERS);
        prober.add(silent, SILENT);
        prober.add(late, LATE);
        prober.add(twice, TWICE);
        prober.add(unreachable, UNREACHABLE);
        assertThat(prober.size()).isEqualTo(5);

        // a first request within the first 100 ms, then one per 100 ms: ten in [0, 1 s)
        clock.advance(Duration.ofMillis(1000));
        long closed = clock.read();
        prober.close();
        clock.advance(Duration.ofMillis(200));

        // ten each in [0, 1 s), or eleven when the eleventh left up to 1 ms early with another request
        int[] sent = new int[5];
        InetAddress[] addresses = {ANSWERS, SILENT, LATE, TWICE, UNREACHABLE};
        for (int target : new int[] {answers, silent, late, twice, unreachable}) {
            sent[target] = sentAfter(network, addresses[target], Long.MIN_VALUE);
            assertThat(counts.get(target, "sent"))
                    .as("target %d", target)
                    .isEqualTo(sent[target])
                    .isBetween(10, 11);
        }
        // what the close dropped without a call: requests whose answer or deadline had not come yet
        assertThat(counts.get(answers, "reply")).isEqualTo(sent[answers] - sentAfter(network, ANSWERS, closed - ms(2)));
        assertThat(counts.get(answers, "loss")).isZero();
        assertThat(counts.get(silent, "loss")).isEqualTo(sent[silent] - sentAfter(network, SILENT, closed - ms(50)));
        // 80 ms after a 50 ms timeout: lost at the deadline, then late, never a reply
        assertThat(counts.get(late, "loss")).isEqualTo(sent[late] - sentAfter(network, LATE, closed - ms(50)));
        assertThat(counts.get(late, "late")).isEqualTo(sent[late] - sentAfter(network, LATE, closed - ms(80)));
        assertThat(counts.get(late, "reply")).isZero();
        assertThat(counts.get(twice, "reply")).isEqualTo(sent[twice] - sentAfter(network, TWICE, closed - ms(3)));
        assertThat(counts.get(twice, "duplicate")).isEqualTo(sent[twice] - sentAfter(network, TWICE, closed - ms(4)));
        assertThat(counts.get(unreachable, "error 3/1"))
                .isEqualTo(sent[unreachable] - sentAfter(network, UNREACHABLE, closed - ms(1)));
        assertThat(counts.get(unreachable, "loss")).isZero();
        // and at most one request of each was still out: the one sent in the last interval
        assertThat(sentAfter(network, SILENT, closed - ms(100))).isEqualTo(1);
        assertThat(counts.lags()).as("virtual time: every send at its time").containsOnly(0L);
        assertThat(counts.sockets()).containsExactly("IPv4 UNPRIVILEGED");
        assertThat(counts.failures()).isEmpty();
        assertThat(network.opened()).hasSize(1);
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    /** The requests to a target sent after a time. */
    private static int sentAfter(FakeNetwork network, InetAddress target, long time) {
        return (int) network.opened().getFirst().sent().stream()
                .filter(s -> s.request().destination().equals(target) && s.sentAtMonotonicNanos() > time)
                .count();
    }

    @Test
    void add_manyTargetsAtOnce_firstRequestsSpreadOverTheFirstIntervalThenEveryInterval() throws Exception {
        FakeNetwork network = network(request -> List.of(Delivery.echo(1)));
        Prober prober = pinger(network).prober(EVERY_100_MS, ProberListener.NONE);
        long start = clock.read();
        for (int i = 1; i <= 50; i++) {
            prober.add(i, InetAddress.ofLiteral("198.18.8." + i));
        }
        clock.advance(Duration.ofMillis(350));

        Map<InetAddress, List<Long>> sendsByTarget = new ConcurrentHashMap<>();
        for (SentProbe sent : network.opened().getFirst().sent()) {
            sendsByTarget
                    .computeIfAbsent(sent.request().destination(), d -> new ArrayList<>())
                    .add(sent.sentAtMonotonicNanos() - start);
        }
        assertThat(sendsByTarget).hasSize(50);
        List<Long> firsts = sendsByTarget.values().stream().map(List::getFirst).toList();
        assertThat(firsts).allMatch(first -> first >= 0 && first < 100_000_000L);
        assertThat(firsts.stream().distinct().count())
                .as("spread, not all at once")
                .isGreaterThan(25);
        // each target every 100 ms, give or take the 1 ms by which a request may leave early to share a send
        for (List<Long> times : sendsByTarget.values()) {
            for (int k = 1; k < times.size(); k++) {
                assertThat(times.get(k) - times.get(k - 1)).isBetween(99_000_000L, 101_000_000L);
            }
        }
        // and they do share: 50 first requests in 100 ms, many within 1 ms of another, left in fewer sends
        assertThat(firsts.stream().distinct().count()).isLessThan(45);
    }

    @Test
    void prober_burstOfThree_threeRequestsEveryInterval() throws Exception {
        FakeNetwork network = network(request -> List.of(Delivery.echo(1)));
        Counts counts = new Counts();
        Prober prober = pinger(network).prober(EVERY_100_MS.toBuilder().count(3).build(), counts);
        int target = 7;
        prober.add(target, ANSWERS);
        clock.advance(Duration.ofMillis(500));
        long closed = clock.read();
        prober.close();
        clock.advance(Duration.ofMillis(100));

        // five bursts in 500 ms, or six when the first left in its first millisecond and the sixth up to 1 ms early
        int sent = sentAfter(network, ANSWERS, Long.MIN_VALUE);
        assertThat(sent).isIn(15, 18);
        assertThat(counts.get(target, "sent")).isEqualTo(sent);
        // each answered 1 ms after it left, but for those the close dropped
        assertThat(counts.get(target, "reply")).isEqualTo(sent - sentAfter(network, ANSWERS, closed - ms(1)));
        assertThat(network.opened().getFirst().sent())
                .extracting(SentProbe::sequence)
                .doesNotHaveDuplicates();
    }

    @Test
    void remove_target_noCallForItAfterwardsAndTheOthersGoOn() throws Exception {
        FakeNetwork network = network(ProberFakeNetworkTest::lab);
        Counts counts = new Counts();
        Prober prober = pinger(network).prober(EVERY_100_MS, counts);
        int kept = 0;
        int removed = 1;
        prober.add(kept, ANSWERS);
        prober.add(removed, SILENT);
        clock.advance(Duration.ofMillis(300));
        int sentBefore = counts.get(removed, "sent");
        int lostBefore = counts.get(removed, "loss");

        prober.remove(removed);
        clock.advance(Duration.ofMillis(500));

        assertThat(prober.size()).isEqualTo(1);
        assertThat(counts.get(removed, "sent")).isEqualTo(sentBefore);
        assertThat(counts.get(removed, "loss")).isEqualTo(lostBefore);
        // one per 100 ms over 800 ms; a request may leave up to 1 ms early with another due then
        assertThat(counts.get(kept, "sent"))
                .isEqualTo(sentAfter(network, ANSWERS, Long.MIN_VALUE))
                .isBetween(8, 9);
        prober.remove(removed);
        prober.remove(12345);
    }

    @Test
    void add_numberInUseRefused_aNumberUsedAgainAfterRemoveHearsOnlyOfTheNewAddress() throws Exception {
        FakeNetwork network = network(ProberFakeNetworkTest::lab);
        Counts counts = new Counts();
        Prober prober = pinger(network).prober(EVERY_100_MS, counts);
        prober.add(5, LATE);
        assertThatThrownBy(() -> prober.add(5, ANSWERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target 5 is in use by this prober");
        clock.advance(Duration.ofMillis(300));
        int lateSends = network.opened().getFirst().sent().size();
        assertThat(counts.get(5, "sent")).isEqualTo(lateSends);

        // LATE's replies come 80 ms after each request: those still on their way must not reach the new target
        prober.remove(5);
        prober.add(5, SILENT);
        int lateBefore = counts.get(5, "late");
        int lossBefore = counts.get(5, "loss");
        clock.advance(Duration.ofMillis(1000));
        long end = clock.read();

        int silentSends = (int) network.opened().getFirst().sent().stream()
                .filter(s -> s.request().destination().equals(SILENT))
                .count();
        // one per 100 ms from a random start; an eleventh when the first left at once and the last 1 ms early
        assertThat(silentSends).isBetween(9, 11);
        assertThat(counts.get(5, "sent")).isEqualTo(lateSends + silentSends);
        assertThat(counts.get(5, "late")).isEqualTo(lateBefore);
        assertThat(counts.get(5, "reply")).isZero();
        assertThat(counts.get(5, "loss"))
                .isEqualTo(lossBefore + silentSends - sentAfter(network, SILENT, end - ms(50)));
    }

    @Test
    void remove_fromTheListener_noCallForTheTargetAfterIt() throws Exception {
        FakeNetwork network = network(request -> List.of(Delivery.echo(1)));
        Counts counts = new Counts() {
            @Override
            public void onReply(int target, Reply reply) {
                super.onReply(target, reply);
                if (target == 1) {
                    prober().remove(1);
                }
            }
        };
        Prober prober = pinger(network).prober(EVERY_100_MS.toBuilder().count(2).build(), counts);
        counts.prober(prober);
        prober.add(0, ANSWERS);
        prober.add(1, TWICE);
        clock.advance(Duration.ofMillis(500));
        long end = clock.read();

        // a burst of two: the first reply removed the target, and the second request of the burst was dropped
        assertThat(counts.get(1, "sent")).isEqualTo(2);
        assertThat(counts.get(1, "reply")).isEqualTo(1);
        // the other goes on: every request answered 1 ms after it left
        assertThat(counts.get(0, "reply"))
                .isEqualTo(sentAfter(network, ANSWERS, Long.MIN_VALUE) - sentAfter(network, ANSWERS, end - ms(1)))
                .isBetween(9, 12);
        assertThat(prober.size()).isEqualTo(1);
    }

    @Test
    void prober_sharesTheSocketOfPingsWithTheSameSettingsAndFamilies() throws Exception {
        FakeNetwork network = network(request -> List.of(Delivery.echo(1)));
        Pinger pinger = pinger(network);
        Prober prober = pinger.prober(EVERY_100_MS, ProberListener.NONE);
        prober.add(0, ANSWERS);
        prober.add(1, InetAddress.ofLiteral("fd00::7"));
        pinger.pingAsync(ANSWERS, PingOptions.builder().count(1).build());
        clock.advance(Duration.ofMillis(200));

        assertThat(network.opened()).extracting(s -> s.family()).containsExactly(Family.IPV4, Family.IPV6);
        assertThat(prober.privilege(Family.IPV4)).hasValue(Privilege.UNPRIVILEGED);
        assertThat(prober.privilege(Family.IPV6)).hasValue(Privilege.UNPRIVILEGED);
    }

    @Test
    void pingerClosed_proberFailsOnceAndRefusesNewTargets() throws Exception {
        FakeNetwork network = network(request -> List.of(Delivery.echo(1)));
        Pinger pinger = pinger(network);
        Counts counts = new Counts();
        Prober prober = pinger.prober(EVERY_100_MS, counts);
        prober.add(0, ANSWERS);
        clock.advance(Duration.ofMillis(150));

        pinger.close();

        assertThat(counts.failures()).singleElement().isInstanceOf(SocketUnavailableException.class);
        assertThatThrownBy(() -> prober.add(1, ANSWERS)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pinger.prober(EVERY_100_MS, counts)).isInstanceOf(SocketUnavailableException.class);
    }

    @Test
    void prober_badOptionsOrAddress_refusedAtOnce() throws Exception {
        Pinger pinger = pinger(network(request -> List.of()));
        assertThatThrownBy(() -> pinger.prober(
                        PingOptions.builder().interval(Duration.ZERO).build(), ProberListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval is 0 s; a prober probes each target at an interval");
        Prober v4 = pinger.prober(EVERY_100_MS.toBuilder().family(Family.IPV4).build(), ProberListener.NONE);
        assertThatThrownBy(() -> v4.add(0, InetAddress.ofLiteral("fd00::1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fd00::1 is not an IPv4 address");
        v4.close();
        assertThatThrownBy(() -> v4.add(0, ANSWERS)).isInstanceOf(IllegalStateException.class);
    }
}
