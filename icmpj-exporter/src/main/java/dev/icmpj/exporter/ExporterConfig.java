package dev.icmpj.exporter;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration: name lookups and probe groups.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the file it was read from; empty when made from the command line
 * @param dns how names are looked up again
 * @param probes the probe groups, with distinct names
 */
public record ExporterConfig(Optional<Path> file, DnsConfig dns, List<ProbeConfig> probes) {
    /** Copies the list. */
    public ExporterConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dns, "dns");
        probes = List.copyOf(probes);
    }

    /** The directory relative file SD paths start from: the config file's, else the working directory. */
    Path baseDirectory() {
        return file.map(f -> f.toAbsolutePath().getParent()).orElse(Path.of("").toAbsolutePath());
    }
}
