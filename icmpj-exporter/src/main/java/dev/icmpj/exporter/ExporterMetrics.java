package dev.icmpj.exporter;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the exporter's own state into the Prometheus client's snapshots, for its exposition writers: the
 * counters and histograms live in the probe groups' {@link TargetTable}s, not in the client's registry, so a
 * scrape reads each target once (a consistent copy) and builds no metric objects between scrapes.
 *
 * <p>{@code icmpj_requests_total} counts requests whose fate is decided, so that at any scrape
 * {@code requests = replies + lost + sum(icmp_errors)} for each target: a request in flight is in none of
 * them (smokeping_prober counts it sent and not answered, which reads as loss).
 *
 * <p>Thread-safe: each scrape builds its own snapshots.
 */
final class ExporterMetrics {
    private final Exporter exporter;
    private final String version;

    ExporterMetrics(Exporter exporter, String version) {
        this.exporter = exporter;
        this.version = version;
    }

    private static MetricMetadata meta(String name, String help) {
        return new MetricMetadata(name, help);
    }

    private static MetricMetadata meta(String name, String help, Unit unit) {
        return new MetricMetadata(name, help, unit);
    }

    /** Every target's counts, read once per scrape, each target consistently (its slot's seqlock). */
    private record Reading(Sorted sorted, TargetTable.Counts[] counts) {}

