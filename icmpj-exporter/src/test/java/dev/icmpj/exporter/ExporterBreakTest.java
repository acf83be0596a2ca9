package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exporter under abuse: configs of many targets, changed wholesale by reloads. */
class ExporterBreakTest {

    /** A group of literals only (the fake engine sends nothing): IPv4 from 198.18.0.0/15, or IPv6 from fd00::/8. */
    private static String config(int targets, boolean ipv6) {
        StringBuilder yaml = new StringBuilder("""
                probes:
                  - name: big
                    interval: 1s
                    timeout: 500ms
                    targets:
                """);
        for (int i = 0; i < targets; i++) {
            yaml.append("      - ");
            if (ipv6) {
                yaml.append("fd00::7:")
                        .append(Integer.toHexString(i >> 16))
                        .append(':')
                        .append(Integer.toHexString(i & 0xFFFF));
            } else {
                yaml.append("198.")
                        .append(18 + (i >> 16))
                        .append('.')
                        .append((i >> 8) & 0xFF)
                        .append('.')
                        .append(i & 0xFF);
            }
            yaml.append('\n');
        }
        return yaml.toString();
    }

    @Test
    @Timeout(180)
    void reload_100kTargetsReplacedBy100kOthers_costsAboutWhatAddingThemDid() throws Exception {
        String first = config(100_000, false);
        try (Rig rig = new Rig()) {
            long t0 = System.nanoTime();
            rig.apply(first);
            long applied = System.nanoTime() - t0;
            assertThat(rig.engine.last().targets).hasSize(100_000);

            long t1 = System.nanoTime();
            assertThat(rig.reload(config(100_000, true))).isTrue();
            long replaced = System.nanoTime() - t1;
            assertThat(rig.engine.last().targets).hasSize(100_000);
            assertThat(rig.engine.last().targets.values())
                    .allMatch(address -> address instanceof java.net.Inet6Address);

            assertThat(rig.reload(config(1, false))).isTrue();
            assertThat(rig.engine.last().targets).hasSize(1);
            assertThat(rig.scrape().all("icmpj_requests_total")).hasSize(1);
            // removing 100,000 names and adding as many is twice the work of adding them, not the square of it
            // (it took 48 s to the apply's 3 s when each removal copied the names left); room for a busy machine
            assertThat(replaced)
                    .as("apply %d ms, replace %d ms", applied / 1_000_000, replaced / 1_000_000)
                    .isLessThan(5 * applied + 2_000_000_000L);
        }
    }
}
