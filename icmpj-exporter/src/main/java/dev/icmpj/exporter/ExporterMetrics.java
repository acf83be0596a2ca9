package dev.icmpj.exporter;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Every metric, now. */
    MetricSnapshots collect() {
        List<CounterDataPointSnapshot> requests = new ArrayList<>();
        List<CounterDataPointSnapshot> replies = new ArrayList<>();
        List<CounterDataPointSnapshot> lost = new ArrayList<>();
        List<CounterDataPointSnapshot> late = new ArrayList<>();
        List<CounterDataPointSnapshot> duplicates = new ArrayList<>();
        List<CounterDataPointSnapshot> icmpErrors = new ArrayList<>();
        List<CounterDataPointSnapshot> sendErrors = new ArrayList<>();
        List<CounterDataPointSnapshot> ttlChanges = new ArrayList<>();
        List<GaugeDataPointSnapshot> ttl = new ArrayList<>();
        List<HistogramDataPointSnapshot> rtt = new ArrayList<>();
        List<InfoDataPointSnapshot> info = new ArrayList<>();
        List<CounterDataPointSnapshot> lookups = new ArrayList<>();
        List<GaugeDataPointSnapshot> targets = new ArrayList<>();
        List<CounterDataPointSnapshot> drops = new ArrayList<>();
        List<HistogramDataPointSnapshot> lag = new ArrayList<>();
        List<InfoDataPointSnapshot> sockets = new ArrayList<>();

        TargetTable.Counts c = new TargetTable.Counts();
        Sorted sorted = sorted();
        Map<ProbeGroup, Map<Integer, Labels>> labelsBySlot = new java.util.HashMap<>();
        for (int k = 0; k < sorted.targets.length; k++) {
            ProbeGroup g = sorted.groups[k];
            Target t = sorted.targets[k];
            Labels l = sorted.labels[k];
            labelsBySlot.computeIfAbsent(g, x -> new java.util.HashMap<>()).put(t.slot, l);
            g.table.read(t.slot, c);
            requests.add(counter(c.requests, l));
            replies.add(counter(c.replies, l));
            lost.add(counter(c.lost, l));
            late.add(counter(c.late, l));
            duplicates.add(counter(c.duplicates, l));
            ttlChanges.add(counter(c.ttlChanges, l));
            if (c.ttl >= 0) {
                ttl.add(new GaugeDataPointSnapshot(c.ttl, l, null));
            }
            rtt.add(histogram(c, l));
            if (t.address != null) {
                info.add(new InfoDataPointSnapshot(l.add("ip", dev.icmpj.packet.AddressText.of(t.address))));
            }
        }
        for (ProbeGroup g : exporter.groups()) {
            Labels probe = Labels.of("probe", g.name);
            int probed = 0;
            for (NameEntry name : g.published) {
                if (!name.literal) {
                    Labels l = Labels.of("probe", g.name, "target", name.host);
                    lookups.add(counter(name.lookupsOk, l.add("result", "success")));
                    lookups.add(counter(name.lookupsFailed, l.add("result", "failure")));
                }
                probed += name.publishedTargets.length;
            }
            Map<Integer, Labels> bySlot = labelsBySlot.getOrDefault(g, Map.of());
            g.icmpErrors.forEach((key, count) -> {
                Labels l = bySlot.get((int) (key >>> 16));
                if (l != null) {
                    int type = (int) (key >>> 8) & 0xFF;
                    int code = (int) (key & 0xFF);
                    icmpErrors.add(counter(
                            count[0], l.add("type", Integer.toString(type)).add("code", Integer.toString(code))));
                }
            });
            g.sendErrors.forEach((key, count) -> {
                Labels l = bySlot.get((int) (key >>> 16));
                if (l != null) {
                    sendErrors.add(counter(count[0], l.add("errno", Errno.name((int) (key & 0xFFFF)))));
                }
            });
            targets.add(new GaugeDataPointSnapshot(probed, probe, null));
            for (Family f : List.of(Family.IPV4, Family.IPV6)) {
                Privilege p = g.sockets.get(f);
                if (p != null) {
                    String mode = p == Privilege.PRIVILEGED ? "raw" : "ping";
                    sockets.add(new InfoDataPointSnapshot(
                            probe.add("family", Target.familyLabel(f)).add("mode", mode)));
                    drops.add(counter(g.kernelDrops(f), probe.add("family", Target.familyLabel(f))));
                }
            }
            long[] lagCounts = g.lagBuckets.clone();
            lag.add(new HistogramDataPointSnapshot(
                    ClassicHistogramBuckets.of(RttBuckets.LAG, lagCounts), g.lagSum, probe, Exemplars.EMPTY, 0));
        }

        List<MetricSnapshot> out = new ArrayList<>();
        out.add(new CounterSnapshot(
                meta("icmpj_requests", "Echo requests whose fate is decided: replies + lost + ICMP errors."),
                requests));
        out.add(new CounterSnapshot(
                meta("icmpj_replies", "Echo replies received before their request's timeout."), replies));
        out.add(new CounterSnapshot(
                meta("icmpj_lost", "Echo requests neither answered nor refused by their timeout."), lost));
        out.add(new CounterSnapshot(
                meta("icmpj_late_replies", "Echo replies that came after their request was counted lost."), late));
        out.add(new CounterSnapshot(
                meta("icmpj_duplicates", "Further copies of the reply to an answered request."), duplicates));
        out.add(new CounterSnapshot(
                meta("icmpj_icmp_errors", "ICMP errors that decided a request, by ICMP type and code."), icmpErrors));
        out.add(new CounterSnapshot(
                meta("icmpj_send_errors", "Echo requests that could not be sent, by errno."), sendErrors));
        out.add(new HistogramSnapshot(
                meta("icmpj_rtt_seconds", "Round trip time of echo replies received in time.", Unit.SECONDS), rtt));
        out.add(new GaugeSnapshot(meta("icmpj_reply_ttl", "TTL (hop limit) of the last echo reply."), ttl));
        out.add(new CounterSnapshot(
                meta("icmpj_reply_ttl_changes", "Echo replies whose TTL differed from the previous reply's."),
                ttlChanges));
        out.add(new InfoSnapshot(meta("icmpj_target", "The address a target is probed at."), info));
        out.add(new CounterSnapshot(meta("icmpj_dns_lookups", "Name lookups of targets, by result."), lookups));
        out.add(new GaugeSnapshot(meta("icmpj_targets", "Addresses probed, per probe group."), targets));
        out.add(new CounterSnapshot(
                meta(
                        "icmpj_kernel_drops",
                        "Datagrams the kernel dropped at a prober socket because its receive buffer was full."),
                drops));
        out.add(new HistogramSnapshot(
                meta("icmpj_send_lag_seconds", "How long after its scheduled time each request left.", Unit.SECONDS),
                lag));
        out.add(new InfoSnapshot(
                meta("icmpj_socket", "The sockets of a probe group: raw or ping (unprivileged)."), sockets));
        out.add(new GaugeSnapshot(
                meta("icmpj_config_last_reload_successful", "Whether the last config reload succeeded."),
                List.of(new GaugeDataPointSnapshot(exporter.lastReloadSuccessful() ? 1 : 0, Labels.EMPTY, null))));
        out.add(new GaugeSnapshot(
                meta(
                        "icmpj_config_last_reload_success_timestamp_seconds",
                        "When the config was last loaded successfully.",
                        Unit.SECONDS),
                List.of(new GaugeDataPointSnapshot(exporter.lastReloadSuccessMillis() / 1000.0, Labels.EMPTY, null))));
        out.add(new InfoSnapshot(
                meta("icmpj_build", "The exporter's version and the Java runtime it runs on."),
                List.of(new InfoDataPointSnapshot(Labels.of(
                        "version", version, "java_version", Runtime.version().toString())))));
        return new MetricSnapshots(out);
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
