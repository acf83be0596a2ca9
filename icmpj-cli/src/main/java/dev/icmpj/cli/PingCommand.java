package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.PathMtuDiscovery;
import dev.icmpj.socket.SocketBroadcastException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code icmpj ping}: pings one host and prints what iputils {@code ping} prints, or with {@code --json}
 * the result as one JSON object ({@code Host.toMap()}).
 *
 * <p>Runs as iputils runs: until {@code -c} requests are sent and answered (then a little longer for the
 * missing ones, iputils' linger), the {@code -w} deadline, or Ctrl-C; a reader that goes away ends the run
 * too. Exit code 0 when at least one echo reply came back (with {@code -w} and {@code -c}: when {@code -c}
 * replies did), 1 otherwise, 1 after {@code write error}, 141 when the reader of standard output went away
 * (a shell's code for iputils' death by {@code SIGPIPE}); errors are reported by {@link FailureReporter} with
 * exit code 2.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
public final class PingCommand implements Callable<Integer> {
    /** iputils' wait for a reply when nothing was received (its MAXWAIT): also how long a late error counts. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** iputils' MINUSERINTERVAL: the shortest interval a user other than root may ask for. */
    static final Duration MIN_USER_INTERVAL = Duration.ofMillis(2);

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
            "identifier", "-e");

    /** The errnos of a send without a route, and their words: ENETUNREACH, EHOSTUNREACH. */
    private static final Map<Integer, String> NO_ROUTE = Map.of(101, "Network is unreachable", 113, "No route to host");

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

    private Integer identifier;

    private PingValues.EchoPattern pattern;

    private PathMtuDiscovery pathMtuDiscovery;

    private boolean broadcast;

    private boolean quiet;

    private boolean numeric;

    private boolean timestamps;

    private boolean reportOutstanding;

    private boolean flood;

    private boolean audible;

    private boolean verbose;

    private boolean adaptive;

    private Integer preload;

    private String mark;

    private Integer sendBuffer;

    private boolean userLatency;

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
                        "Send ICMP echo requests to HOST and report the replies, like iputils ping: until -c requests are"
                                + " answered, the -w deadline or Ctrl-C, which prints the statistics so far (or, with"
                                + " --json, the JSON of what was decided).",
                        "icmp_seq is the echo sequence number on the wire; times and the summary are computed and"
                                + " rounded as iputils computes them (mdev is the population standard deviation).",
                        "--json prints the unrounded result instead: address, packets_sent, packets_received,"
                                + " packet_loss, min_rtt, avg_rtt, max_rtt, median_rtt, p95_rtt, stddev (sample),"
                                + " jitter, rtts, duplicates, errors, is_alive, ttl, hops, os_guess (RTTs in ms, unknown"
                                + " values null).")
                .exitCodes(
                        "%nExit codes:%n",
                        "0:at least one reply (with -w and -c: -c replies)",
                        "1:no reply, or a write error on standard output",
                        "2:error (usage, name lookup, permission, ...)",
                        "141:standard output was closed by its reader (as iputils dying of SIGPIPE)");
        common.declareOn(command);
        source.declareOn(command);
        command.option(
                        "-c",
                        "N",
                        Integer.class,
                        "Stop after N requests are answered (default: run until Ctrl-C or -w).",
                        () -> count,
                        v -> count = v)
                .option(
                        "-i",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds between requests, fractions allowed (default: 1; with -f: 0). Below 0.002 for"
                                + " root only, as iputils.",
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
                        "Deadline: stop after SEC seconds, however many requests were sent or answered; with -c,"
                                + " stop once -c requests are answered; an ICMP error also stops it, as in iputils.",
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
                        new PingValues.ByteConverter(),
                        "IP type of service / traffic class byte, 0..255, decimal or hex (0x10).",
                        () -> trafficClass,
                        v -> trafficClass = v)
                .option(
                        "-e",
                        "ID",
                        Integer.class,
                        "Echo identifier, 0..65535 (default: random on a raw socket, the kernel's on a ping socket).",
                        () -> identifier,
                        v -> identifier = v)
                .option(
                        "-p",
                        "PATTERN",
                        PingValues.EchoPattern.class,
                        new PingValues.PatternConverter(),
                        "Fill the echo data with up to 16 bytes given in hex, repeated (e.g. ff00).",
                        () -> pattern,
                        v -> pattern = v)
                .option(
                        "-M",
                        "do|dont|want",
                        PathMtuDiscovery.class,
                        new PingValues.MtuDiscoveryConverter(),
                        "Path MTU discovery: do (set don't-fragment, never fragment), dont (never set it),"
                                + " want (fragment locally when too large). Default: the kernel's.",
                        () -> pathMtuDiscovery,
                        v -> pathMtuDiscovery = v)
                .flag(
                        "-b",
                        "Allow pinging a broadcast address; every host's reply is printed, the first per request"
                                + " counted as received and the others as duplicates.",
                        () -> broadcast,
                        v -> broadcast = v)
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
                        "Flood: send as fast as the replies allow (root only, unless -i gives 0.002 or more), print"
                                + " a dot per request and erase it per reply.",
                        () -> flood,
                        v -> flood = v)
                .flag("-a", "Audible: ring the terminal's bell at each reply.", () -> audible, v -> audible = v)
                .flag(
                        "-v",
                        "Verbose: mark the further replies of a broadcast ping (DUP!) too.",
                        () -> verbose,
                        v -> verbose = v)
                .flag(
                        "-A",
                        "Adaptive interval (not supported yet: the library has no adaptive pacing).",
                        () -> adaptive,
                        v -> adaptive = v)
                .option(
                        "-l",
                        "PRELOAD",
                        Integer.class,
                        "Requests sent without waiting for replies (not supported yet).",
                        () -> preload,
                        v -> preload = v)
                .option(
                        "-m",
                        "MARK",
                        String.class,
                        "Firewall mark of the requests, SO_MARK (not supported yet).",
                        () -> mark,
                        v -> mark = v)
                .option(
                        "-S",
                        "SIZE",
                        Integer.class,
                        "Socket send buffer, SO_SNDBUF (not supported yet).",
                        () -> sendBuffer,
                        v -> sendBuffer = v)
                .flag(
                        "-U",
                        "User-to-user latency (not supported yet: icmpj measures with kernel timestamps).",
                        () -> userLatency,
                        v -> userLatency = v)
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
        refuseUnsupported();
        boolean root = isRoot();
        refuseForUsers(root);
        OutputQueue output =
                new OutputQueue(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Pinger pinger = Pinger.create()) {
            PingTarget chosen = PingTarget.choose(pinger, target, common.family(), source, broadcast);
            if (chosen.broadcast()) {
                if (!broadcast) {
                    throw new IcmpLibException(
                            "Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
                }
                output.err("WARNING: pinging broadcast address");
            }
            if (broadcast && !root && effectiveInterval().toMillis() < 1000) {
                throw new IllegalArgumentException("broadcast ping with too short interval: "
                        + effectiveInterval().toMillis());
            }
            PingOptions options = options(chosen.address());
            return run(pinger, output, chosen, options);
        } finally {
            output.close();
        }
    }

    /** One ping, from its header to its exit code. */
    private int run(Pinger pinger, OutputQueue output, PingTarget chosen, PingOptions options) throws IcmpLibException {
        PingStop stop = new PingStop();
        PingPrinter printer = new PingPrinter(
                output,
                target,
                new PingPrinter.Style(mode(), timestamps, reportOutstanding, audible, broadcast, verbose),
                names(numeric || flood || isLiteral(target)),
                headerLines(chosen, options),
                stop,
                count == null ? 0 : count,
                deadline != null,
                options.interval(),
                options.timeout());
        output.onFailure(() -> stop.stop(PingStop.Reason.OUTPUT_FAILED));
        if (deadline != null) {
            stop.deadlineIn(deadline.toNanos());
        }
        Thread onInterrupt = Thread.ofPlatform().name("icmpj-interrupt").unstarted(() -> {
            // Ctrl-C or SIGTERM: the statistics so far, as iputils prints them on SIGINT
            printer.finish(null);
            output.close();
            warnOfDrops(printer, output);
            Runtime.getRuntime().halt(exitCode(printer, output));
        });
        CompletableFuture<Host> ping = start(pinger, chosen, options, printer);
        ping.whenComplete((host, failure) -> stop.stop(PingStop.Reason.DONE));
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        // iputils -q prints nothing while it runs: a progress line on a terminal's stderr, and nowhere else
        Progress progress = quiet || common.json()
                ? Progress.onTerminal(output, printer::progress)
                : Progress.onTerminal(output, null);
        try {
            PingStop.Reason why = await(stop, ping);
            progress.close();
            Host host = why == PingStop.Reason.DONE ? result(ping) : null;
            if (why != PingStop.Reason.DONE) {
                ping.cancel(false);
            }
            printer.finish(host);
            output.close();
        } finally {
            removeShutdownHook(onInterrupt);
        }
        warnOfDrops(printer, output);
        return exitCode(printer, output);
    }

    private static PingStop.Reason await(PingStop stop, CompletableFuture<Host> ping) throws IcmpLibException {
        try {
            return stop.await();
        } catch (InterruptedException e) {
            ping.cancel(false);
            Thread.currentThread().interrupt();
            throw new IcmpLibException("interrupted", e);
        }
    }

    private Host result(CompletableFuture<Host> ping) throws IcmpLibException {
        try {
            return ping.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IcmpLibException("interrupted", e);
        } catch (ExecutionException | CancellationException e) {
            throw unwrap(e.getCause() == null ? e : e.getCause());
        }
    }

    /** After the summary, on stderr: what the kernel dropped at a flood's socket, if anything. */
    private static void warnOfDrops(PingPrinter printer, OutputQueue output) {
        String warning = printer.dropsWarning();
        if (warning != null && !output.failed()) {
            output.err().println(warning);
            output.err().flush();
        }
    }

    private CompletableFuture<Host> start(Pinger pinger, PingTarget chosen, PingOptions options, PingPrinter printer) {
        try {
            return pinger.pingAsync(AddressText.of(chosen.address()), options, printer);
        } catch (IllegalArgumentException e) {
            throw withOption(e);
        }
    }

    private List<String> headerLines(PingTarget chosen, PingOptions options) {
        List<String> lines = new ArrayList<>(2);
        if (pattern != null && !quiet) {
            lines.add("PATTERN: 0x" + HexFormat.of().formatHex(pattern.bytes()));
        }
        lines.add(PingTextFormat.header(target, chosen.address(), options.payloadSize(), chosen.from()));
        return lines;
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
        if (t instanceof SocketBroadcastException && !broadcast) {
            // iputils' words when its probe socket's connect is refused for a broadcast address
            return new IcmpLibException(
                    "Do you want to ping broadcast? Then -b. If not, check your local firewall rules", t);
        }
        if (t instanceof IcmpSocketException e
                && e.errno().isPresent()
                && NO_ROUTE.containsKey(e.errno().getAsInt())) {
            // iputils' probe socket finds no route before the first request
            return new IcmpLibException("connect: " + NO_ROUTE.get(e.errno().getAsInt()), t);
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

    /** iputils' exit code ({@code finish}), or a write failure's. */
    private int exitCode(PingPrinter printer, OutputQueue output) {
        OutputQueue.WriteFailure failure = output.failure();
        if (failure != null) {
            if (failure.brokenPipe()) {
                return OutputQueue.WriteFailure.BROKEN_PIPE_EXIT;
            }
            output.err().println("icmpj: ping: " + failure.message());
            output.err().flush();
            return 1;
        }
        if (!printer.anyReceived()) {
            return 1;
        }
        return deadline != null && count != null && printer.received() < count ? 1 : 0;
    }

    /**
     * How reply sources are named: the address alone, or iputils' {@code name (address)} with the reverse
     * name looked up once per address (on the output thread).
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

    /**
     * Whether the real uid is 0, read from {@code /proc/self/status}: iputils' rule ({@code rts->uid}) for
     * intervals, flood and broadcast.
     */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return "root".equals(System.getProperty("user.name"));
        }
        return false;
    }

    /** Options iputils has that icmpj cannot honour yet: refused with the reason, never silently ignored. */
    private void refuseUnsupported() {
        String refused = adaptive
                ? "-A (adaptive interval)"
                : preload != null
                        ? "-l (preload)"
                        : mark != null
                                ? "-m (SO_MARK)"
                                : sendBuffer != null
                                        ? "-S (SO_SNDBUF)"
                                        : userLatency ? "-U (user-to-user latency)" : null;
        if (refused != null) {
            throw new ParameterException(
                    spec.commandLine(), refused + " is not supported yet: the library cannot do it (see docs/CLI.md)");
        }
    }

    /**
     * iputils' rules for users other than root (20221126, {@code setup}): no interval under 2 ms, so no flood
     * without {@code -i 0.002} or more; the interval is read in whole milliseconds, as iputils reads it.
     */
    private void refuseForUsers(boolean root) {
        Duration every = effectiveInterval();
        // a negative interval is the options builder's to refuse, with its words
        if (!root && !every.isNegative() && every.toMillis() < MIN_USER_INTERVAL.toMillis()) {
            throw new IllegalArgumentException(
                    "cannot flood; minimal interval allowed for user is " + MIN_USER_INTERVAL.toMillis() + "ms");
        }
    }

    /** The interval in force: {@code -i}, else 0 for a flood, else iputils' 1 s. */
    private Duration effectiveInterval() {
        if (interval != null) {
            return interval;
        }
        return flood ? Duration.ZERO : Duration.ofSeconds(1);
    }

    /** Builds the options, each bad value reported with the option that gave it. */
    private PingOptions options(InetAddress address) {
        PingOptions.Builder builder = PingOptions.builder().timeout(DEFAULT_WAIT);
        set("-4/-6", () -> builder.family(common.family()));
        set("--privileged/--unprivileged", () -> builder.privilege(common.privilege()));
        source.sourceAddress().ifPresent(a -> set("-I", () -> builder.sourceAddress(a)));
        source.interfaceName().ifPresent(name -> set("-I", () -> builder.interfaceName(name)));
        if (count != null && deadline == null) {
            set("-c", () -> builder.count(count));
        } else {
            if (count != null && count < 1) {
                set("-c", () -> builder.count(count));
            }
            // until Ctrl-C, or the deadline: with -w, -c counts answers, not requests
            builder.count(Integer.MAX_VALUE);
        }
        Duration every = effectiveInterval();
        set("-i", () -> builder.interval(every));
        if (every.isZero()) {
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
        int size = payloadSize != null ? payloadSize : builder.build().payloadSize();
        Family family = Family.of(address);
        if (size < 0) {
            throw new IllegalArgumentException("-s: " + size + " data bytes; it must be 0 or more");
        }
        if (size > PingOptions.maxPayload(family)) {
            throw new IllegalArgumentException("-s: " + size + " data bytes is more than the largest " + family
                    + " echo payload, " + PingOptions.maxPayload(family) + " bytes");
        }
        if (payloadSize != null) {
            set("-s", () -> builder.payloadSize(payloadSize));
        }
        if (pattern != null) {
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
        if (identifier != null) {
            set("-e", () -> builder.identifier(identifier));
        }
        if (pathMtuDiscovery != null) {
            builder.pathMtuDiscovery(pathMtuDiscovery);
        }
        builder.broadcast(broadcast);
        // the text summary is the CLI's own counting: the library keeps replies only for --json
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
}
