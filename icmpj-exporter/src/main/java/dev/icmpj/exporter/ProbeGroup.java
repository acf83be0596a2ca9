package dev.icmpj.exporter;

import dev.icmpj.ProberListener;
import dev.icmpj.Reply;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One probe group at run time: its prober, its {@link TargetTable}, and what is measured per group (send lag,
 * kernel drops, sockets, ICMP errors and send errors by kind). The table outlives the prober: when a reload
 * changes how the group probes, a new prober takes the same targets and slots, so counters never reset.
 *
 * <p>Threading: the prober's listener runs on the engine's loop thread; everything else on the exporter's
 * control thread; scrapes and the page read the volatile fields, the concurrent maps and the table.
 */
final class ProbeGroup {
    final String name;
    final TargetTable table;
    private final ExporterClock clock;
    private final ExporterLog log;

    /** Control thread only. */
    ProbeConfig config;

    /** Control thread only. */
    EngineProber prober;

    /** The names of the group, by host; control thread only. */
    final Map<String, NameEntry> names = new java.util.LinkedHashMap<>();

    /** What scrapes and the page iterate: published by the control thread after each change. */
    volatile List<NameEntry> published = List.of();

    final long[] lagBuckets = new long[RttBuckets.LAG.length];
    volatile double lagSum;
    final Map<Family, Long> kernelDrops = new ConcurrentHashMap<>();
    /** Drops counted by probers this group had before its current one, per family. */
    final Map<Family, Long> kernelDropsBefore = new EnumMap<>(Family.class);

    final Map<Family, Privilege> sockets = new ConcurrentHashMap<>();
    volatile Throwable failure;

    ProbeGroup(ProbeConfig config, ExporterClock clock, ExporterLog log) {
        this.name = config.name();
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.table = new TargetTable(SmokeHistory.Shape.of(config.interval().toMillis(), config.count()));
    }

    /**
     * Starts a prober for the group's current config; the prober it replaces is closed, and hears nothing more.
     *
     * @param engine the engine
     * @throws IcmpLibException when the engine refuses
     */
    void startProber(ProbeEngine engine) throws IcmpLibException {
        EngineProber started = engine.prober(config.pingOptions(Family.ANY), new Listener());
        if (prober != null) {
            kernelDrops.forEach((f, d) -> kernelDropsBefore.merge(f, d, Long::sum));
            kernelDrops.clear();
            prober.close();
        }
        prober = started;
    }

    long kernelDrops(Family family) {
        return kernelDrops.getOrDefault(family, 0L) + kernelDropsBefore.getOrDefault(family, 0L);
    }

    /** The listener of one prober: a target's number is its slot in the table. */
    private final class Listener implements ProberListener {

        @Override
        public void onSocket(Family family, Privilege privilege) {
            sockets.put(family, privilege);
        }

        @Override
        public void onSent(int target, int sequence, long lagNanos) {
            table.recordSent(target);
            double lag = lagNanos / 1e9;
            lagBuckets[RttBuckets.classic(RttBuckets.LAG, lag)]++;
            lagSum += lag;
        }

        @Override
        public void onReply(int target, Reply reply) {
            table.recordReply(target, reply.rtt() / 1000, reply.ttl(), clock.wallMillis());
        }

        @Override
        public void onError(int target, Reply error) {
            table.recordError(
                    target, error, error.message().type(), error.message().code(), clock.wallMillis());
        }

        @Override
        public void onLoss(int target, int sequence) {
            table.recordLoss(target, clock.wallMillis());
        }

        @Override
        public void onLate(int target, Reply reply) {
            table.recordLate(target);
        }

        @Override
        public void onDuplicate(int target, Reply reply) {
            table.recordDuplicate(target);
        }

        @Override
        public void onSendFailed(int target, IcmpSocketException cause) {
            table.recordSendFailure(target, cause.getMessage(), cause.errno().orElse(0), clock.wallMillis());
        }

        @Override
        public void onKernelDrops(Family family, long drops) {
            kernelDrops.put(family, drops);
        }

        @Override
        public void onFailed(Throwable cause) {
            failure = cause;
            log.error("prober stopped", "probe", name, "err", cause);
        }
    }
}
