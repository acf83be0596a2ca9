package dev.icmpj.exporter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets of one {@link FileSdConfig}: its files are looked at every {@link #CHECK_EVERY} (a stat each)
 * and read again when one changed, appeared or went, and every refresh interval in any case. A file that
 * cannot be read or parsed keeps its previous targets, and the error is logged with its line and column.
 *
 * <p>Not thread-safe: used by the control thread only.
 */
final class FileSdWatch {
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final FileSdConfig config;
    private final Path base;
    private final ExporterLog log;
    private final String group;
    private final Map<Path, String> fingerprints = new HashMap<>();
    private final Map<Path, List<TargetConfig>> byFile = new HashMap<>();
    private List<TargetConfig> targets = List.of();
    private long checksSinceRead;

    FileSdWatch(FileSdConfig config, Path base, ExporterLog log, String group) {
        this.config = config;
        this.base = base;
        this.log = log;
        this.group = group;
    }

    FileSdConfig config() {
        return config;
    }

    List<TargetConfig> targets() {
        return targets;
    }

    /**
     * Looks at the files, reading them when they changed (or when {@code force}, or the refresh interval is
     * over).
     *
     * @return whether the targets changed
     */
    boolean poll(boolean force) {
        checksSinceRead++;
        boolean refresh = force
                || checksSinceRead * CHECK_EVERY.toMillis()
                        >= config.refreshInterval().toMillis();
        List<Path> files = new ArrayList<>();
        for (String pattern : config.files()) {
            try {
                files.addAll(FileSdReader.expand(base, pattern));
            } catch (IOException e) {
                log.warn("cannot list target files", "probe", group, "files", pattern, "err", e.getMessage());
            }
        }
        Map<Path, String> now = new HashMap<>();
        for (Path f : files) {
            now.put(f, FileSdReader.fingerprint(f));
        }
        if (!refresh && now.equals(fingerprints)) {
            return false;
        }
        checksSinceRead = 0;
        byFile.keySet().retainAll(now.keySet());
        for (Path f : files) {
            if (!refresh && now.get(f).equals(fingerprints.get(f)) && byFile.containsKey(f)) {
                continue;
            }
            try {
                byFile.put(f, FileSdReader.read(f));
            } catch (ConfigException e) {
                log.error("cannot read target file; its previous targets stay", "probe", group, "err", e.getMessage());
            }
        }
        fingerprints.clear();
        fingerprints.putAll(now);
        List<TargetConfig> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(byFile.getOrDefault(f, List.of()));
        }
        boolean changed = !all.equals(targets);
        targets = List.copyOf(all);
        return changed;
    }
}
