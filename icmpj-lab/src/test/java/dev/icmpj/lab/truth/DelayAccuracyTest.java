package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.SentPacket;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.lab.WireTap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programmed delays of 5, 20 and 80 ms: each RTT icmpj reports is compared with the round trip on the wire, as
 * the kernel timestamped the request leaving for the peer's TUN device and the reply coming back from it
 * ({@link WireTap}, the clock of icmpj's own kernel timestamps), and with what the peer did for that probe (from
 * reading the request to writing the reply, {@link SentPacket#writtenNanos()} minus {@code receivedNanos()}),
 * not only with the nominal delay.
 *
 * <p>The wire is the truth the bound is on: what separates the peer's record from the wire is the peer's own
 * scheduling (how soon its thread reads a request, how soon it writes after reading its clock), which a busy
 * machine stretches to a median of 0.5 ms and more while icmpj's error stays what it is. Against the peer's
 * record only the exact part is asserted: no RTT is shorter than the peer held the reply.
 */
class DelayAccuracyTest extends TruthTestBase {
    private static final int[] DELAYS_MS = {5, 20, 80};
    private static final int COUNT = 20;
    /** 500 ppm of 100 ms, in ms: what NTP slewing may put between the realtime and the monotonic clock. */
    static final double SLEW_MS = 0.05;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void programmedDelay_medianRttWithin300MicrosecondsOfPeerTruth(PingCase c) throws Exception {
        PeerScript.Builder script = PeerScript.builder();
        for (int d : DELAYS_MS) {
            script.forAddress(c.target(d), PeerAction.delay(Duration.ofMillis(d)));
        }
        List<Double> errors = new ArrayList<>();
        List<Double> peerErrors = new ArrayList<>();
        List<Double> nominalErrors = new ArrayList<>();
        try (WireTap wire = WireTap.open(lab.client());
                TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            for (int d : DELAYS_MS) {
                Host host = TruthLab.ping(
                        lab,
                        pinger,
                        c.target(d),
                        c.options()
                                .count(COUNT)
                                .interval(Duration.ofMillis(10))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        PingListener.NONE);
                assertThat(host.packetsReceived()).as("%s, %d ms", c, d).isEqualTo(COUNT);
                assertThat(host.duplicates()).isZero();
                assertThat(host.errors()).isZero();
                Map<Integer, SentPacket> truth = peer.sent().stream()
                        .filter(s -> s.probe().destination().equals(c.target(d)))
                        .collect(Collectors.toMap(s -> s.probe().sequence(), Function.identity()));
                assertThat(truth).hasSize(COUNT);
                for (Reply r : host.replies()) {
                    SentPacket s = truth.get(r.sequence());
                    assertThat(s)
                            .as("peer's record of sequence %d", r.sequence())
                            .isNotNull();
                    double peerMs = (s.writtenNanos() - s.probe().receivedNanos()) / 1e6;
                    assertThat(peerMs)
                            .as("the peer held the reply at least the programmed time")
                            .isGreaterThanOrEqualTo(d);
                    OptionalLong wireNanos =
                            wire.awaitRoundTripNanos(c.target(d), r.sequence(), Duration.ofSeconds(10));
                    assertThat(wireNanos)
                            .as("the wire's record of sequence %d", r.sequence())
                            .isPresent();
                    errors.add(r.rtt() - wireNanos.getAsLong() / 1e6);
                    peerErrors.add(r.rtt() - peerMs);
                    nominalErrors.add(r.rtt() - d);
                }
            }
        }
        Collections.sort(errors);
        Collections.sort(peerErrors);
        Collections.sort(nominalErrors);
        double median = errors.get(errors.size() / 2);
        System.out.printf(
                "delay truth %s: reported - wire (n=%d): min %.3f median %.3f p90 %.3f max %.3f ms;"
                        + " reported - peer's: min %.3f median %.3f max %.3f ms;"
                        + " reported - nominal: median %.3f max %.3f ms%n",
                c,
                errors.size(),
                errors.getFirst(),
                median,
                errors.get(errors.size() * 9 / 10),
                errors.getLast(),
                peerErrors.getFirst(),
                peerErrors.get(peerErrors.size() / 2),
                peerErrors.getLast(),
                nominalErrors.get(nominalErrors.size() / 2),
                nominalErrors.getLast());
        // An RTT shorter than what the peer did is impossible; the RTT runs on CLOCK_REALTIME (kernel timestamps),
        // the peer on the monotonic clock, and NTP may slew one against the other by up to 500 ppm: 50 us over
        // the 80 ms delay plus margin.
        assertThat(peerErrors.getFirst()).as("RTT minus what the peer did").isGreaterThan(-SLEW_MS);
        // The wire and icmpj read the same clock, and the same timestamp for the reply. icmpj's transmit timestamp
        // is the TUN driver's, taken after the tap's on the way out, so its RTT is shorter by that path: 1-53 us
        // here, on a busy machine too.
        assertThat(errors.getFirst()).as("RTT minus the wire's").isGreaterThan(-0.3);
        assertThat(median).as("median of RTT minus the wire's").isBetween(-0.3, 0.3);
    }
}
