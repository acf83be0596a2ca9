package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketBroadcastException;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.socket.SocketPermissionException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

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

    final IputilsOptions iputils = new IputilsOptions();

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
        iputils.declareOn(command);
        command.positional(
                "0", "HOST", "1", String.class, "Host name or IP address to ping.", () -> target, v -> target = v);
        spec = command.spec();
        return spec;
    }

    @Override
    public Integer call() throws IcmpLibException {
        boolean root = isRoot();
        iputils.refuseForUsers(root);
        OutputQueue output =
                new OutputQueue(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Pinger pinger = Pinger.create()) {
            PingTarget chosen = PingTarget.choose(pinger, target, common.family(), source, iputils.broadcast);
            if (chosen.broadcast()) {
                if (!iputils.broadcast) {
                    throw new IcmpLibException(
                            "Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
                }
                output.err("WARNING: pinging broadcast address");
            }
            if (iputils.broadcast && !root && iputils.effectiveInterval().toMillis() < 1000) {
                throw new IllegalArgumentException("broadcast ping with too short interval: "
                        + iputils.effectiveInterval().toMillis());
            }
            PingOptions options = optionsFor(chosen.address(), root);
            if (options.mark().isPresent() && !markAccepted(options, chosen, output)) {
                iputils.mark = null;
                options = optionsFor(chosen.address(), root);
            }
            return run(pinger, output, chosen, options);
        } finally {
            output.close();
        }
    }

    /**
     * The library's options for this command line (parsed by picocli), pinging an address.
     *
     * @param address the address pinged
     * @param root whether the user is root (iputils' rules for others)
     * @return the options
     */
    PingOptions optionsFor(InetAddress address, boolean root) {
        return iputils.toPingOptions(address, common, source, root);
    }

    /**
     * Whether the socket can carry {@code -m}'s mark. iputils without the capability to set it warns and pings
     * without the mark; the library would fail the ping instead, so the mark is tried first on a socket of its
     * own, as iputils tries it on its probe socket. The mark is the cause when the same socket opens without
     * it; a socket that cannot be opened at all says yes: the ping's own attempt then reports that in its words.
     */
    @SuppressWarnings("try") // the probe socket is only opened and closed
    private static boolean markAccepted(PingOptions options, PingTarget chosen, OutputQueue output)
            throws IcmpSocketException {
        SocketOptions unmarked = SocketOptions.builder(Family.of(chosen.address()))
                .privilege(options.privilege())
                .build();
        SocketOptions marked =
                unmarked.toBuilder().mark(options.mark().getAsLong()).build();
        try (IcmpSocket probe = IcmpSocket.open(marked)) {
            return true;
        } catch (SocketPermissionException refused) {
            try (IcmpSocket probe = IcmpSocket.open(unmarked)) {
                output.err("icmpj: ping: WARNING: failed to set mark: "
                        + options.mark().getAsLong() + ": " + ErrnoText.of(refused));
                return false;
            } catch (IcmpSocketException e) {
                return true;
            }
        }
    }

    /** One ping, from its header to its exit code. */
    @SuppressWarnings("try") // the progress line only needs closing
    private int run(Pinger pinger, OutputQueue output, PingTarget chosen, PingOptions options) throws IcmpLibException {
        PingStop stop = new PingStop();
        Function<InetAddress, String> names = names(iputils.numeric || iputils.flood || isLiteral(target));
        PingPrinter printer = new PingPrinter(
                output,
                target,
                new PingPrinter.Style(
                        mode(),
                        iputils.timestamps,
                        iputils.reportOutstanding,
                        iputils.audible,
                        iputils.broadcast,
                        iputils.verbose,
                        common.family()),
                names,
                headerLines(chosen, options, names),
                stop,
                iputils.count == null ? 0 : iputils.count,
                iputils.deadline != null,
                options.interval(),
                options.timeout());
        output.onFailure(() -> stop.stop(PingStop.Reason.OUTPUT_FAILED));
        if (iputils.deadline != null) {
            stop.deadlineIn(iputils.deadline.toNanos());
        }
        Thread onInterrupt = Thread.ofPlatform().name("icmpj-interrupt").unstarted(() -> {
            if (!printer.anySent()) {
                // before its first request iputils has not set its handler yet: SIGINT ends it, silently
                Runtime.getRuntime().halt(128 + 2);
            }
            // Ctrl-C or SIGTERM: the statistics so far, as iputils prints them on SIGINT
            printer.freeze();
            printer.finish(null);
            output.close();
            warnOfDrops(printer, output);
            Runtime.getRuntime().halt(exitCode(printer, output));
        });
        // registered before the first request leaves: a signal from then on gets the statistics
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (Progress progress = iputils.quiet || common.json()
                // iputils -q prints nothing while it runs: a progress line on a terminal's stderr, and nowhere else
                ? Progress.onTerminal(output, printer::progress)
                : Progress.onTerminal(output, null)) {
            CompletableFuture<Host> ping = start(pinger, chosen, options, printer);
            ping.whenComplete((host, failure) -> stop.stop(PingStop.Reason.DONE));
            PingStop.Reason why = await(stop, ping);
            if (why != PingStop.Reason.DONE) {
                // the deadline, the linger, a failed output: iputils counts nothing after this moment
                printer.freeze();
                ping.cancel(false);
            }
            printer.finish(why == PingStop.Reason.DONE ? result(ping) : null);
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
            throw unwrap(e);
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

    private List<String> headerLines(PingTarget chosen, PingOptions options, Function<InetAddress, String> names) {
        List<String> lines = new ArrayList<>(2);
        if (iputils.pattern != null && !iputils.quiet) {
            lines.add("PATTERN: 0x" + HexFormat.of().formatHex(iputils.pattern.bytes()));
        }
        InetAddress address = chosen.address();
        // iputils' IPv6 header names the address as its reply lines do (a reverse lookup unless -n)
        String shown = address instanceof Inet4Address ? AddressText.of(address) : names.apply(address);
        lines.add(PingTextFormat.header(target, address, shown, options.payloadSize(), chosen.from()));
        return lines;
    }

    private RuntimeException withOption(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String field = message.split(" ", 2)[0];
        String option = OPTION_OF_FIELD.get(field);
        return option == null ? e : new IllegalArgumentException(option + ": " + message, e);
    }

    private IcmpLibException unwrap(Throwable failure) {
        Throwable t = FailureReporter.unwrapped(failure);
        if (t instanceof SocketBroadcastException && !iputils.broadcast) {
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
        if (iputils.quiet) {
            return PingPrinter.Mode.QUIET;
        }
        return iputils.flood ? PingPrinter.Mode.FLOOD : PingPrinter.Mode.LINES;
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
        return iputils.deadline != null && iputils.count != null && printer.received() < iputils.count ? 1 : 0;
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
}
