package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one scrape of 10,000 targets costs: the Prometheus client's own registry and metrics (a histogram,
 * five counters and a gauge per target, as the exporter exports) against the exporter's collector, which
 * builds snapshots from its arrays; both written by the client's text writer to a byte counter. Prints the
 * medians; asserts only a loose bound on the exporter's (a loaded machine must not fail it), since the figure
 * that matters is the benchmark's ({@code icmpj-bench/exporter.sh}).
 */
@Timeout(300)
class ScrapeCostTest {
    static final int TARGETS = 10_000;
    private static final int ROUNDS = 7;

    /** Bytes written, nothing kept. */
    static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    interface Scrape {
        long run() throws IOException;
    }

    /** The median of {@code ROUNDS} scrapes after five to warm up, in milliseconds; [0] is the bytes of one. */
    static double[] measure(Scrape scrape) throws IOException {
        long bytes = 0;
        for (int i = 0; i < 5; i++) {
            bytes = scrape.run();
        }
        double[] ms = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            scrape.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {bytes, ms[ROUNDS / 2]};
    }

    @Test
    void scrape_10kTargets_clientRegistryVersusOwnArrays() throws Exception {
        SplittableRandom random = new SplittableRandom(1);

        // the client's registry: what a straightforward exporter would do
        PrometheusRegistry registry = new PrometheusRegistry();
        String[] labels = {"probe", "target", "family", "source", "site"};
        Counter[] counters = new Counter[5];
        String[] names = {"icmpj_requests", "icmpj_replies", "icmpj_lost", "icmpj_late_replies", "icmpj_duplicates"};
        for (int i = 0; i < counters.length; i++) {
            counters[i] = Counter.builder()
                    .name(names[i])
                    .help("h")
                    .labelNames(labels)
                    .register(registry);
        }
        Gauge ttl = Gauge.builder()
                .name("icmpj_reply_ttl")
                .help("h")
                .labelNames(labels)
                .register(registry);
        Histogram rtt = Histogram.builder()
                .name("icmpj_rtt_seconds")
                .help("h")
                .classicUpperBounds(Arrays.copyOf(RttBuckets.CLASSIC, RttBuckets.CLASSIC.length - 1))
                .labelNames(labels)
                .register(registry);
        for (int t = 0; t < TARGETS; t++) {
            String[] values = {"lan", "10.0." + (t >> 8) + "." + (t & 255), "ipv4", "", "ams"};
            for (Counter c : counters) {
                c.labelValues(values).inc(random.nextInt(1000));
            }
            ttl.labelValues(values).set(64);
            for (int k = 0; k < 20; k++) {
                rtt.labelValues(values).observe(0.0001 + random.nextDouble() * 0.01);
            }
        }
        double[] client = measure(() -> {
            CountingStream out = new CountingStream();
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            return out.bytes;
        });

        // the exporter's own arrays, on the fake engine
        StringBuilder yaml = new StringBuilder("probes:\n  - name: lan\n    labels: {site: ams}\n    targets:\n");
        for (int t = 0; t < TARGETS; t++) {
            yaml.append("      - 127.1.")
                    .append(t >> 8)
                    .append('.')
                    .append(t & 255)
                    .append('\n');
        }
        double[] own;
        try (Rig rig = new Rig().apply(yaml.toString())) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            for (int id :
                    p.targets.keySet().stream().mapToInt(Integer::intValue).toArray()) {
                for (int k = 0; k < 20; k++) {
                    p.listener.onReply(id, Replies.echo(p.targets.get(id), k, 0.1 + random.nextDouble() * 10, 64));
                }
                p.listener.onLoss(id, 20);
            }
            own = measure(() -> {
                CountingStream out = new CountingStream();
                rig.metrics.write(
                        PrometheusTextFormatWriter.create(), out, io.prometheus.metrics.config.EscapingScheme.DEFAULT);
                return out.bytes;
            });
            double[] collectOnly = measure(() -> rig.metrics.collect().size());
            var snapshots = rig.metrics.collect();
            double[] writeOnly = measure(() -> {
                CountingStream out = new CountingStream();
                PrometheusTextFormatWriter.create().write(out, snapshots);
                return out.bytes;
            });
            System.out.printf("own arrays: collect %.0f ms, write %.0f ms%n", collectOnly[1], writeOnly[1]);
        }
        System.out.printf(
                "scrape of %,d targets, text format, median of %d: client registry %.0f ms (%.1f MB); own arrays %.0f ms (%.1f MB)%n",
                TARGETS, ROUNDS, client[1], client[0] / 1e6, own[1], own[0] / 1e6);
        assertThat(own[1]).isLessThan(5_000);
    }
}
