package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Duplicated replies: counted apart, exactly, and each probe counted received once. */
class DuplicateTruthTest extends TruthTestBase {
    private static final int COUNT = 10;
    /** Sequence -> extra copies; never the last probe (a ping ends when its last request is decided). */
    private static final Map<Integer, Integer> COPIES = Map.of(2, 1, 5, 3, 8, 2);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void duplicatedReplies_duplicatesEqualExtraCopies(PingCase c) throws Exception {
        PeerScript.Builder script = PeerScript.builder();
        COPIES.forEach((sequence, copies) -> script.forSequence(sequence, PeerAction.duplicate(copies)));
        int extra = COPIES.values().stream().mapToInt(Integer::intValue).sum();
        RecordingListener listener = new RecordingListener();
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    c.target(3),
                    c.options()
                            .count(COUNT)
                            .interval(Duration.ofMillis(20))
                            // nothing is lost here: a long timeout costs nothing, and a slow peer cannot make loss
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    listener);
            assertThat(peer.sent()).hasSize(COUNT + extra);
            assertThat(host.packetsReceived()).isEqualTo(COUNT);
            assertThat(host.rtts()).hasSize(COUNT);
            assertThat(host.replies())
                    .extracting(Reply::sequence)
                    .doesNotHaveDuplicates()
                    .hasSize(COUNT);
            assertThat(host.duplicates()).isEqualTo(extra);
            assertThat(listener.duplicates).hasSize(extra);
            assertThat(listener.replies).hasSize(COUNT);
            for (Map.Entry<Integer, Integer> e : COPIES.entrySet()) {
                assertThat(listener.duplicates)
                        .filteredOn(r -> r.sequence() == e.getKey())
                        .as("sequence %d", e.getKey())
                        .hasSize(e.getValue());
            }
            assertThat(host.errors()).isZero();
            assertThat(listener.losses).isEmpty();
        }
    }
}
