package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Pinger;
import dev.icmpj.Targets;
import dev.icmpj.socket.Family;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How {@code icmpj multiping} shows its targets: an IPv4 block's addresses as the JDK writes them. */
@Timeout(30)
class FpingTargetsTest {
    private final Pinger pinger = Pinger.create();

    @AfterEach
    void close() {
        pinger.close();
    }

    private FpingTargets resolve(boolean generate, String... given) {
        return FpingTargets.resolve(
                List.of(given),
                generate,
                pinger,
                Family.ANY,
                false,
                false,
                FpingTargets.Naming.GIVEN,
                false,
                line -> {});
    }

    @Test
    void display_blocksRangesAndAddresses_theAddressOfEachTarget() {
        FpingTargets generated = resolve(true, "10.0.255.250", "10.1.0.5");
        FpingTargets given = resolve(false, "127.0.0.1", "198.18.0.5/30", "255.255.255.254/31", "fd00::/126", "::1");
        FpingTargets top = resolve(true, "255.255.255.0/24");

        for (FpingTargets targets : List.of(generated, given, top)) {
            List<String> shown = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int t = 0; t < targets.size(); t++) {
                shown.add(targets.display(t));
                expected.add(targets.targets().get(t));
            }

            assertThat(shown).isEqualTo(expected);
        }
        assertThat(generated.size()).isEqualTo(12);
        assertThat(generated.display(5)).isEqualTo("10.0.255.255");
        assertThat(generated.display(6)).isEqualTo("10.1.0.0");
        assertThat(given.display(0)).isEqualTo("127.0.0.1");
        assertThat(given.display(1)).isEqualTo("198.18.0.5");
        assertThat(given.display(3)).isEqualTo("255.255.255.254");
        assertThat(given.display(4)).isEqualTo("255.255.255.255");
        assertThat(given.display(5)).isEqualTo("fd00::");
        assertThat(top.display(top.size() - 1)).isEqualTo("255.255.255.254");
        assertThat(Targets.cidr("198.18.0.5/30").get(0)).isEqualTo("198.18.0.5");
    }
}
