package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.MultipingListener;
import dev.icmpj.MultipingOptions;
import dev.icmpj.MultipingResult;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Targets;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.ReceivedProbe;
import dev.icmpj.lab.TakenAction;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** multiping against the TUN peer: what icmpj reports per target is exactly what the peer did. */
class MultipingTruthTest extends TruthTestBase {

    /**
     * A block routed to the peer's device beside its own /24, so that thousands of addresses reach one peer; the
     * route goes with the device when the peer closes.
     */
    private static final String BLOCK = "198.19.0.0/18";

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Privilege.class,
            names = {"PRIVILEGED", "UNPRIVILEGED"})
    void tenThousandTargets_peerDropsAndDuplicates_everyTargetExactlyAsThePeerDid(Privilege privilege)
            throws Exception {
        Targets targets = Targets.range("198.19.0.1", "198.19.39.16");
        assertThat(targets.size()).isEqualTo(10_000);
        Random random = new Random(20261201L + privilege.ordinal());
        PeerScript.Builder script = PeerScript.builder();
        Map<String, String> programmed = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            int roll = random.nextInt(100);
            InetAddress target = InetAddress.ofLiteral(targets.get(i));
            if (roll < 10) {
                script.forAddress(target, PeerAction.drop());
                programmed.put(targets.get(i), "drop");
            } else if (roll < 15) {
                script.forAddress(target, PeerAction.duplicate(1));
                programmed.put(targets.get(i), "duplicate");
            }
        }
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            lab.client().exec("ip", "route", "replace", BLOCK, "dev", "labtun200");
            // a deep device queue: the sweep sends in bursts, and a full queue drops before the peer reads
            lab.client().exec("ip", "link", "set", "labtun200", "txqueuelen", "20000");
            MultipingOptions options = MultipingOptions.builder()
                    .pingOptions(PingOptions.builder()
                            .count(1)
                            .timeout(Duration.ofSeconds(2))
                            .privilege(privilege)
                            .build())
                    .build();
            MultipingResult result = lab.client()
                    .call(() -> pinger.multipingAsync(targets, options, MultipingListener.NONE))
                    .get(120, TimeUnit.SECONDS);

            Map<String, TakenAction> byTarget = new HashMap<>();
            for (TakenAction action : peer.actions()) {
                byTarget.put(AddressText.of(action.probe().destination()), action);
            }
            // what never reached the peer was lost by the network (the device queue): it must be reported lost
            assertThat(byTarget.size()).as("requests that reached the peer").isGreaterThan(9_900);
            int alive = 0;
            int duplicated = 0;
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                Host host = result.get(i);
                TakenAction taken = byTarget.get(target);
                int answers = taken == null ? 0 : taken.packets();
                assertThat(host.packetsSent()).as(target).isEqualTo(1);
                assertThat(host.isAlive()).as(target).isEqualTo(answers > 0);
                assertThat(host.duplicates()).as(target).isEqualTo(Math.max(0, answers - 1));
                if (taken != null) {
                    assertThat(answers == 0).as(target).isEqualTo("drop".equals(programmed.get(target)));
                }
                alive += host.isAlive() ? 1 : 0;
                duplicated += host.duplicates();
            }
            assertThat(result.alive()).isEqualTo(alive);
            System.out.printf(
                    "multiping truth %s: 10000 targets, %d reached the peer, %d alive, %d duplicates%n",
                    privilege, byTarget.size(), alive, duplicated);
        }
    }

    @Test
    void mixedAliveDeadAndRejectingHosts_ipv4AndIpv6_eachReportedRight() throws Exception {
        PeerScript script = PeerScript.builder()
                .forAddress(InetAddress.ofLiteral("198.18.200.2"), PeerAction.drop())
                .forAddress(InetAddress.ofLiteral("198.18.200.3"), PeerAction.unreachable(1))
                .forAddress(InetAddress.ofLiteral("fd00:200::2"), PeerAction.drop())
                .forAddress(InetAddress.ofLiteral("fd00:200::3"), PeerAction.unreachable(3))
                .build();
        try (TunPeer peer = TunPeer.start(lab.client(), script);
                Pinger pinger = Pinger.create()) {
            Targets targets = Targets.of(
                    "198.18.200.1", "198.18.200.2", "198.18.200.3", "fd00:200::1", "fd00:200::2", "fd00:200::3");
            // IPv6 in a fresh namespace: one warm-up so neighbour discovery does not eat the first requests
            lab.client()
                    .call(() -> pinger.ping(
                            "fd00:200::1", PingOptions.builder().count(1).build()));
            MultipingResult result = lab.client()
                    .call(() -> pinger.multipingAsync(
                            targets,
                            MultipingOptions.builder()
                                    .count(3)
                                    .interval(Duration.ofMillis(20))
                                    .timeout(Duration.ofMillis(500))
                                    .build(),
                            MultipingListener.NONE))
                    .get(60, TimeUnit.SECONDS);

            assertThat(result).extracting(Host::packetsSent).containsOnly(3);
            assertThat(result).extracting(Host::packetsReceived).containsExactly(3, 0, 0, 3, 0, 0);
            assertThat(result).extracting(Host::errors).containsExactly(0, 0, 3, 0, 0, 3);
            assertThat(result).extracting(Host::packetLoss).containsExactly(0.0, 1.0, 1.0, 0.0, 1.0, 1.0);
            assertThat(peer.received())
                    .as("the warm-up and 3 requests per target")
                    .hasSize(1 + 18);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Privilege.class,
            names = {"PRIVILEGED", "UNPRIVILEGED"})
    void seventyThousandTargetsAnsweredLate_moreThan65535InFlight_everyReplyMatchedToItsTarget(Privilege privilege)
            throws Exception {
        // 69,628 distinct addresses (each block without its network and broadcast address), every one answered 3 s
        // after the peer saw it: all are in flight at once,
        // so request sequences (the low 16 bits of a request's slot) repeat among requests in flight
        Targets targets = Targets.cidr("198.19.0.0/16").and(Targets.cidr("198.18.128.0/20"));
        try (TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.delay(Duration.ofSeconds(3))));
                Pinger pinger = Pinger.create()) {
            lab.client().exec("ip", "route", "replace", "198.19.0.0/16", "dev", "labtun200");
            lab.client().exec("ip", "route", "replace", "198.18.128.0/20", "dev", "labtun200");
            lab.client().exec("ip", "link", "set", "labtun200", "txqueuelen", "100000");
            MultipingOptions options = MultipingOptions.builder()
                    .pingOptions(PingOptions.builder()
                            .count(1)
                            .timeout(Duration.ofSeconds(8))
                            .privilege(privilege)
                            .build())
                    .build();
            MultipingResult result = lab.client()
                    .call(() -> pinger.multipingAsync(targets, options, MultipingListener.NONE))
                    .get(120, TimeUnit.SECONDS);

            Map<String, TakenAction> byTarget = new HashMap<>();
            for (TakenAction action : peer.actions()) {
                byTarget.put(AddressText.of(action.probe().destination()), action);
            }
            System.out.printf(
                    "multiping %s: %d targets, %d reached the peer, %d alive, at most %d in flight, %d kernel drops%n",
                    privilege,
                    targets.size(),
                    byTarget.size(),
                    result.alive(),
                    result.peakInFlight(),
                    result.kernelDrops());
            assertThat(targets.size()).isEqualTo(69_628);
            assertThat(byTarget.size()).as("requests that reached the peer").isGreaterThan(69_000);
            assertThat(result.kernelDrops()).isZero();
            assertThat(result.peakInFlight()).as("requests in flight at once").isGreaterThan(65_535);
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                Host host = result.get(i);
                assertThat(host.isAlive()).as(target).isEqualTo(byTarget.containsKey(target));
                assertThat(host.duplicates()).as(target).isZero();
                if (host.isAlive()) {
                    assertThat(host.rtts().getFirst()).as(target).isGreaterThanOrEqualTo(3000.0);
                }
            }
        }
    }

    @Test
    void rate_2000PerSecond_heldWithinTenPercentAtThePeer() throws Exception {
        try (TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.reply()));
                Pinger pinger = Pinger.create()) {
            lab.client().exec("ip", "route", "replace", BLOCK, "dev", "labtun200");
            Targets targets = Targets.range("198.19.0.1", "198.19.7.208"); // 2,000 targets
            MultipingResult result = lab.client()
                    .call(() -> pinger.multipingAsync(
                            targets, MultipingOptions.builder().rate(2000).build(), MultipingListener.NONE))
                    .get(60, TimeUnit.SECONDS);

            assertThat(result.alive()).isEqualTo(2000);
            List<Long> arrivals = peer.received().stream()
                    .map(ReceivedProbe::receivedNanos)
                    .sorted()
                    .toList();
            // after the first burst of 20 (10 ms at 2000/s), one request per 500 us
            double seconds = (arrivals.getLast() - arrivals.get(20)) / 1e9;
            double measured = (arrivals.size() - 21) / seconds;
            System.out.printf("multiping rate 2000/s: the peer measured %.0f/s%n", measured);
            assertThat(measured).isBetween(1800.0, 2200.0);
        }
    }
}
