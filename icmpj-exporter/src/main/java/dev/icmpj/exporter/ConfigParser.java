package dev.icmpj.exporter;

import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the exporter's YAML config (see docs/EXPORTER.md for every field). Every field is checked; an unknown
 * field is an error (a misspelt one would otherwise be ignored silently); every error names the file, line,
 * column and field.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigParser {
    /** Labels the exporter sets itself; a config may not set them. */
    static final Set<String> RESERVED_LABELS = Set.of("target", "ip", "family", "probe", "source");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern GROUP_NAME = Pattern.compile("[a-zA-Z0-9_.:-]+");
    private static final Set<String> TOP = Set.of("dns", "probes");
    private static final Set<String> DNS = Set.of("min_refresh", "max_refresh");
    private static final Set<String> PROBE = Set.of(
            "name",
            "interval",
            "timeout",
            "count",
            "size",
            "ttl",
            "dscp",
            "dont_fragment",
            "source",
            "interface",
            "privilege",
            "family",
            "labels",
            "targets",
            "file_sd_configs");
    private static final Set<String> TARGET = Set.of("host", "labels");
    private static final Set<String> FILE_SD = Set.of("files", "refresh_interval");

    /** Defaults of a probe group's fields. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_FILE_SD_REFRESH = Duration.ofMinutes(5);

    private ConfigParser() {}

    /**
     * Reads a config file.
     *
     * @param file the file
     * @return the config
     * @throws ConfigException when the file cannot be read or a field is wrong, with where
     */
    public static ExporterConfig read(Path file) throws ConfigException {
        Optional<YamlNodes.At> root = YamlNodes.read(file);
        return parse(Optional.of(file), root);
    }

    /**
     * Parses a config given as text, for tests and the docs.
     *
     * @param name names the text in errors
     * @param yaml the config
     * @return the config
     * @throws ConfigException when a field is wrong
     */
    public static ExporterConfig parse(String name, String yaml) throws ConfigException {
        return parse(Optional.empty(), YamlNodes.parse(name, yaml));
    }

    private static ExporterConfig parse(Optional<Path> file, Optional<YamlNodes.At> root) throws ConfigException {
        if (root.isEmpty()) {
            return new ExporterConfig(file, DnsConfig.DEFAULTS, List.of());
        }
        Map<String, YamlNodes.At> top = root.get().mapping(TOP);
        DnsConfig dns = top.containsKey("dns") ? dns(top.get("dns")) : DnsConfig.DEFAULTS;
        List<ProbeConfig> probes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (top.containsKey("probes")) {
            for (YamlNodes.At item : top.get("probes").sequence()) {
                ProbeConfig probe = probe(item);
                if (!names.add(probe.name())) {
                    throw item.error("a probe group named \"" + probe.name() + "\" is already defined");
                }
                probes.add(probe);
            }
        }
        return new ExporterConfig(file, dns, probes);
    }

    private static DnsConfig dns(YamlNodes.At at) throws ConfigException {
        Map<String, YamlNodes.At> f = at.mapping(DNS);
        Duration min = f.containsKey("min_refresh") ? positive(f.get("min_refresh")) : DnsConfig.DEFAULTS.minRefresh();
        Duration max = f.containsKey("max_refresh") ? positive(f.get("max_refresh")) : DnsConfig.DEFAULTS.maxRefresh();
        if (max.compareTo(min) < 0) {
            throw (f.containsKey("max_refresh") ? f.get("max_refresh") : at)
                    .error("max_refresh " + PromDuration.format(max) + " is shorter than min_refresh "
                            + PromDuration.format(min));
        }
        return new DnsConfig(min, max);
    }

    private static ProbeConfig probe(YamlNodes.At at) throws ConfigException {
        Map<String, YamlNodes.At> f = at.mapping(PROBE);
        String name = "default";
        if (f.containsKey("name")) {
            name = f.get("name").scalar();
            if (!GROUP_NAME.matcher(name).matches()) {
                throw f.get("name").error("\"" + name + "\" must be letters, digits and _ . : -");
            }
        }
        Duration interval = f.containsKey("interval") ? positive(f.get("interval")) : DEFAULT_INTERVAL;
        if (interval.toMillis() < 1) {
            throw f.get("interval").error("must be at least 1ms");
        }
        Duration timeout = f.containsKey("timeout") ? positive(f.get("timeout")) : DEFAULT_TIMEOUT;
        int count = f.containsKey("count") ? f.get("count").integer(1, 100) : 1;
        int size = f.containsKey("size") ? f.get("size").integer(0, 65_507) : 56;
        int ttl = f.containsKey("ttl") ? f.get("ttl").integer(1, 255) : 64;
        int dscp = f.containsKey("dscp") ? f.get("dscp").integer(0, 63) : 0;
        boolean df = f.containsKey("dont_fragment") && f.get("dont_fragment").bool();
        FamilyChoice family = f.containsKey("family") ? f.get("family").parse(FamilyChoice::parse) : FamilyChoice.ANY;
        Optional<InetAddress> source = Optional.empty();
        if (f.containsKey("source")) {
            YamlNodes.At s = f.get("source");
            InetAddress address = s.parse(text -> {
                try {
                    return InetAddress.ofLiteral(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
                }
            });
            if ((family == FamilyChoice.IPV6 && address instanceof java.net.Inet4Address)
                    || (family == FamilyChoice.IPV4 && address instanceof java.net.Inet6Address)) {
                throw s.error(AddressText.of(address) + " is not of the group's family " + family.text());
            }
            source = Optional.of(address);
        }
        Optional<String> iface = Optional.empty();
        if (f.containsKey("interface")) {
            YamlNodes.At i = f.get("interface");
            String text = i.scalar();
            if (text.isEmpty()
                    || text.length() > 15
                    || text.contains("/")
                    || text.chars().anyMatch(Character::isWhitespace)) {
                throw i.error("\"" + text + "\" is not an interface name (1..15 characters, no '/' or space)");
            }
            iface = Optional.of(text);
        }
        Privilege privilege =
                f.containsKey("privilege") ? f.get("privilege").parse(ConfigParser::privilege) : Privilege.AUTO;
        Map<String, String> labels = f.containsKey("labels") ? labels(f.get("labels")) : Map.of();
        List<TargetConfig> targets = new ArrayList<>();
        if (f.containsKey("targets")) {
            Set<String> hosts = new HashSet<>();
            for (YamlNodes.At item : f.get("targets").sequence()) {
                TargetConfig target = target(item);
                if (!hosts.add(target.host())) {
                    throw item.error("\"" + target.host() + "\" is listed twice in this group");
                }
                targets.add(target);
            }
        }
        List<FileSdConfig> fileSd = new ArrayList<>();
        if (f.containsKey("file_sd_configs")) {
            for (YamlNodes.At item : f.get("file_sd_configs").sequence()) {
                fileSd.add(fileSd(item));
            }
        }
        if (targets.isEmpty() && fileSd.isEmpty()) {
            throw at.error("the group has no targets and no file_sd_configs");
        }
        return new ProbeConfig(
                name, interval, timeout, count, size, ttl, dscp, df, source, iface, privilege, family, labels, targets,
                fileSd);
    }

    static TargetConfig target(YamlNodes.At at) throws ConfigException {
        if (at.isScalar()) {
            return new TargetConfig(host(at), Map.of(), at.origin());
        }
        Map<String, YamlNodes.At> f = at.mapping(TARGET);
        if (!f.containsKey("host")) {
            throw at.error("a target needs a host");
        }
        Map<String, String> labels = f.containsKey("labels") ? labels(f.get("labels")) : Map.of();
        return new TargetConfig(host(f.get("host")), labels, at.origin());
    }

    /** A host name or IP literal; never looked up here (a lookup failure is a metric, not a config error). */
    static String host(YamlNodes.At at) throws ConfigException {
        String host = at.scalar().strip();
        if (host.isEmpty()) {
            throw at.error("empty host");
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw at.error("\"" + host + "\" is not a host name or IP address");
        }
        return host;
    }

    static Map<String, String> labels(YamlNodes.At at) throws ConfigException {
        Map<String, String> labels = at.stringMap();
        for (String name : labels.keySet()) {
            YamlNodes.At where = at.child(name, at.node());
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw where.error("\"" + name + "\" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting __)");
            }
            if (RESERVED_LABELS.contains(name)) {
                throw where.error("\"" + name + "\" is set by the exporter itself");
            }
        }
        return new LinkedHashMap<>(labels);
    }

    private static FileSdConfig fileSd(YamlNodes.At at) throws ConfigException {
        Map<String, YamlNodes.At> f = at.mapping(FILE_SD);
        if (!f.containsKey("files")) {
            throw at.error("a file_sd_config needs files");
        }
        List<String> files = new ArrayList<>();
        for (YamlNodes.At item : f.get("files").sequence()) {
            String pattern = item.scalar();
            if (pattern.isEmpty()) {
                throw item.error("empty path");
            }
            if (Path.of(pattern).getParent() != null
                    && Path.of(pattern).getParent().toString().matches(".*[*?\\[{].*")) {
                throw item.error("only the last element of a path may hold a glob");
            }
            files.add(pattern);
        }
        Duration refresh =
                f.containsKey("refresh_interval") ? positive(f.get("refresh_interval")) : DEFAULT_FILE_SD_REFRESH;
        return new FileSdConfig(files, refresh);
    }

    private static Duration positive(YamlNodes.At at) throws ConfigException {
        Duration d = at.parse(PromDuration::parse);
        if (d.isZero()) {
            throw at.error("must be more than 0");
        }
        return d;
    }

    private static Privilege privilege(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> Privilege.AUTO;
            case "privileged", "raw" -> Privilege.PRIVILEGED;
            case "unprivileged", "dgram" -> Privilege.UNPRIVILEGED;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not auto, privileged or unprivileged");
        };
    }
}
