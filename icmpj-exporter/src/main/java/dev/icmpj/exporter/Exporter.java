package dev.icmpj.exporter;

import dev.icmpj.NameLookupException;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import io.prometheus.metrics.model.snapshots.Labels;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The exporter at run time: probe groups built from the config, their names looked up on a schedule, their
 * target files watched, and reloads that keep what stays. Every change runs on the control thread
 * ({@link ControlScheduler}); metrics and the page read what it publishes.
 *
 * <p>A reload applies a new config as a difference: a group that probes as before keeps its prober; one whose
 * probing settings changed gets a new prober for the same targets and slots (counters go on); targets that
 * stay keep their slots and series; targets and groups that went are removed with their series. A name
 * lookup that fails is counted and logged, and the name's last address, if any, keeps being probed.
 *
 * <p>Thread-safe: public methods hand their work to the control thread.
 */
public final class Exporter implements AutoCloseable {
    /** How long a freed slot stays unused: longer than a scrape under way that still shows its old target. */
    private static final long SLOT_QUARANTINE_MILLIS = 10_000;

    private final ProbeEngine engine;
    private final NameResolver resolver;
    private final ExporterClock clock;
    private final ExporterLog log;
    private final ControlScheduler control;

    /** Control thread only. */
    private final Map<String, ProbeGroup> groups = new LinkedHashMap<>();

    private final Map<String, FileSdWatch> watches = new HashMap<>();
    private ExporterConfig config;

    private volatile List<ProbeGroup> publishedGroups = List.of();
    private volatile ExporterConfig publishedConfig;
    private volatile boolean lastReloadSuccessful;
    private volatile long lastReloadSuccessMillis;
    private volatile String lastReloadError = "";
    private volatile boolean closed;
    /** Bumped on the control thread whenever the published targets or their labels change. */
    private volatile long generation;

    /**
     * Creates an exporter with no config yet; {@link #apply} gives it one.
     *
     * @param engine the probe engine
     * @param resolver how names are looked up
     * @param clock the wall clock
     * @param log where to log
     * @param control the control thread
     */
    Exporter(
            ProbeEngine engine, NameResolver resolver, ExporterClock clock, ExporterLog log, ControlScheduler control) {
        this.engine = engine;
        this.resolver = resolver;
        this.clock = clock;
        this.log = log;
        this.control = control;
    }

