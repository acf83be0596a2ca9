package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeClock;
import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.SentProbe;
import dev.icmpj.socket.IcmpRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A traceroute against a scripted path in virtual time ({@link FakeClock}): hops reported one by one as they
 * are decided, in order; at most {@link TracerouteOptions#maxInFlight()} probes in flight, sent hop by hop as
 * traceroute sends them.
 */
@Timeout(60)
class TracerouteFakeNetworkTest {

    private static final String DESTINATION = "198.18.9.9";
    private static final long MS = 1_000_000L;

    private final FakeClock clock = new FakeClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final long start = clock.read();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static InetAddress router(int ttl) {
        return InetAddress.ofLiteral("198.18.1." + ttl);
    }

    /** A path of routers at TTL 1 .. distance - 1 and the destination at distance, each answering after a delay. */
    private static Function<IcmpRequest, List<Delivery>> path(int distance, Function<Integer, Long> delayOfTtl) {
        return request -> {
            int ttl = request.ttl();
            long delay = delayOfTtl.apply(Math.min(ttl, distance));
            if (delay < 0) {
                return List.of();
            }
            return ttl < distance ? List.of(Delivery.timeExceeded(delay, router(ttl))) : List.of(Delivery.echo(delay));
        };
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

    private static TracerouteOptions options(int probesPerHop, int maxInFlight) {
        return TracerouteOptions.builder()
                .pingOptions(PingOptions.builder()
                        .count(probesPerHop)
                        .interval(Duration.ZERO)
                        .timeout(Duration.ofSeconds(1))
                        .build())
                .maxInFlight(maxInFlight)
                .build();
    }

    @Test
    void traceroute_slowHop_theHopsBeforeItReportedAtOnceTheRestWhenItIsDecided() throws Exception {
        // hop 2 is silent: its probe is decided at its 1 s timeout; hops 1 and 3 answer in 1 and 3 ms
        FakeNetwork network = network(path(3, ttl -> ttl == 2 ? -1L : ttl));
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Hop> reported = new CopyOnWriteArrayList<>();
        TracerouteListener listener = hop -> {
            reported.add(hop);
            reports.add(hop.distance() + " at " + (clock.read() - start) / MS + " ms");
        };

        CompletableFuture<List<Hop>> trace =
                pinger(network).tracerouteAsync(DESTINATION, options(1, Integer.MAX_VALUE), listener);
        clock.advance(Duration.ofMillis(500));
        assertThat(reports).as("half way through hop 2's wait").containsExactly("1 at 1 ms");
        assertThat(trace).isNotDone();
        clock.advance(Duration.ofSeconds(5));
        List<Hop> hops = trace.get(30, TimeUnit.SECONDS);

        assertThat(reports).containsExactly("1 at 1 ms", "2 at 1000 ms", "3 at 1000 ms");
        assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3);
        assertThat(hops.get(0).responders()).containsExactly(router(1));
        assertThat(hops.get(1).responders()).isEmpty();
        assertThat(hops.get(2).responders()).containsExactly(InetAddress.ofLiteral(DESTINATION));
        // the listener saw the result's own hops
        assertThat(reported).containsExactlyElementsOf(hops);
    }

    @Test
    void traceroute_maxInFlight4_neverMoreThan4AndSentHopByHop() throws Exception {
        List<Long> answerTimes = new CopyOnWriteArrayList<>();
        int[] mostInFlight = new int[1];
        Function<IcmpRequest, List<Delivery>> path = path(5, ttl -> 10L);
        FakeNetwork network = network(request -> {
            long now = clock.read();
            long inFlight = answerTimes.stream().filter(at -> at > now).count() + 1;
            mostInFlight[0] = (int) Math.max(mostInFlight[0], inFlight);
            answerTimes.add(now + 10 * MS);
            return path.apply(request);
        });

        CompletableFuture<List<Hop>> trace =
                pinger(network).tracerouteAsync(DESTINATION, options(3, 4), TracerouteListener.NONE);
        clock.advance(Duration.ofSeconds(5));
        List<Hop> hops = trace.get(30, TimeUnit.SECONDS);

        assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3, 4, 5);
        assertThat(hops).allSatisfy(hop -> assertThat(hop.packetsReceived()).isEqualTo(3));
        assertThat(mostInFlight[0]).isEqualTo(4);
        // traceroute's order: a hop's probes, then the next hop's; four at a time, the next four as they return
        assertThat(sent(network))
                .containsExactly(
                        "1@0", "1@0", "1@0", "2@0", "2@10", "2@10", "3@10", "3@10", "3@20", "4@20", "4@20", "4@20",
                        "5@30", "5@30", "5@30", "6@30");
    }

    @Test
    void traceroute_noLimit_everyProbeOfEveryHopAtOnce() throws Exception {
        FakeNetwork network = network(path(5, ttl -> 10L));

        CompletableFuture<List<Hop>> trace = pinger(network)
                .tracerouteAsync(
                        DESTINATION,
                        options(3, Integer.MAX_VALUE).toBuilder().maxHops(8).build(),
                        TracerouteListener.NONE);
        clock.advance(Duration.ofSeconds(5));
        List<Hop> hops = trace.get(30, TimeUnit.SECONDS);

        assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3, 4, 5);
        List<String> sent = sent(network);
        assertThat(sent).hasSize(24).allMatch(s -> s.endsWith("@0"));
        assertThat(sent.subList(0, 6)).containsExactly("1@0", "1@0", "1@0", "2@0", "2@0", "2@0");
    }

    @Test
    void traceroute_listenerThrows_traceCompletesAllTheSame() throws Exception {
        FakeNetwork network = network(path(2, ttl -> 1L));

        CompletableFuture<List<Hop>> trace = pinger(network).tracerouteAsync(DESTINATION, options(2, 16), hop -> {
            throw new IllegalStateException("listener failure, expected by the test");
        });
        clock.advance(Duration.ofSeconds(5));

        assertThat(trace.get(30, TimeUnit.SECONDS)).extracting(Hop::distance).containsExactly(1, 2);
    }

    /** Each probe sent, as its TTL and its send time in ms. */
    private List<String> sent(FakeNetwork network) {
        List<String> sent = new ArrayList<>();
        for (SentProbe probe : network.opened().getFirst().sent()) {
            sent.add(probe.request().ttl() + "@" + (probe.sentAtMonotonicNanos() - start) / MS);
        }
        return sent;
    }
}