    private Reading read() {
        Sorted sorted = sorted();
        TargetTable.Counts[] counts = new TargetTable.Counts[sorted.targets.length];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = new TargetTable.Counts();
            sorted.groups[k].table.read(sorted.targets[k].slot, counts[k]);
        }
        return new Reading(sorted, counts);
    }

    /** Every metric, now, in memory at once: for tests; scrapes use {@link #write}. */
    MetricSnapshots collect() {
        Reading r = read();
        List<MetricSnapshot> out = new ArrayList<>();
        for (int family = 0; family < FAMILIES; family++) {
            out.add(family(family, r));
        }
        return new MetricSnapshots(out);
    }

    /**
     * Writes every metric, one family at a time, so that a scrape holds the objects of one family at once (the
     * targets' counts are read first, once, so every family shows the same moment of each target).
     *
     * @param writer the exposition writer the scraper asked for
     * @param out where to write
     * @param escaping the escaping scheme the scraper asked for
     * @throws IOException when writing fails
     */
    void write(ExpositionFormatWriter writer, OutputStream out, EscapingScheme escaping) throws IOException {
        Reading r = read();
        // OpenMetrics writers end each write with "# EOF": only the last family's may stay
        TrailerFilter filtered = new TrailerFilter(out);
        for (int family = 0; family < FAMILIES; family++) {
            MetricSnapshot snapshot = family(family, r);
            filtered.last = family == FAMILIES - 1;
            writer.write(filtered, new MetricSnapshots(snapshot), escaping);
        }
        filtered.flush();
    }

    private static final int FAMILIES = 19;

    private MetricSnapshot family(int family, Reading r) {
        Sorted s = r.sorted();
        TargetTable.Counts[] c = r.counts();
        int n = c.length;
        return switch (family) {
            case 0 ->
                counters(
                        "icmpj_requests",
                        "Echo requests whose fate is decided: replies + lost + ICMP errors.",
                        s,
                        c,
                        x -> x.requests);
            case 1 ->
                counters(
                        "icmpj_replies", "Echo replies received before their request's timeout.", s, c, x -> x.replies);
            case 2 ->
                counters(
                        "icmpj_lost",
                        "Echo requests neither answered nor refused by their timeout.",
                        s,
                        c,
                        x -> x.lost);
            case 3 ->
                counters(
                        "icmpj_late_replies",
                        "Echo replies that came after their request was counted lost.",
                        s,
                        c,
                        x -> x.late);
            case 4 ->
                counters(
                        "icmpj_duplicates",
                        "Further copies of the reply to an answered request.",
                        s,
                        c,
                        x -> x.duplicates);
            case 5 -> {
                List<CounterDataPointSnapshot> points = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    for (long e : c[k].errorKinds) {
                        int key = TargetTable.key(e);
                        points.add(counter(
                                TargetTable.count(e),
                                s.labels[k]
                                        .add("type", Integer.toString(key >>> 8))
                                        .add("code", Integer.toString(key & 0xFF))));
                    }
                }
                yield new CounterSnapshot(
                        meta("icmpj_icmp_errors", "ICMP errors that decided a request, by ICMP type and code."),
                        points);
            }
            case 6 -> {
                List<CounterDataPointSnapshot> points = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    for (long e : c[k].sendErrnos) {
                        points.add(counter(
                                TargetTable.count(e), s.labels[k].add("errno", Errno.name(TargetTable.key(e)))));
                    }
                }
                yield new CounterSnapshot(
                        meta("icmpj_send_errors", "Echo requests that could not be sent, by errno."), points);
            }
            case 7 -> {
                List<HistogramDataPointSnapshot> points = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    points.add(histogram(c[k], s.labels[k]));
                }
                yield new HistogramSnapshot(
                        meta("icmpj_rtt_seconds", "Round trip time of echo replies received in time.", Unit.SECONDS),
                        points);
            }
            case 8 -> {
                List<GaugeDataPointSnapshot> points = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    if (c[k].ttl >= 0) {
                        points.add(new GaugeDataPointSnapshot(c[k].ttl, s.labels[k], null));
                    }
                }
                yield new GaugeSnapshot(meta("icmpj_reply_ttl", "TTL (hop limit) of the last echo reply."), points);
            }
            case 9 ->
                counters(
                        "icmpj_reply_ttl_changes",
                        "Echo replies whose TTL differed from the previous reply's.",
                        s,
                        c,
                        x -> x.ttlChanges);
            case 10 -> {
                List<InfoDataPointSnapshot> points = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    java.net.InetAddress address = s.targets[k].address;
                    if (address != null) {
                        points.add(new InfoDataPointSnapshot(
                                s.labels[k].add("ip", dev.icmpj.packet.AddressText.of(address))));
                    }
                }
                yield new InfoSnapshot(meta("icmpj_target", "The address a target is probed at."), points);
            }
            case 11 -> {
                List<CounterDataPointSnapshot> points = new ArrayList<>();
                for (ProbeGroup g : exporter.groups()) {
                    for (NameEntry name : g.published) {
                        if (!name.literal) {
                            Labels l = Labels.of("probe", g.name, "target", name.host);
                            points.add(counter(name.lookupsOk, l.add("result", "success")));
                            points.add(counter(name.lookupsFailed, l.add("result", "failure")));
                        }
                    }
                }
                yield new CounterSnapshot(meta("icmpj_dns_lookups", "Name lookups of targets, by result."), points);
            }
            case 12 -> {
                List<GaugeDataPointSnapshot> points = new ArrayList<>();
                for (ProbeGroup g : exporter.groups()) {
                    int probed = 0;
                    for (NameEntry name : g.published) {
                        probed += name.publishedTargets.length;
                    }
                    points.add(new GaugeDataPointSnapshot(probed, Labels.of("probe", g.name), null));
                }
                yield new GaugeSnapshot(meta("icmpj_targets", "Addresses probed, per probe group."), points);
            }
            case 13 -> {
                List<CounterDataPointSnapshot> points = new ArrayList<>();
                for (ProbeGroup g : exporter.groups()) {
                    for (Family f : List.of(Family.IPV4, Family.IPV6)) {
                        if (g.sockets.containsKey(f)) {
                            points.add(counter(
                                    g.kernelDrops(f), Labels.of("probe", g.name, "family", Target.familyLabel(f))));
                        }
                    }
                }
                yield new CounterSnapshot(
                        meta(
                                "icmpj_kernel_drops",
                                "Datagrams the kernel dropped at a prober socket because its receive buffer was full."),
                        points);
            }
            case 14 -> {
                List<HistogramDataPointSnapshot> points = new ArrayList<>();
                for (ProbeGroup g : exporter.groups()) {
                    points.add(new HistogramDataPointSnapshot(
                            ClassicHistogramBuckets.of(RttBuckets.LAG, g.lagBuckets.clone()),
                            g.lagSum,
                            Labels.of("probe", g.name),
                            Exemplars.EMPTY,
                            0));
                }
                yield new HistogramSnapshot(
                        meta(
                                "icmpj_send_lag_seconds",
                                "How long after its scheduled time each request left.",
                                Unit.SECONDS),
                        points);
            }
            case 15 -> {
                List<InfoDataPointSnapshot> points = new ArrayList<>();
                for (ProbeGroup g : exporter.groups()) {
                    for (Family f : List.of(Family.IPV4, Family.IPV6)) {
                        Privilege p = g.sockets.get(f);
                        if (p != null) {
                            points.add(new InfoDataPointSnapshot(Labels.of(
                                    "probe",
                                    g.name,
                                    "family",
                                    Target.familyLabel(f),
                                    "mode",
                                    p == Privilege.PRIVILEGED ? "raw" : "ping")));
                        }
                    }
                }
                yield new InfoSnapshot(
                        meta("icmpj_socket", "The sockets of a probe group: raw or ping (unprivileged)."), points);
            }
            case 16 ->
                new GaugeSnapshot(
                        meta("icmpj_config_last_reload_successful", "Whether the last config reload succeeded."),
                        List.of(new GaugeDataPointSnapshot(
                                exporter.lastReloadSuccessful() ? 1 : 0, Labels.EMPTY, null)));
            case 17 ->
                new GaugeSnapshot(
                        meta(
                                "icmpj_config_last_reload_success_timestamp_seconds",
                                "When the config was last loaded successfully.",
                                Unit.SECONDS),
                        List.of(new GaugeDataPointSnapshot(
                                exporter.lastReloadSuccessMillis() / 1000.0, Labels.EMPTY, null)));
            case 18 ->
                new InfoSnapshot(
                        meta("icmpj_build", "The exporter's version and the Java runtime it runs on."),
                        List.of(new InfoDataPointSnapshot(Labels.of(
                                "version",
                                version,
                                "java_version",
                                Runtime.version().toString()))));
            default -> throw new IllegalArgumentException("family " + family);
        };
    }

    private static CounterSnapshot counters(
            String name,
            String help,
            Sorted s,
            TargetTable.Counts[] c,
            java.util.function.ToLongFunction<TargetTable.Counts> value) {
        List<CounterDataPointSnapshot> points = new ArrayList<>(c.length);
        for (int k = 0; k < c.length; k++) {
            points.add(counter(value.applyAsLong(c[k]), s.labels[k]));
        }
        return new CounterSnapshot(meta(name, help), points);
    }

    /**
     * Passes bytes through, except an OpenMetrics "# EOF" line that ends a write which is not the last: held
     * back until the next bytes show it was not the end, dropped at the end of every write but the last.
     */
    private static final class TrailerFilter extends java.io.FilterOutputStream {
        private static final byte[] EOF = "# EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        private final byte[] held = new byte[EOF.length];
        private int heldCount;
        boolean last;

        TrailerFilter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (last) {
                releaseHeld();
                out.write(b, off, len);
                return;
            }
            // keep the last EOF.length bytes seen back; write what is older
            int total = heldCount + len;
            int release = Math.max(0, total - EOF.length);
            int fromHeld = Math.min(release, heldCount);
            if (fromHeld > 0) {
                out.write(held, 0, fromHeld);
                System.arraycopy(held, fromHeld, held, 0, heldCount - fromHeld);
                heldCount -= fromHeld;
            }
            int fromNew = release - fromHeld;
            if (fromNew > 0) {
                out.write(b, off, fromNew);
            }
            System.arraycopy(b, off + fromNew, held, heldCount, len - fromNew);
            heldCount += len - fromNew;
        }

        /** At the end of a write that is not the last: drops a held "# EOF", or writes what is held. */
        @Override
        public void flush() throws IOException {
            if (!last && heldCount == EOF.length && java.util.Arrays.equals(held, EOF)) {
                heldCount = 0;
            }
            if (last) {
                releaseHeld();
            }
            out.flush();
        }

        private void releaseHeld() throws IOException {
            if (heldCount > 0) {
                out.write(held, 0, heldCount);
                heldCount = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Every probed target with its group and labels, in the labels' order. */
    private record Sorted(long generation, ProbeGroup[] groups, Target[] targets, Labels[] labels) {}

    private volatile Sorted cache = new Sorted(-1, new ProbeGroup[0], new Target[0], new Labels[0]);

    /**
     * The targets sorted by their labels, as each snapshot sorts its data points: given in that order, the
     * snapshots' sorts are linear. Sorted again only when the targets or their labels changed.
     */
    private Sorted sorted() {
        long generation = exporter.generation();
        Sorted s = cache;
        if (s.generation() == generation) {
            return s;
        }
        record Entry(ProbeGroup group, Target target, Labels labels) {}
        List<Entry> all = new ArrayList<>();
        for (ProbeGroup g : exporter.groups()) {
            for (NameEntry name : g.published) {
                for (Target t : name.publishedTargets) {
                    all.add(new Entry(g, t, t.labels));
                }
            }
        }
        all.sort(java.util.Comparator.comparing(Entry::labels));
        int n = all.size();
        ProbeGroup[] groups = new ProbeGroup[n];
        Target[] targets = new Target[n];
        Labels[] labels = new Labels[n];
        for (int i = 0; i < n; i++) {
            groups[i] = all.get(i).group();
            targets[i] = all.get(i).target();
            labels[i] = all.get(i).labels();
        }
        s = new Sorted(generation, groups, targets, labels);
        cache = s;
        return s;
    }

    private static CounterDataPointSnapshot counter(long value, Labels labels) {
        return new CounterDataPointSnapshot(value, labels, null, 0);
    }

    private static HistogramDataPointSnapshot histogram(TargetTable.Counts c, Labels labels) {
        return new HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(RttBuckets.CLASSIC, c.buckets),
                c.schema,
                c.zeroCount,
                RttBuckets.ZERO_THRESHOLD,
                NativeHistogramBuckets.of(c.nativeIndexes, c.nativeCounts),
                NativeHistogramBuckets.EMPTY,
                c.rttSum,
                labels,
                Exemplars.EMPTY,
                0);
    }
}