    /**
     * Applies a config (the first, or a reload's).
     *
     * @param next the config
     * @return completes once applied (names are looked up afterwards)
     */
    public CompletableFuture<Void> apply(ExporterConfig next) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        control.execute(() -> {
            try {
                applyNow(next);
                lastReloadSuccessful = true;
                lastReloadSuccessMillis = clock.wallMillis();
                lastReloadError = "";
                done.complete(null);
            } catch (RuntimeException | IcmpLibException e) {
                lastReloadSuccessful = false;
                lastReloadError = String.valueOf(e.getMessage());
                log.error("cannot apply the config", "err", e);
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Reloads: reads the config again and applies it; a config that cannot be read is refused, the old one
     * keeps running, and {@code icmpj_config_last_reload_successful} becomes 0.
     *
     * @param reader reads the config, throwing {@link ConfigException} for a bad one
     * @return completes with whether the reload succeeded
     */
    public CompletableFuture<Boolean> reload(ConfigSource reader) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        control.execute(() -> {
            ExporterConfig next;
            try {
                next = reader.read();
            } catch (ConfigException e) {
                lastReloadSuccessful = false;
                lastReloadError = e.getMessage();
                log.error("reload refused; the previous config keeps running", "err", e.getMessage());
                done.complete(false);
                return;
            }
            try {
                applyNow(next);
                lastReloadSuccessful = true;
                lastReloadSuccessMillis = clock.wallMillis();
                lastReloadError = "";
                log.info("config reloaded", "probes", next.probes().size());
                done.complete(true);
            } catch (RuntimeException | IcmpLibException e) {
                lastReloadSuccessful = false;
                lastReloadError = String.valueOf(e.getMessage());
                log.error("reload failed", "err", e);
                done.complete(false);
            }
        });
        return done;
    }

    /** Reads a config: a file, or the command line's. */
    @FunctionalInterface
    public interface ConfigSource {
        /**
         * Reads it.
         *
         * @return the config
         * @throws ConfigException when it is wrong
         */
        ExporterConfig read() throws ConfigException;
    }

    private void applyNow(ExporterConfig next) throws IcmpLibException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        // groups that went
        for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (next.probes().stream().noneMatch(p -> p.name().equals(e.getKey()))) {
                ProbeGroup group = e.getValue();
                for (NameEntry name : List.copyOf(group.names.values())) {
                    removeName(group, name);
                }
                group.published = List.of();
                group.prober.close();
                stopWatches(group.name);
                it.remove();
                log.info("probe group removed", "probe", group.name);
            }
        }
        Map<String, ProbeGroup> ordered = new LinkedHashMap<>();
        for (ProbeConfig probe : next.probes()) {
            ProbeGroup group = groups.get(probe.name());
            if (group == null) {
                group = new ProbeGroup(probe, clock, log);
                group.startProber(engine);
            } else if (!group.config.probesLike(probe)) {
                group.config = probe;
                group.startProber(engine);
                for (NameEntry name : group.names.values()) {
                    for (Target t : name.targets.values()) {
                        t.id = -1;
                        addToProber(group, t);
                    }
                }
                log.info("probe group changed its probing; targets moved to a new prober", "probe", probe.name());
            } else {
                group.config = probe;
            }
            ordered.put(probe.name(), group);
        }
        groups.clear();
        groups.putAll(ordered);
        config = next;
        for (ProbeGroup group : groups.values()) {
            restartWatches(group, next);
            syncTargets(group);
        }
        publishedConfig = next;
        publishGroups();
        generation++;
    }

    /** Makes a group's names those of its listed targets and files (listed ones win over files). */
    private void syncTargets(ProbeGroup group) {
        Map<String, TargetConfig> wanted = new LinkedHashMap<>();
        for (TargetConfig t : group.config.targets()) {
            wanted.putIfAbsent(t.host(), t);
        }
        for (FileSdWatch w : watchesOf(group.name)) {
            for (TargetConfig t : w.targets()) {
                wanted.putIfAbsent(t.host(), t);
            }
        }
        for (NameEntry name : List.copyOf(group.names.values())) {
            if (!wanted.containsKey(name.host)) {
                removeName(group, name);
            }
        }
        for (TargetConfig t : wanted.values()) {
            NameEntry name = group.names.get(t.host());
            if (name == null) {
                boolean literal = literal(t.host()) != null;
                name = new NameEntry(t.host(), literal, t);
                group.names.put(t.host(), name);
                NameEntry added = name;
                if (literal) {
                    // nothing to look up: probed as soon as the config is applied
                    lookUp(group, added);
                } else {
                    control.execute(() -> lookUp(group, added));
                }
            } else if (!name.config.equals(t)) {
                name.config = t;
            }
            for (Target target : name.targets.values()) {
                target.labels = labels(group.config, name.config, target.family);
            }
        }
        group.published = List.copyOf(group.names.values());
        generation++;
    }

    /**
     * Removes a name and its targets; the caller publishes the group's names once it removed all it removes
     * (a copy of the names per name removed made a reload that replaced 100,000 names take 48 s).
     */
    private void removeName(ProbeGroup group, NameEntry name) {
        name.removed = true;
        if (name.nextLookup != null) {
            name.nextLookup.cancel(false);
        }
        for (Target t : List.copyOf(name.targets.values())) {
            removeTarget(group, name, t);
        }
        group.names.remove(name.host);
        generation++;
    }

