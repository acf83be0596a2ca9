package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.PathMtuDiscovery;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code icmpj ping}: pings one host and prints what iputils {@code ping} prints, or with {@code --json}
 * the result as one JSON object ({@code Host.toMap()}).
 *
 * <p>Exit code 0 when at least one echo reply came back (with {@code -w} and {@code -c}: when {@code -c}
 * replies did), 1 otherwise; errors are reported by {@link FailureReporter} with exit code 2.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
public final class PingCommand implements Callable<Integer> {
    /** iputils' wait for a reply when nothing was received (its MAXWAIT): also how long a late error counts. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** The option that sets each field of {@link PingOptions}, to name it in the library's messages. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.of(
            "count", "-c",
            "interval", "-i",
            "timeout", "-W",
            "payloadSize", "-s",
            "payload", "-p",
            "ttl", "-t",
            "trafficClass", "-Q",
            "sourceAddress", "-I",
            "interfaceName", "-I",
            "family", "-4/-6");

    private CommandSpec spec;

    private final CommonOptions common = new CommonOptions();

    private final SourceOption source = new SourceOption();

    private Integer count;

    private Duration interval;

    private Duration timeout;

    private Duration deadline;

    private Integer payloadSize;

    private Integer ttl;

    private Integer trafficClass;

    private EchoPattern pattern;

    private PathMtuDiscovery pathMtuDiscovery;

    private boolean broadcast;

    private boolean quiet;

    private boolean numeric;

    private boolean timestamps;

    private boolean reportOutstanding;

    private boolean flood;

    private String target;

    /** Creates the command; {@link #declare} declares it to picocli, which fills its fields. */
    public PingCommand() {}

