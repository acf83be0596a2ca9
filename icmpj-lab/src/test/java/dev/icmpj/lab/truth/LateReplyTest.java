package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.SentPacket;
import dev.icmpj.lab.TunPeer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A reply later than the timeout is loss: not received, not a duplicate, even when it arrives mid-ping. */
class LateReplyTest extends TruthTestBase {
    private static final int COUNT = 25;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void replyAfterTimeout_countedLostWhileThePingStillRuns(PingCase c) throws Exception {
        PeerScript script = PeerScript.builder()
                .forSequence(2, PeerAction.delay(Duration.ofMillis(300))) // well after the 100 ms timeout
                .forSequence(5, PeerAction.delay(Duration.ofMillis(104))) // just after it
                .forSequence(8, PeerAction.delay(Duration.ofMillis(60))) // within it: received
                .build();
        RecordingListener listener = new RecordingListener();
        try (TunPeer peer = TunPeer.start(lab.client(), script);
                Pinger pinger = Pinger.create()) {
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    c.target(5),
                    c.options()
                            .count(COUNT)
                            .interval(Duration.ofMillis(20))
                            .timeout(Duration.ofMillis(100))
                            .build(),
                    listener);
            List<SentPacket> late =
                    peer.sent().stream().filter(s -> s.probe().sequence() == 2).toList();
            assertThat(late)
                    .as("the peer wrote the late reply before the ping ended")
                    .singleElement()
                    .satisfies(s -> assertThat(s.writtenNanos()).isLessThan(listener.completedNanos));
            assertThat(peer.sent()).hasSize(COUNT);
            assertThat(host.packetsReceived())
                    .as("received; lost %s", listener.losses)
                    .isEqualTo(COUNT - 2);
            assertThat(listener.losses).containsExactlyInAnyOrder(2, 5);
            assertThat(host.replies())
                    .extracting(Reply::sequence)
                    .doesNotContain(2, 5)
                    .contains(8);
            assertThat(host.replies()).allMatch(r -> r.rtt() <= 100.0);
            assertThat(host.duplicates()).isZero();
            assertThat(listener.duplicates).isEmpty();
            assertThat(host.errors()).isZero();
        }
    }
}
