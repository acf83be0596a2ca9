package dev.icmpj.exporter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@code icmpj exporter}, with flags named as Prometheus exporters name them
 * ({@code --config.file}, {@code --web.listen-address}, {@code --web.telemetry-path}, {@code --log.level}),
 * each written {@code --flag value} or {@code --flag=value}; durations in Prometheus' format.
 *
 * <p>Immutable and thread-safe.
 *
 * @param configFile the config file, or empty for the quick start's targets
 * @param listen the address to listen on
 * @param telemetryPath where metrics are served
 * @param interval quick start: the interval
 * @param timeout quick start: the timeout
 * @param count quick start: requests per interval
 * @param size quick start: payload bytes
 * @param family quick start: which addresses
 * @param hosts quick start: the targets
 * @param debug whether debug lines are logged
 * @param help whether to print the usage and exit
 * @param version whether to print the version and exit
 */
record ExporterFlags(
        Optional<Path> configFile,
        InetSocketAddress listen,
        String telemetryPath,
        Duration interval,
        Duration timeout,
        int count,
        int size,
        FamilyChoice family,
        List<String> hosts,
        boolean debug,
        boolean help,
        boolean version) {

    private static final java.util.Set<String> VALUE_FLAGS = java.util.Set.of(
            "--config.file",
            "--web.listen-address",
            "--web.telemetry-path",
            "--interval",
            "--timeout",
            "--count",
            "--size",
            "--family",
            "--log.level");

    /** The default port: neither smokeping_prober's 9374, blackbox_exporter's 9115 nor ping_exporter's 9427. */
    static final int DEFAULT_PORT = 9605;

    static final String USAGE = """
            usage: icmpj exporter --config.file FILE [FLAGS]
                   icmpj exporter [FLAGS] HOST...

            A continuous ICMP prober for Prometheus: probes every target forever, each at its interval, and
            serves the counts at /metrics and a smoke graph of each target's last hour at /.

            Flags:
              --config.file FILE          the YAML config (probe groups, targets, file SD); see docs/EXPORTER.md
              --web.listen-address ADDR   where to listen (default 127.0.0.1:9605; :9605 for every interface)
              --web.telemetry-path PATH   where metrics are served (default /metrics)
              --interval DURATION         without a config: time between probes of a target (default 1s)
              --timeout DURATION          without a config: how long a probe waits (default 1s)
              --count N                   without a config: requests per interval, a burst (default 1)
              --size BYTES                without a config: echo payload bytes (default 56)
              --family 4|6|both|any       without a config: which addresses of a name (default any)
              --log.level info|debug      log level (default info)
              --version                   print the version
              --help                      print this
            Durations as Prometheus writes them: 250ms, 1s, 1m30s.
            SIGHUP or POST /-/reload re-reads the config file.
            """;

    /**
     * Parses the arguments that follow {@code exporter}.
     *
     * @param args the arguments
     * @return the flags
     * @throws IllegalArgumentException with a one-line message for a bad command line
     */
    static ExporterFlags parse(String[] args) {
        Optional<Path> config = Optional.empty();
        InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
        String path = "/metrics";
        Duration interval = ConfigParser.DEFAULT_INTERVAL;
        Duration timeout = ConfigParser.DEFAULT_TIMEOUT;
        int count = 1;
        int size = 56;
        FamilyChoice family = FamilyChoice.ANY;
        List<String> hosts = new ArrayList<>();
        boolean debug = false;
        boolean help = false;
        boolean version = false;
        boolean quickFlag = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (arg.equals("--")) {
                    hosts.addAll(List.of(args).subList(i + 1, args.length));
                    break;
                }
                hosts.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                default -> {
                    if (!VALUE_FLAGS.contains(name)) {
                        throw new IllegalArgumentException("unknown flag " + name + " (see --help)");
                    }
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("flag " + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    String v = value;
                    switch (name) {
                        case "--config.file" -> config = Optional.of(Path.of(v));
                        case "--web.listen-address" -> listen = address(v);
                        case "--web.telemetry-path" -> {
                            if (!v.startsWith("/") || v.equals("/") || v.startsWith("/-/")) {
                                throw new IllegalArgumentException(
                                        "--web.telemetry-path must start with / and not be / or under /-/: " + v);
                            }
                            path = v;
                        }
                        case "--interval" -> {
                            interval = duration(name, v);
                            quickFlag = true;
                        }
                        case "--timeout" -> {
                            timeout = duration(name, v);
                            quickFlag = true;
                        }
                        case "--count" -> {
                            count = integer(name, v, 1, 100);
                            quickFlag = true;
                        }
                        case "--size" -> {
                            size = integer(name, v, 0, 65_507);
                            quickFlag = true;
                        }
                        case "--family" -> {
                            try {
                                family = FamilyChoice.parse(v);
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("--family: " + e.getMessage());
                            }
                            quickFlag = true;
                        }
                        case "--log.level" -> {
                            switch (v) {
                                case "debug" -> debug = true;
                                case "info", "warn", "error" -> debug = false;
                                default ->
                                    throw new IllegalArgumentException(
                                            "--log.level must be debug, info, warn or error: " + v);
                            }
                        }
                        default -> throw new IllegalArgumentException("unknown flag " + name + " (see --help)");
                    }
                }
            }
        }
        if (!help && !version) {
            if (config.isPresent() && (!hosts.isEmpty() || quickFlag)) {
                throw new IllegalArgumentException(
                        "give either --config.file or hosts with --interval and the like, not both");
            }
            if (config.isEmpty() && hosts.isEmpty()) {
                throw new IllegalArgumentException("no targets: give --config.file FILE or HOST... (see --help)");
            }
        }
        return new ExporterFlags(
                config, listen, path, interval, timeout, count, size, family, List.copyOf(hosts), debug, help, version);
    }

    /** The quick start's config: one group, named {@code default}, of the hosts. */
    ExporterConfig quickConfig() throws ConfigException {
        List<TargetConfig> targets = new ArrayList<>();
        for (String host : hosts) {
            if (host.isBlank() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
                throw new ConfigException(
                        "command line", 0, 0, "HOST", "\"" + host + "\" is not a host name or IP address");
            }
            targets.add(new TargetConfig(host, Map.of(), "command line"));
        }
        ProbeConfig probe = new ProbeConfig(
                "default",
                interval,
                timeout,
                count,
                size,
                64,
                0,
                false,
                Optional.empty(),
                Optional.empty(),
                dev.icmpj.socket.Privilege.AUTO,
                family,
                Map.of(),
                targets,
                List.of());
        return new ExporterConfig(Optional.empty(), DnsConfig.DEFAULTS, List.of(probe));
    }

    private static Duration duration(String flag, String text) {
        try {
            Duration d = PromDuration.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be more than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    private static int integer(String flag, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ": " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " is not a whole number: " + text);
        }
    }

    /** {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (every interface, as Go's servers read it). */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--web.listen-address must be HOST:PORT or :PORT: " + text);
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--web.listen-address has no port number: " + text);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--web.listen-address port out of range: " + text);
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(host), port);
        } catch (IllegalArgumentException e) {
            if (host.equals("localhost")) {
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            }
            throw new IllegalArgumentException("--web.listen-address needs an IP address (or localhost): " + text);
        }
    }
}
