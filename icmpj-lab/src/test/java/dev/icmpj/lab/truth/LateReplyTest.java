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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reply later than the timeout is loss: not received, not a duplicate, even when it arrives mid-ping; a reply
 * in time is received.
 *
 * <p>The peer holds three replies: twice the timeout (well after it), the timeout plus 4 ms (just after it) and
 * half the timeout (within it). The first two are lost whatever the machine does: the peer held each longer
 * than the timeout, so its round trip was longer. For every request the peer's records decide: one it answered
 * in time ({@link TruthLab#answeredLate}) must be received; on a busy machine the peer may answer others late,
 * and those may be lost, but never received with an RTT over the timeout.
 */
class LateReplyTest extends TruthTestBase {
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    /** 75 requests 20 ms apart: the ping still runs when the peer writes the reply it holds longest. */
    private static final int COUNT = 75;

    private static final int WELL_AFTER = 2;
    private static final int JUST_AFTER = 5;
    private static final int WITHIN = 8;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void replyAfterTimeout_countedLostWhileThePingStillRuns(PingCase c) throws Exception {
        PeerScript script = PeerScript.builder()
                .forSequence(WELL_AFTER, PeerAction.delay(TIMEOUT.multipliedBy(2)))
                .forSequence(JUST_AFTER, PeerAction.delay(TIMEOUT.plusMillis(4)))
                .forSequence(WITHIN, PeerAction.delay(TIMEOUT.dividedBy(2)))
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
                            .timeout(TIMEOUT)
                            .build(),
                    listener);
            TruthLab.awaitPeer(peer, COUNT, COUNT);
            Map<Integer, SentPacket> replies =
                    peer.sent().stream().collect(Collectors.toMap(s -> s.probe().sequence(), Function.identity()));
            assertThat(listener.sentAt).as("requests sent").hasSize(COUNT);
            assertThat(replies).as("the peer's replies, one per request").hasSize(COUNT);
            Set<Integer> answeredLate = replies.values().stream()
                    .filter(s -> TruthLab.answeredLate(
                            s, listener.sentAt.get(s.probe().sequence()), TIMEOUT))
                    .map(s -> s.probe().sequence())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<Integer> lost = new TreeSet<>(listener.losses);
            System.out.printf("late replies %s: lost %s; answered late by the peer %s%n", c, lost, answeredLate);

            assertThat(replies.get(WELL_AFTER).writtenNanos())
                    .as("the peer wrote the reply it held longest before the ping ended")
                    .isLessThan(listener.completedNanos);
            assertThat(listener.losses).doesNotHaveDuplicates().contains(WELL_AFTER, JUST_AFTER);
            assertThat(answeredLate)
                    .as("lost requests: each answered late by the peer")
                    .containsAll(lost);
            assertThat(host.packetsReceived()).isEqualTo(COUNT - lost.size());
            assertThat(host.replies())
                    .extracting(Reply::sequence)
                    .doesNotContainAnyElementsOf(lost)
                    .containsAll(replies.keySet().stream()
                            .filter(sequence -> !answeredLate.contains(sequence))
                            .toList());
            assertThat(host.replies()).allMatch(r -> r.rtt() <= TIMEOUT.toMillis());
            assertThat(host.duplicates()).isZero();
            assertThat(listener.duplicates).isEmpty();
            assertThat(host.errors()).isZero();
        }
    }
}
