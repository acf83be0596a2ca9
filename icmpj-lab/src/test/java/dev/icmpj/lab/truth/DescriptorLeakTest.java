package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.Pinger;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hostile cases leave no file descriptor open once the Pinger is closed (raw and ping sockets, v4 and v6). */
class DescriptorLeakTest extends TruthTestBase {
    private static final int COUNT = 16;

    @Test
    void hostileCases_pingerClosed_openDescriptorsUnchanged() throws Exception {
        InetAddress spoofV4 = InetAddress.getByName("198.18.200.99");
        InetAddress spoofV6 = InetAddress.getByName("fd00:200::99");
        PeerScript script = PeerScript.builder()
                .forSequence(1, PeerAction.corruptChecksum())
                .forSequence(2, PeerAction.truncate(6))
                .forSequence(3, PeerAction.wrongIdentifier())
                .forSequence(4, PeerAction.wrongSequence())
                .forSequence(5, PeerAction.changePayload())
                .forSequence(6, PeerAction.flood(500))
                .forSequence(7, PeerAction.duplicate(2))
                .forSequence(8, PeerAction.drop())
                .forSequence(9, PeerAction.delay(Duration.ofMillis(750))) // after its 500 ms timeout
                .forSequence(10, PeerAction.unreachable(3))
                .forSequence(11, PeerAction.timeExceeded(0).withMplsLabels(List.of(16, 17)))
                .forSequence(12, PeerAction.timeExceeded(0).quotingGarbage())
                .forSequence(13, PeerAction.unreachable(1).quotingOtherProbe())
                .forSequence(14, PeerAction.packetTooBig(1280))
                .forProbe(InetAddress.getByName("198.18.200.8"), 15, PeerAction.spoofSource(spoofV4))
                .forProbe(InetAddress.getByName("fd00:200::8"), 15, PeerAction.spoofSource(spoofV6))
                .build();
        try (TunPeer peer = TunPeer.start(lab.client(), script)) {
            runAll(); // warm-up: classes, JIT, the peer's and the lab's own descriptors
            long before = TruthLab.openDescriptors();
            runAll();
            long after = TruthLab.openDescriptors();
            System.out.printf("descriptors: %d before, %d after the hostile round (Pinger closed)%n", before, after);
            assertThat(after).isEqualTo(before);
            assertThat(peer.received()).hasSize(2 * 4 * COUNT);
        }
    }

    /** Every hostile sequence, on the four kinds of socket, with a Pinger closed at the end. */
    private static void runAll() throws Exception {
        try (Pinger pinger = Pinger.create()) {
            for (PingCase c : PingCase.list()) {
                Host host = TruthLab.ping(
                        lab,
                        pinger,
                        c.target(8),
                        c.options()
                                .count(COUNT)
                                .interval(Duration.ofMillis(5))
                                // room for a peer that a busy machine holds up
                                .timeout(Duration.ofMillis(500))
                                .build(),
                        new RecordingListener());
                assertThat(host.packetsSent()).isEqualTo(COUNT);
                assertThat(host.packetsReceived())
                        .as("%s: sequences 6 (after its flood), 7 and 16", c)
                        .isEqualTo(3);
            }
        }
    }
}