    /**
     * Declares this command to picocli, in code ({@link SpecBuilder}).
     *
     * @return the command's spec, for a {@code CommandLine}
     */
    CommandSpec declare() {
        SpecBuilder command = new SpecBuilder(
                        this,
                        "ping",
                        "Send ICMP echo requests to HOST and report the replies, like iputils ping. Ctrl-C prints the"
                                + " statistics so far (or, with --json, the JSON of what was decided) and exits.",
                        "icmp_seq is the echo sequence number on the wire; times are rounded as iputils rounds them,"
                                + " and mdev is, as in iputils, the population standard deviation of the RTTs.",
                        "--json prints the unrounded result instead: address, packets_sent, packets_received, packet_loss,"
                                + " min_rtt, avg_rtt, max_rtt, median_rtt, stddev (sample), jitter, rtts, duplicates,"
                                + " errors, is_alive, ttl, hops, os_guess (RTTs in ms, unknown values null).")
                .exitCodes(
                        "%nExit codes:%n",
                        "0:at least one reply (with -w and -c: -c replies)",
                        "1:no reply",
                        "2:error (usage, name lookup, permission, ...)");
        common.declareOn(command);
        source.declareOn(command);
        command.option(
                        "-c",
                        "N",
                        Integer.class,
                        "Send N requests (default: 4; with -w or -f: until the deadline or Ctrl-C).",
                        () -> count,
                        v -> count = v)
                .option(
                        "-i",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds between requests, fractions allowed (default: 1; with -f: 0).",
                        () -> interval,
                        v -> interval = v)
                .option(
                        "-W",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds to wait for each reply or error, fractions allowed (default: 10, iputils'"
                                + " wait); a later reply is counted as lost.",
                        () -> timeout,
                        v -> timeout = v)
                .option(
                        "-w",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Deadline: stop after SEC seconds, however many requests were sent or answered.",
                        () -> deadline,
                        v -> deadline = v)
                .option(
                        "-s",
                        "BYTES",
                        Integer.class,
                        "Echo data bytes per request (default: 56).",
                        () -> payloadSize,
                        v -> payloadSize = v)
                .option(
                        "-t",
                        "TTL",
                        Integer.class,
                        "IP time to live / hop limit, 1..255 (default: 64).",
                        () -> ttl,
                        v -> ttl = v)
                .option(
                        "-Q",
                        "TOS",
                        Integer.class,
                        new ByteConverter(),
                        "IP type of service / traffic class byte, 0..255, decimal or hex (0x10).",
                        () -> trafficClass,
                        v -> trafficClass = v)
                .option(
                        "-p",
                        "PATTERN",
                        EchoPattern.class,
                        new PatternConverter(),
                        "Fill the echo data with up to 16 bytes given in hex, repeated (e.g. ff00).",
                        () -> pattern,
                        v -> pattern = v)
                .option(
                        "-M",
                        "do|dont|want",
                        PathMtuDiscovery.class,
                        new MtuDiscoveryConverter(),
                        "Path MTU discovery: do (set don't-fragment, never fragment), dont (never set it),"
                                + " want (fragment locally when too large). Default: the kernel's.",
                        () -> pathMtuDiscovery,
                        v -> pathMtuDiscovery = v)
                .flag("-b", "Allow pinging a broadcast address.", () -> broadcast, v -> broadcast = v)
                .flag("-q", "Quiet: print only the header and the statistics.", () -> quiet, v -> quiet = v)
                .flag("-n", "Numeric output: no reverse lookup of reply sources.", () -> numeric, v -> numeric = v)
                .flag(
                        "-D",
                        "Print the time (seconds.microseconds since the epoch) before each line.",
                        () -> timestamps,
                        v -> timestamps = v)
                .flag(
                        "-O",
                        "Report a request still unanswered when the next one is sent.",
                        () -> reportOutstanding,
                        v -> reportOutstanding = v)
                .flag(
                        "-f",
                        "Flood (root only): send as fast as the replies allow, print a dot per request and"
                                + " erase it per reply.",
                        () -> flood,
                        v -> flood = v)
                .positional(
                        "0",
                        "HOST",
                        "1",
                        String.class,
                        "Host name or IP address to ping.",
                        () -> target,
                        v -> target = v);
        spec = command.spec();
        return spec;
    }

    @Override
    public Integer call() throws IcmpLibException {
        if (flood && !isRoot()) {
            throw new IllegalArgumentException("-f: flood is for root only, as in iputils");
        }
        PingOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PingPrinter printer = new PingPrinter(
                out,
                target,
                mode(),
                timestamps,
                reportOutstanding,
                names(numeric || isLiteral(target)),
                pattern == null ? null : "PATTERN: 0x" + HexFormat.of().formatHex(pattern.bytes()));
        Thread onInterrupt = Thread.ofPlatform().name("icmpj-interrupt").unstarted(() -> {
            Host partial = printer.partial();
            if (partial != null && printer.finish(partial)) {
                warnOfDrops(printer, err);
                Runtime.getRuntime().halt(exitCode(partial));
            }
        });
        try (Pinger pinger = Pinger.create()) {
            CompletableFuture<Host> ping = start(pinger, options, printer);
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            Host host;
            try {
                host = await(ping, printer);
            } finally {
                removeShutdownHook(onInterrupt);
            }
            if (printer.finish(host)) {
                warnOfDrops(printer, err);
            }
            return exitCode(host);
        }
    }

    /** After the summary, on stderr: what the kernel dropped at a flood's socket, if anything. */
    private static void warnOfDrops(PingPrinter printer, PrintWriter err) {
        String warning = printer.dropsWarning();
        if (warning != null) {
            err.println(warning);
            err.flush();
        }
    }

    private CompletableFuture<Host> start(Pinger pinger, PingOptions options, PingPrinter printer) {
        try {
            return pinger.pingAsync(target, options, printer);
        } catch (IllegalArgumentException e) {
            throw withOption(e);
        }
    }

    /** Waits for the ping, or until the {@code -w} deadline, when the result so far is the result. */
    private Host await(CompletableFuture<Host> ping, PingPrinter printer) throws IcmpLibException {
        try {
            return deadline == null ? ping.get() : ping.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException deadlinePassed) {
            ping.cancel(false);
            Host partial = printer.partial();
            if (partial == null) {
                throw new IcmpLibException("the -w deadline passed before the first request was sent");
            }
            return partial;
        } catch (InterruptedException e) {
            ping.cancel(false);
            Thread.currentThread().interrupt();
            throw new IcmpLibException("interrupted", e);
        } catch (ExecutionException | CancellationException e) {
            throw unwrap(e.getCause() == null ? e : e.getCause());
        }
    }

    private RuntimeException withOption(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String field = message.split(" ", 2)[0];
        String option = OPTION_OF_FIELD.get(field);
        return option == null ? e : new IllegalArgumentException(option + ": " + message, e);
    }

    private IcmpLibException unwrap(Throwable cause) {
        Throwable t = cause;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IcmpLibException e) {
            return e;
        }
        if (t instanceof IllegalArgumentException e) {
            throw withOption(e);
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IcmpLibException("ping failed: " + t, t);
    }

    private PingPrinter.Mode mode() {
        if (common.json()) {
            return PingPrinter.Mode.JSON;
        }
        if (quiet) {
            return PingPrinter.Mode.QUIET;
        }
        return flood ? PingPrinter.Mode.FLOOD : PingPrinter.Mode.LINES;
    }

    /** Unregisters the interrupt hook; once the JVM is shutting down, the hook has already run. */
    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook printed the statistics so far and ends the process
        }
    }

    private int exitCode(Host host) {
        if (!host.isAlive()) {
            return 1;
        }
        return deadline != null && count != null && host.packetsReceived() < count ? 1 : 0;
    }

    /**
     * How reply sources are named: the address alone, or iputils' {@code name (address)} with the reverse
     * name looked up once per address (on the printer's output thread).
     */
    private static Function<InetAddress, String> names(boolean numeric) {
        if (numeric) {
            return AddressText::of;
        }
        Map<InetAddress, String> cache = new HashMap<>();
        return address -> cache.computeIfAbsent(address, a -> PingTextFormat.source(a, reverseName(a), false));
    }

    private static String reverseName(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress()).getHostName();
        } catch (UnknownHostException cannotHappenForARawAddress) {
            return AddressText.of(address);
        }
    }

    private static boolean isLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the effective uid is 0, read from {@code /proc/self/status} (iputils' rule for {@code -f}). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return "root".equals(System.getProperty("user.name"));
        }
        return false;
    }

    /** Builds the options, each bad value reported with the option that gave it. */
    private PingOptions options() {
        PingOptions.Builder builder = PingOptions.builder().timeout(DEFAULT_WAIT);
        set("-4/-6", () -> builder.family(common.family()));
        set("--privileged/--unprivileged", () -> builder.privilege(common.privilege()));
        source.sourceAddress().ifPresent(address -> set("-I", () -> builder.sourceAddress(address)));
        source.interfaceName().ifPresent(name -> set("-I", () -> builder.interfaceName(name)));
        if (count != null) {
            set("-c", () -> builder.count(count));
        } else if (deadline != null || flood) {
            builder.count(Integer.MAX_VALUE);
        }
        if (interval != null) {
            set("-i", () -> builder.interval(interval));
        }
        if (flood || (interval != null && interval.isZero())) {
            // a socket and a loop of its own, as fast as the receive buffer allows
            builder.flood(true);
        }
        if (timeout != null) {
            set("-W", () -> builder.timeout(timeout));
        }
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("-w: the deadline is "
                    + BigDecimal.valueOf(deadline.toNanos(), 9)
                            .stripTrailingZeros()
                            .toPlainString()
                    + " s; it must be positive");
        }
        if (payloadSize != null) {
            set("-s", () -> builder.payloadSize(payloadSize));
        }
        if (pattern != null) {
            int size = payloadSize != null ? payloadSize : builder.build().payloadSize();
            byte[] payload = new byte[size];
            byte[] bytes = pattern.bytes();
            for (int i = 0; i < size; i++) {
                payload[i] = bytes[i % bytes.length];
            }
            set("-p", () -> builder.payload(payload));
        }
        if (ttl != null) {
            set("-t", () -> builder.ttl(ttl));
        }
        if (trafficClass != null) {
            set("-Q", () -> builder.trafficClass(trafficClass));
        }
        if (pathMtuDiscovery != null) {
            builder.pathMtuDiscovery(pathMtuDiscovery);
        }
        builder.broadcast(broadcast);
        // the text summary needs counts and statistics only: a flood of any length then takes constant memory
        builder.keepReplies(common.json());
        PingOptions options = builder.build();
        return deadline == null ? options : withinDeadline(options);
    }

    /**
     * Sends no request at or after the {@code -w} deadline, as iputils does not ({@code -w 1 -i 0.25} sends
     * 4): one sent then could not be answered in time and would be counted lost.
     */
    private PingOptions withinDeadline(PingOptions options) {
        long intervalNanos = options.interval().toNanos();
        if (intervalNanos == 0) {
            return options;
        }
        long before = (deadline.toNanos() + intervalNanos - 1) / intervalNanos;
        return before >= options.count()
                ? options
                : options.toBuilder().count((int) before).build();
    }

    private static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** A byte given in decimal or in hex with {@code 0x}, as iputils' {@code -Q} takes it. */
    static final class ByteConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String text = value.strip();
            try {
                return text.startsWith("0x") || text.startsWith("0X")
                        ? Integer.parseInt(text.substring(2), 16)
                        : Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number (decimal, or hex as 0x10)");
            }
        }
    }

    /** The bytes of {@code -p}, repeated over the echo data. */
    record EchoPattern(byte[] bytes) {}

    /** iputils' {@code -p}: 1 to 32 hex digits, read two at a time. */
    static final class PatternConverter implements ITypeConverter<EchoPattern> {
        @Override
        public EchoPattern convert(String value) {
            if (value.isEmpty() || value.length() > 32 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new TypeConversionException(
                        "'" + value + "' is not a pattern: 1 to 32 hex digits (up to 16 bytes)");
            }
            String even = value.length() % 2 == 0
                    ? value
                    : value.substring(0, value.length() - 1) + "0" + value.charAt(value.length() - 1);
            return new EchoPattern(HexFormat.of().parseHex(even));
        }
    }

    /** iputils' {@code -M do|dont|want}. */
    static final class MtuDiscoveryConverter implements ITypeConverter<PathMtuDiscovery> {
        @Override
        public PathMtuDiscovery convert(String value) {
            return switch (value) {
                case "do" -> PathMtuDiscovery.DO;
                case "dont" -> PathMtuDiscovery.DONT;
                case "want" -> PathMtuDiscovery.WANT;
                default -> throw new TypeConversionException("'" + value + "' is not one of do, dont, want");
            };
        }
    }
}
