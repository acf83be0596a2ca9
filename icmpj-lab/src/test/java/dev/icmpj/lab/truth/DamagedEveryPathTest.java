package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Hop;
import dev.icmpj.Host;
import dev.icmpj.MultipingListener;
import dev.icmpj.MultipingOptions;
import dev.icmpj.MultipingResult;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Targets;
import dev.icmpj.TracerouteOptions;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.packet.AddressText;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation verifies a reply the same way: the damaged, forged and stray replies that
 * {@link DamagedReplyTest} feeds a ping are never counted by a multiping, a flood or a traceroute either. Before
 * the one engine, a sweep, a flood and a trace read replies on a path that did not check the ICMP checksum a
 * raw IPv4 socket's kernel does not check: a target whose only reply was corrupt was listed alive.
 */
class DamagedEveryPathTest extends TruthTestBase {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void multiping_targetsWhoseOnlyReplyIsDamaged_notAlive(PingCase c) throws Exception {
        List<PeerAction> damage = new ArrayList<>(DamagedReplyTest.damage(c).values());
        PeerScript.Builder script = PeerScript.builder();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < damage.size(); i++) {
            InetAddress damaged = c.target(20 + i);
            script.forAddress(damaged, damage.get(i));
            targets.add(AddressText.of(damaged));
        }
        InetAddress good = c.target(50);
        targets.add(AddressText.of(good));
        MultipingOptions options = MultipingOptions.builder()
                .pingOptions(
                        // room for a peer that a busy machine holds up: the good target's reply must count
                        c.options().count(1).timeout(Duration.ofSeconds(1)).build())
                .build();
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            MultipingResult result = lab.client()
                    .call(() -> pinger.multipingAsync(Targets.of(targets), options, MultipingListener.NONE))
                    .get();

            TruthLab.awaitPeer(peer, targets.size(), targets.size());
            assertThat(peer.received()).hasSize(targets.size());
            assertThat(result)
                    .extracting(Host::isAlive)
                    .as("only the last target's reply is good")
                    .containsExactly(false, false, false, false, false, false, false, false, true);
            assertThat(result).extracting(Host::packetsSent).containsOnly(1);
            assertThat(result).extracting(Host::duplicates).containsOnly(0);
            assertThat(result).extracting(Host::errors).containsOnly(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void flood_damagedReplies_thoseRequestsLost(PingCase c) throws Exception {
        Map<Integer, PeerAction> bad = DamagedReplyTest.damage(c);
        PeerScript.Builder script = PeerScript.builder();
        bad.forEach(script::forSequence);
        RecordingListener listener = new RecordingListener();
        int count = 16;
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            PingOptions flood = c.options()
                    .flood(true)
                    .count(count)
                    .timeout(Duration.ofSeconds(1)) // room for a peer that a busy machine holds up
                    .build();
            Host host = TruthLab.ping(lab, pinger, c.target(4), flood, listener);

            TruthLab.awaitPeer(peer, count, count);
            assertThat(peer.received()).hasSize(count);
            assertThat(host.packetsReceived()).isEqualTo(count - bad.size());
            assertThat(new TreeSet<>(listener.losses)).isEqualTo(new TreeSet<>(bad.keySet()));
            assertThat(host.duplicates()).isZero();
            assertThat(host.errors()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void traceroute_destinationWhoseRepliesAreCorrupt_neverReached(PingCase c) throws Exception {
        InetAddress destination = c.target(6);
        PeerScript script = PeerScript.builder()
                .forAddress(destination, PeerAction.corruptChecksum())
                .build();
        TracerouteOptions options = TracerouteOptions.builder()
                .pingOptions(c.options()
                        .count(2)
                        .interval(Duration.ZERO)
                        .timeout(Duration.ofMillis(300))
                        .build())
                .maxHops(3)
                .build();
        try (TunPeer peer = TunPeer.start(lab.client(), script);
                Pinger pinger = Pinger.create()) {
            List<Hop> hops = lab.client()
                    .call(() -> pinger.tracerouteAsync(AddressText.of(destination), options))
                    .get();

            assertThat(peer.received())
                    .as("the peer answered every probe, wrongly")
                    .isNotEmpty();
            assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3);
            assertThat(hops).allSatisfy(hop -> {
                assertThat(hop.responders()).isEmpty();
                assertThat(hop.packetsSent()).isEqualTo(2);
            });
        }
    }
}
