package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Pinger;
import dev.icmpj.Prober;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.testing.ProberEventCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The prober against a peer that answers each target in its own wrong way, every request: damaged and forged
 * replies never count, duplicates count as duplicates, 2,000 strays before each reply change nothing.
 */
class ProberDamagedTruthTest extends TruthTestBase {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    @Timeout(120)
    void prober_damagedDuplicatedAndFloodedTargets_eachRequestDecidedAsItsReplyDeserves(PingCase c) throws Exception {
        List<PeerAction> damage = new ArrayList<>(DamagedReplyTest.damage(c).values());
        PeerScript.Builder script = PeerScript.builder();
        for (int i = 0; i < damage.size(); i++) {
            script.forAddress(c.target(20 + i), damage.get(i));
        }
        int good = 50;
        int twice = 51;
        int flooded = 52;
        script.forAddress(c.target(twice), PeerAction.duplicate(2));
        script.forAddress(c.target(flooded), PeerAction.flood(2000));
        ProberEventCounts counts = new ProberEventCounts();
        try (TunPeer peer = TunPeer.start(lab.client(), script.build());
                Pinger pinger = Pinger.create()) {
            Prober prober = pinger.prober(
                    c.options()
                            .count(1)
                            .interval(Duration.ofMillis(100))
                            // room for a peer that a busy machine holds up
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    counts);
            lab.client().call(() -> {
                for (int i = 0; i < damage.size(); i++) {
                    prober.add(20 + i, c.target(20 + i));
                }
                prober.add(good, c.target(good));
                prober.add(twice, c.target(twice));
                prober.add(flooded, c.target(flooded));
                return null;
            });
            Thread.sleep(1500);
            prober.close();
            int sent = counts.total("sent");
            // every request the listener saw leave reached the wire (they leave in batches)
            assertThat(peer.awaitReceived(sent, Duration.ofSeconds(30))).isTrue();

            for (int i = 0; i < damage.size(); i++) {
                int target = 20 + i;
                assertThat(counts.get(target, "sent"))
                        .as("target %d sent", target)
                        .isPositive();
                assertThat(counts.get(target, "reply") + counts.get(target, "late") + counts.get(target, "duplicate"))
                        .as("target %d (%s): replies counted", target, damage.get(i))
                        .isZero();
            }
            for (int target : new int[] {good, twice, flooded}) {
                assertThat(counts.get(target, "sent"))
                        .as("target %d sent", target)
                        .isPositive();
                assertThat(counts.get(target, "loss"))
                        .as("target %d lost", target)
                        .isZero();
                assertThat(counts.get(target, "reply"))
                        .as("target %d replies", target)
                        .isBetween(counts.get(target, "sent") - 10, counts.get(target, "sent"));
            }
            assertThat(counts.get(good, "duplicate")).isZero();
            assertThat(counts.get(flooded, "duplicate")).isZero();
            assertThat(counts.get(twice, "duplicate")).isEqualTo(2 * counts.get(twice, "reply"));
            assertThat(counts.events()).noneMatch(key -> key.endsWith("sendFailed") || key.endsWith("error"));
        }
    }
}
