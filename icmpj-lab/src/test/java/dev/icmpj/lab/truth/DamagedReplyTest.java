package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged, forged and stray replies are never counted: each such probe is lost, the good ones are received,
 * and nothing is thrown.
 */
class DamagedReplyTest extends TruthTestBase {
    private static final int COUNT = 16;
    /** Sequence -> the damage done to its reply; the other sequences get a good reply. */
    static Map<Integer, PeerAction> damage(PingCase c) throws Exception {
        Map<Integer, PeerAction> bad = new LinkedHashMap<>();
        bad.put(2, PeerAction.corruptChecksum());
        bad.put(3, PeerAction.truncate(6));
        bad.put(4, PeerAction.truncate(20));
        bad.put(6, PeerAction.spoofSource(c.target(99)));
        bad.put(7, PeerAction.wrongIdentifier());
        bad.put(9, PeerAction.wrongSequence());
        bad.put(10, PeerAction.changePayload());
        bad.put(12, PeerAction.truncate(8));
        return bad;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void damagedForgedAndStrayReplies_neverCounted(PingCase c) throws Exception {
        Map<Integer, PeerAction> bad = damage(c);
        PeerScript.Builder script = PeerScript.builder();
        bad.forEach(script::forSequence);
        script.forSequence(13, PeerAction.flood(2000)); // 2,000 stray replies, then the good one
        RecordingListener listener = new RecordingListener();
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    c.target(4),
                    c.options()
                            .count(COUNT)
                            .interval(Duration.ofMillis(10))
                            // room for a peer that a busy machine holds up (the good reply after the 2,000 strays
                            // most of all); the damaged ones wait it out
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    listener);
            Set<Integer> expectedLost = new TreeSet<>(bad.keySet());
            TruthLab.awaitPeer(peer, COUNT, COUNT + 2000);
            assertThat(peer.received()).hasSize(COUNT);
            assertThat(peer.sent()).hasSize(COUNT + 2000);
            assertThat(host.packetsSent()).isEqualTo(COUNT);
            assertThat(host.packetsReceived()).as("good replies only").isEqualTo(COUNT - bad.size());
            assertThat(new TreeSet<>(listener.losses)).isEqualTo(expectedLost);
            assertThat(host.replies()).extracting(Reply::sequence).doesNotContainAnyElementsOf(expectedLost);
            assertThat(host.replies())
                    .allMatch(Reply::isEchoReply)
                    .allMatch(r -> r.source().equals(c.target(4)));
            assertThat(host.duplicates()).isZero();
            assertThat(host.errors()).isZero();
            assertThat(listener.duplicates).isEmpty();
            assertThat(listener.errors).isEmpty();
        }
    }
}
