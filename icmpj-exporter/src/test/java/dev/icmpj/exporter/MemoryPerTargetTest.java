package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a target costs the exporter (not the engine): the live heap of 100,000 targets on the fake engine, each
 * with a reply recorded, against none. The budget is 300 MB of RSS for 100,000 targets with the
 * engine and the JVM; the exporter's share must leave most of it.
 */
@Timeout(300)
class MemoryPerTargetTest {
    private static final int TARGETS = 100_000;

    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    @Test
    void hundredThousandTargets_fitInTheBudget() throws Exception {
        StringBuilder yaml = new StringBuilder("probes:\n  - name: big\n    interval: 10s\n    targets:\n");
        for (int t = 0; t < TARGETS; t++) {
            yaml.append("      - 127.")
                    .append(3 + (t >> 16))
                    .append('.')
                    .append((t >> 8) & 255)
                    .append('.')
                    .append(t & 255)
                    .append('\n');
        }
        ExporterConfig config = ConfigParser.parse("big.yml", yaml.toString());
        yaml = null;
        long before = liveHeap();
        try (Rig rig = new Rig()) {
            rig.exporter.apply(config);
            rig.control.runDue();
            FakeProbeEngine.FakeProber p = rig.engine.last();
            assertThat(p.targets).hasSize(TARGETS);
            for (var e : p.targets.entrySet()) {
                p.listener.onReply(e.getKey(), Replies.echo(e.getValue(), 0, 0.1, 64));
            }
            long after = liveHeap();
            // the fake engine's own map of id -> address is not the exporter's: about 80 bytes a target
            long perTarget = (after - before) / TARGETS;
            System.out.printf(
                    "exporter state: %,d bytes per target (%.0f MB for %,d)%n",
                    perTarget, (after - before) / 1e6, TARGETS);
            assertThat(perTarget).isLessThan(2_000);
        }
    }
}