    private void removeTarget(ProbeGroup group, NameEntry name, Target t) {
        if (t.id >= 0) {
            group.prober.remove(t.id);
            t.id = -1;
        }
        group.table.free(t.slot, clock.wallMillis(), SLOT_QUARANTINE_MILLIS);
        name.targets.remove(t.family);
        name.publish();
        generation++;
    }

    /** Looks a name up off the control thread and applies the result on it. */
    private void lookUp(ProbeGroup group, NameEntry name) {
        if (name.removed || closed) {
            return;
        }
        InetAddress literal = name.literal ? literal(name.host) : null;
        if (literal != null) {
            resolved(group, name, List.of(literal), null);
            return;
        }
        control.blocking(() -> {
            List<InetAddress> found = null;
            NameLookupException failure = null;
            try {
                found = resolver.resolve(name.host);
            } catch (NameLookupException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new NameLookupException(name.host, "cannot resolve " + name.host + ": " + e, e);
            }
            List<InetAddress> result = found;
            NameLookupException error = failure;
            control.execute(() -> resolved(group, name, result, error));
        });
    }

    private void resolved(ProbeGroup group, NameEntry name, List<InetAddress> found, NameLookupException failure) {
        if (name.removed || closed || groups.get(group.name) != group) {
            return;
        }
        DnsConfig dns = config.dns();
        name.settled = true;
        boolean changed = false;
        if (failure != null) {
            name.lookupsFailed++;
            name.lookupError = failure.getMessage();
            log.warn("name lookup failed", "probe", group.name, "target", name.host, "err", failure.getMessage());
            changed = true;
        } else {
            if (!name.literal) {
                name.lookupsOk++;
            }
            name.lookupError = null;
            List<Family> families = found.stream().map(Family::of).distinct().toList();
            List<Family> probed =
                    name.config == null ? List.of() : group.config.family().probed(families);
            if (probed.isEmpty() && !name.literal) {
                name.lookupError = name.host + " has no address of family "
                        + group.config.family().text();
            } else if (probed.isEmpty()) {
                name.lookupError =
                        name.host + " is not of family " + group.config.family().text();
            }
            for (Target t : List.copyOf(name.targets.values())) {
                if (!probed.contains(t.family)) {
                    removeTarget(group, name, t);
                    changed = true;
                }
            }
            for (Family family : probed) {
                InetAddress address = found.stream()
                        .filter(a -> Family.of(a) == family)
                        .findFirst()
                        .orElseThrow();
                Target t = name.targets.get(family);
                if (t == null) {
                    int slot = group.table.allocate(clock.wallMillis());
                    t = new Target(name.host, family, slot, labels(group.config, name.config, family));
                    t.address = address;
                    name.targets.put(family, t);
                    addToProber(group, t);
                    changed = true;
                } else if (!address.equals(t.address)) {
                    log.info(
                            "address changed",
                            "probe",
                            group.name,
                            "target",
                            name.host,
                            "from",
                            AddressText.of(t.address),
                            "to",
                            AddressText.of(address));
                    if (t.id >= 0) {
                        group.prober.remove(t.id);
                        t.id = -1;
                    }
                    t.address = address;
                    addToProber(group, t);
                    changed = true;
                } else if (t.id < 0) {
                    addToProber(group, t);
                }
            }
            name.publish();
            generation++;
        }
        // a literal is looked at again only to retry a refused add
        boolean retry = name.targets.values().stream().anyMatch(t -> t.id < 0);
        if (name.literal && !retry) {
            return;
        }
        Duration delay;
        if (changed || name.nextDelay == null || retry) {
            delay = dns.minRefresh();
        } else {
            delay = name.nextDelay.multipliedBy(2);
            if (delay.compareTo(dns.maxRefresh()) > 0) {
                delay = dns.maxRefresh();
            }
        }
        name.nextDelay = delay;
        name.nextLookup = control.schedule(() -> lookUp(group, name), delay);
    }

