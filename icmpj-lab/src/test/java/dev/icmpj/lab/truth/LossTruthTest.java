package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.Direction;
import dev.icmpj.lab.LinkRule;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TakenAction;
import dev.icmpj.lab.TunPeer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programmed loss over 1,000 probes: what icmpj reports lost is exactly what the network dropped (and, when a
 * busy machine made the peer answer after the timeout, those late replies).
 */
class LossTruthTest extends TruthTestBase {
    private static final int COUNT = 1000;
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void seededPeerDrops_lostEqualsExactlyTheDroppedSequences(PingCase c) throws Exception {
        Random random = new Random(20261123L + c.toString().hashCode());
        PeerScript.Builder script = PeerScript.builder();
        Set<Integer> programmed = new TreeSet<>();
        for (int sequence = 1; sequence <= COUNT; sequence++) { // a new Pinger numbers its first ping 1..COUNT
            if (random.nextInt(100) < 30) {
                script.forSequence(sequence, PeerAction.drop());
                programmed.add(sequence);
            }
        }
        RecordingListener listener = new RecordingListener();
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    c.target(1),
                    c.options()
                            .count(COUNT)
                            .interval(Duration.ofMillis(1))
                            .timeout(TIMEOUT)
                            .build(),
                    listener);
            TruthLab.awaitPeer(peer, COUNT, COUNT - programmed.size());
            Set<Integer> dropped = peer.actions().stream()
                    .filter(a -> a.packets() == 0)
                    .map(a -> a.probe().sequence())
                    .collect(Collectors.toCollection(TreeSet::new));
            // on a busy machine the peer may fall behind and answer after the timeout: icmpj may call those lost
            Set<Integer> answeredLate = peer.sent().stream()
                    .filter(s -> TruthLab.answeredLate(
                            s, listener.sentAt.get(s.probe().sequence()), TIMEOUT))
                    .map(s -> s.probe().sequence())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> lost = new TreeSet<>(listener.losses);
            System.out.printf(
                    "loss truth %s: peer received %d, dropped %d, answered %d late; icmpj sent %d, received %d, lost"
                            + " %d%n",
                    c,
                    peer.received().size(),
                    dropped.size(),
                    answeredLate.size(),
                    host.packetsSent(),
                    host.packetsReceived(),
                    host.packetsSent() - host.packetsReceived());
            assertThat(peer.received()).hasSize(COUNT);
            assertThat(dropped).isEqualTo(programmed);
            assertThat(host.packetsSent()).isEqualTo(COUNT);
            assertThat(listener.losses).doesNotHaveDuplicates();
            assertThat(lost).as("lost: every dropped request").containsAll(dropped);
            assertThat(answeredLate)
                    .as("lost although the peer answered: each answered late")
                    .containsAll(lost.stream().filter(s -> !dropped.contains(s)).toList());
            assertThat(host.packetsSent() - host.packetsReceived()).isEqualTo(lost.size());
            assertThat(host.packetLoss())
                    .isCloseTo((double) lost.size() / COUNT, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(host.replies()).extracting(Reply::sequence).doesNotContainAnyElementsOf(lost);
            assertThat(host.duplicates()).isZero();
            assertThat(host.errors()).isZero();
            assertThat(peer.actions()).extracting(TakenAction::packets).containsOnly(0, 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void nftablesLoss_lostEqualsTheRuleCounter(PingCase c) throws Exception {
        LinkRule loss = lab.link(0).loss(Direction.TOWARD_SERVER, 30);
        try (Pinger pinger = Pinger.create()) {
            InetAddress server = c.v4() ? lab.server().ipv4() : lab.server().ipv6();
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    server,
                    c.options()
                            .count(COUNT)
                            .interval(Duration.ofMillis(1))
                            .timeout(Duration.ofMillis(500))
                            .build(),
                    new RecordingListener());
            long counted = loss.packets();
            System.out.printf(
                    "nft loss truth %s: nft dropped %d; icmpj sent %d, received %d%n",
                    c, counted, host.packetsSent(), host.packetsReceived());
            assertThat(host.packetsSent()).isEqualTo(COUNT);
            assertThat(counted).isBetween(200L, 400L);
            assertThat(host.packetsSent() - host.packetsReceived()).isEqualTo(counted);
            assertThat(host.duplicates()).isZero();
            assertThat(host.errors()).isZero();
        } finally {
            loss.remove();
        }
    }
}