    private void addToProber(ProbeGroup group, Target t) {
        try {
            group.prober.add(t.slot, t.address);
            t.id = t.slot;
            t.addError = null;
        } catch (IcmpLibException | RuntimeException e) {
            t.id = -1;
            t.addError = e.getMessage();
            log.error(
                    "cannot probe target",
                    "probe",
                    group.name,
                    "target",
                    t.host,
                    "ip",
                    AddressText.of(t.address),
                    "err",
                    e.getMessage());
        }
    }

    /** The series labels of a target: probe, target, family, source, the group's labels, the target's. */
    static Labels labels(ProbeConfig probe, TargetConfig target, Family family) {
        TreeMap<String, String> all = new TreeMap<>(probe.labels());
        all.putAll(target.labels());
        all.put("probe", probe.name());
        all.put("target", target.host());
        all.put("family", Target.familyLabel(family));
        // an empty label is no label to Prometheus: unset, it costs no bytes in every series
        probe.source().ifPresent(source -> all.put("source", AddressText.of(source)));
        return Labels.of(all.keySet().toArray(new String[0]), all.values().toArray(new String[0]));
    }

    private void restartWatches(ProbeGroup group, ExporterConfig next) {
        List<FileSdConfig> wanted = group.config.fileSd();
        List<FileSdWatch> current = watchesOf(group.name);
        if (current.stream().map(FileSdWatch::config).toList().equals(wanted)) {
            return;
        }
        stopWatches(group.name);
        for (int i = 0; i < wanted.size(); i++) {
            FileSdWatch w = new FileSdWatch(wanted.get(i), next.baseDirectory(), log, group.name);
            watches.put(group.name + "#" + i, w);
            w.poll(true);
            scheduleWatch(group.name, group.name + "#" + i, w);
        }
    }

    private void scheduleWatch(String groupName, String key, FileSdWatch w) {
        control.schedule(
                () -> {
                    if (watches.get(key) != w || closed) {
                        return;
                    }
                    if (w.poll(false)) {
                        ProbeGroup g = groups.get(groupName);
                        if (g != null) {
                            syncTargets(g);
                        }
                    }
                    scheduleWatch(groupName, key, w);
                },
                FileSdWatch.CHECK_EVERY);
    }

    private List<FileSdWatch> watchesOf(String group) {
        List<FileSdWatch> out = new ArrayList<>();
        for (int i = 0; watches.containsKey(group + "#" + i); i++) {
            out.add(watches.get(group + "#" + i));
        }
        return out;
    }

    private void stopWatches(String group) {
        watches.keySet().removeIf(k -> k.startsWith(group + "#"));
    }

    private void publishGroups() {
        publishedGroups = List.copyOf(groups.values());
    }

    private static InetAddress literal(String host) {
        try {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A number that changes whenever the published targets or their labels change. */
    long generation() {
        return generation;
    }

    /** Ready: a config is applied and every name had its first lookup. */
    boolean ready() {
        if (publishedConfig == null) {
            return false;
        }
        for (ProbeGroup g : publishedGroups) {
            for (NameEntry n : g.published) {
                if (!n.settled) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The groups as last applied, for scrapes and the page. */
    List<ProbeGroup> groups() {
        return publishedGroups;
    }

    /** The config as last applied, if any. */
    Optional<ExporterConfig> config() {
        return Optional.ofNullable(publishedConfig);
    }

    boolean lastReloadSuccessful() {
        return lastReloadSuccessful;
    }

    long lastReloadSuccessMillis() {
        return lastReloadSuccessMillis;
    }

    String lastReloadError() {
        return lastReloadError;
    }

    ExporterClock clock() {
        return clock;
    }

    /** Stops probing and the control thread; the engine is the caller's. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        control.execute(() -> {
            closed = true;
            for (ProbeGroup g : groups.values()) {
                g.prober.close();
            }
        });
        // runs the task above, then stops
        control.close();
        closed = true;
    }
}
