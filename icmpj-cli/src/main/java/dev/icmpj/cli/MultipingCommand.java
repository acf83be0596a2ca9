package dev.icmpj.cli;

import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code icmpj multiping}: pings many targets at once with fping 5.1's options, output and exit codes: a
 * sweep ({@link FpingSweep}) by default and with {@code -c}/{@code -C}, a loop ({@link FpingLoop}) with
 * {@code -l}. Every line goes out as soon as it is decided; Ctrl-C and SIGTERM print what fping prints at
 * its end.
 *
 * <p>Exit codes as fping's: 0 when every target answered, 1 when some did not (and for bad usage), 2 when a
 * name did not resolve, 4 when a system call failed (a file, a socket); 141 when standard output was closed
 * by its reader.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
public final class MultipingCommand implements ExitCodes.Mapped {
    /** fping's {@code AUTOTUNE_TIMEOUT_MAX}: in count and loop modes the timeout is the period, up to this. */
    private static final double AUTOTUNE_TIMEOUT_MAX_MILLIS = 2000;

    /** fping's {@code MIN_BACKOFF_FACTOR} and {@code MAX_BACKOFF_FACTOR}. */
    private static final double MIN_BACKOFF = 1.0;

    private static final double MAX_BACKOFF = 5.0;

    private CommandSpec spec;

    private final CommonOptions common = new CommonOptions();

    final FpingOptions fping = new FpingOptions();

    /** Creates the command; {@link #declare} declares it to picocli, which fills its fields. */
    public MultipingCommand() {}

    /**
     * Declares this command to picocli, in code ({@link SpecBuilder}).
     *
     * @return the command's spec, for a {@code CommandLine}
     */
    CommandSpec declare() {
        SpecBuilder command = new SpecBuilder(
                        this,
                        "multiping",
                        "Ping many targets at once, like fping: addresses, host names, CIDR blocks, -g, files (-f);"
                                + " without targets, read them from standard input.",
                        "Without -c, -C or -l, each target gets one request, retried -r times with a growing timeout,"
                                + " and prints 'is alive' or 'is unreachable'. Times are in milliseconds, as fping's.")
                .exitCodes(
                        "%nExit codes (as fping's):%n",
                        "0:every target answered",
                        "1:some target did not, or bad usage",
                        "2:a host name did not resolve",
                        "4:a system call failed (a file, a socket)",
                        "141:standard output was closed by its reader");
        common.declareOn(command);
        fping.declareOn(command);
        spec = command.spec();
        return spec;
    }

    @Override
    public int usageErrorCode() {
        return 1;
    }

    @Override
    public int failureCode() {
        return 4;
    }

    @Override
    public Integer call() throws IcmpLibException {
        if (fping.version) {
            spec.commandLine().getOut().println(new VersionProvider().getVersion()[0]);
            return 0;
        }
        validate();
        List<String> given = fping.targets();
        OutputQueue output =
                new OutputQueue(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Pinger pinger = Pinger.create()) {
            boolean counting = fping.count != null || fping.countVerbose != null;
            FpingPrinter.Style style = style(counting);
            FpingTargets targets = FpingTargets.resolve(
                    given,
                    fping.generate,
                    pinger,
                    common.family(),
                    fping.everyAddress,
                    fping.byAddress,
                    fping.naming(),
                    counting || fping.loop,
                    line -> {
                        if (!style.quiet()) {
                            output.err(line);
                        }
                    });
            if (targets.size() == 0) {
                // fping: nothing to ping, silently
                return targets.unknown() > 0 ? 2 : 1;
            }
            requirePayloadFits(targets);
            Duration reportEvery =
                    fping.reportSeconds == null || !(counting || fping.loop) ? null : seconds(fping.reportSeconds);
            // a default sweep reads no per-target count: 64 bytes a target it need not hold (64 MB for a /12)
            boolean perTarget = counting || fping.loop || common.json() || fping.ndjson;
            FpingTally tally = new FpingTally(
                    targets.size(),
                    new FpingTally.Kept(
                            perTarget, reportEvery != null, fping.countVerbose != null ? fping.countVerbose : 0));
            FpingPrinter printer = new FpingPrinter(output, targets, tally, style);
            PingOptions options = pingOptions(counting);
            if (fping.loop) {
                return new FpingRun(output, printer, reportEvery)
                        .loop(new FpingLoop(pinger, targets, options, printer));
            }
            FpingSweep sweep = new FpingSweep(
                    pinger, targets, options, printer, output, common.json(), fping.ndjson, fping.fastReachable);
            return new FpingRun(output, printer, reportEvery)
                    .sweep(sweep, sweepOptions(options), retries(counting), backoff(), common.json(), fping.ndjson);
        } finally {
            output.close();
        }
    }

    /** fping's flags, as {@code main} derives them from the options. */
    private FpingPrinter.Style style(boolean counting) {
        boolean quiet = fping.quiet || fping.reportSeconds != null;
        boolean structured = common.json() || fping.ndjson;
        boolean verbose = !quiet && !fping.showAlive && !fping.showUnreachable && minReachable() == 0;
        boolean alive = fping.showAlive;
        boolean unreachable = fping.showUnreachable;
        boolean perReply = false;
        if (counting) {
            perReply = verbose;
            alive = false;
            unreachable = false;
            verbose = false;
        }
        if (fping.loop) {
            // as fping 5.1: -q does not silence the loop's lines, -Q does
            perReply = fping.reportSeconds == null;
            alive = false;
            unreachable = false;
            verbose = false;
        }
        if (structured) {
            verbose = false;
            alive = false;
            unreachable = false;
            perReply = false;
        }
        return new FpingPrinter.Style(
                verbose,
                alive,
                unreachable,
                perReply,
                quiet,
                fping.elapsed,
                fping.timestamps,
                (counting || fping.loop) && !structured,
                fping.countVerbose != null,
                fping.stats,
                fping.outage ? periodMillis() : -1,
                minReachable());
    }

    /** fping's checks of its options ({@code main}), with its exit code 1 (4 for a negative count). */
    private void validate() {
        if (fping.count != null && fping.count < 0 || fping.countVerbose != null && fping.countVerbose < 0) {
            // fping reads the count unsigned: 4 billion requests per target, which it cannot allocate
            throw new CommandFailure("-c/-C: count is negative; it must be 1 or more", 4);
        }
        requireUsage(fping.count == null || fping.count > 0, "-c: count is 0; it must be 1 or more");
        requireUsage(fping.countVerbose == null || fping.countVerbose > 0, "-C: count is 0; it must be 1 or more");
        requireUsage(!(fping.showAlive && fping.showUnreachable), "specify only one of a, u");
        requireUsage(!((fping.count != null || fping.countVerbose != null) && fping.loop), "specify only one of c, l");
        // a loop never ends with a result to write, and its lines are fping's text
        requireUsage(
                !(fping.loop && (common.json() || fping.ndjson)),
                "-l: --json and --ndjson write a finished sweep; use -c or -C");
        requireUsage(!(fping.reverseAll && fping.reverseAddresses), "use either one of -d or -n");
        requireUsage(fping.timeoutMillis == null || fping.timeoutMillis >= 0, "-t: the timeout must be 0 or more");
        requireUsage(fping.intervalMillis == null || fping.intervalMillis >= 0, "-i: the interval must be 0 or more");
        requireUsage(fping.periodMillis == null || fping.periodMillis >= 0, "-p: the period must be 0 or more");
        requireUsage(fping.retries == null || fping.retries >= 0, "-r: retries must be 0 or more");
        requireUsage(
                fping.reportSeconds == null || fping.reportSeconds > 0, "-Q: the report interval must be positive");
        requireUsage(fping.ttl == null || fping.ttl > 0, "-H: the TTL must be 1 or more");
        requireUsage(fping.payloadSize == null || fping.payloadSize >= 0, "-b: the data size must be 0 or more");
        if (fping.payloadSize != null && fping.payloadSize > PingOptions.maxPayload(Family.IPV6)) {
            throw new IllegalArgumentException("data size " + fping.payloadSize + " not valid, must be at most "
                    + PingOptions.maxPayload(Family.IPV6));
        }
        if (fping.ttl != null && fping.ttl > 255) {
            throw new IllegalArgumentException("ttl " + fping.ttl + " out of range");
        }
        if (fping.backoff != null && !(fping.backoff >= MIN_BACKOFF && fping.backoff <= MAX_BACKOFF)) {
            throw new IllegalArgumentException("backoff factor " + fping.backoff + " not valid, must be between "
                    + MIN_BACKOFF + " and " + MAX_BACKOFF);
        }
        requireUsage(fping.minReachable == null || fping.minReachable > 0, "-x: the count must be 1 or more");
        requireUsage(fping.fastReachable == null || fping.fastReachable > 0, "-X: the count must be 1 or more");
        if (fping.source != null) {
            try {
                InetAddress.ofLiteral(fping.source);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("can't parse source address: " + fping.source, e);
            }
        }
        if (fping.interfaceName != null) {
            try {
                if (NetworkInterface.getByName(fping.interfaceName) == null) {
                    throw new IllegalArgumentException(
                            "binding to specific interface (SO_BINTODEVICE): No such device");
                }
            } catch (SocketException e) {
                throw new CommandFailure("-I: " + e.getMessage(), 4);
            }
        }
        if (fping.generate) {
            requireUsage(fping.file == null, "-g and -f are mutually exclusive");
            requireUsage(
                    fping.arguments.size() == 1 || fping.arguments.size() == 2,
                    "-g takes a block (198.18.0.0/24) or a range (198.18.0.1 198.18.0.9)");
        } else {
            requireUsage(fping.file == null || fping.arguments.isEmpty(), "give targets or -f, not both");
        }
    }

    /** fping checks {@code -b} against its largest payload; icmpj against each family's, once it knows them. */
    private void requirePayloadFits(FpingTargets targets) {
        if (fping.payloadSize == null || fping.payloadSize <= PingOptions.maxPayload(Family.IPV4)) {
            return;
        }
        for (int t = 0; t < targets.size(); t++) {
            if (InetAddress.ofLiteral(targets.targets().get(t)) instanceof java.net.Inet4Address) {
                throw new IllegalArgumentException("data size " + fping.payloadSize + " not valid, must be at most "
                        + PingOptions.maxPayload(Family.IPV4) + " for IPv4 targets");
            }
        }
    }

    private static void requireUsage(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private int minReachable() {
        return fping.minReachable != null ? fping.minReachable : fping.fastReachable != null ? fping.fastReachable : 0;
    }

    private double periodMillis() {
        return fping.periodMillis != null ? fping.periodMillis : 1000;
    }

    private int retries(boolean counting) {
        return counting || fping.loop ? 0 : fping.retries != null ? fping.retries : 3;
    }

    private double backoff() {
        return fping.backoff != null ? fping.backoff : 1.5;
    }

    /** How each target is pinged: count, period, timeout and the packet's fields. */
    private PingOptions pingOptions(boolean counting) {
        double timeout = fping.timeoutMillis != null
                ? fping.timeoutMillis
                : counting || fping.loop ? Math.min(periodMillis(), AUTOTUNE_TIMEOUT_MAX_MILLIS) : 500;
        PingOptions.Builder per = PingOptions.builder().family(common.family()).privilege(common.privilege());
        int requests = fping.countVerbose != null ? fping.countVerbose : fping.count != null ? fping.count : 1;
        set("-c/-C", () -> per.count(requests));
        set("-p", () -> per.interval(millis(periodMillis())));
        set("-t", () -> per.timeout(millis(timeout)));
        if (fping.payloadSize != null) {
            set("-b", () -> per.payloadSize(fping.payloadSize));
        }
        if (fping.randomData) {
            byte[] payload = new byte
                    [fping.payloadSize != null ? fping.payloadSize : per.build().payloadSize()];
            ThreadLocalRandom.current().nextBytes(payload);
            set("-R", () -> per.payload(payload));
        }
        if (fping.ttl != null) {
            set("-H", () -> per.ttl(fping.ttl));
        }
        if (fping.tos != null) {
            set("-O", () -> per.trafficClass(fping.tos));
        }
        if (fping.dontFragment) {
            per.dontFragment(true);
        }
        if (fping.source != null) {
            set("-S", () -> per.sourceAddress(InetAddress.ofLiteral(fping.source)));
        }
        if (fping.interfaceName != null) {
            set("-I", () -> per.interfaceName(fping.interfaceName));
        }
        return per.build();
    }

    /** The sweep's pacing: {@code -i} (or {@code --rate}) and {@code --concurrency}. */
    private FpingSweep.Pacing sweepOptions(PingOptions options) {
        double packetsPerSecond =
                fping.rate != null ? fping.rate : fping.intervalMillis != null ? perSecond(fping.intervalMillis) : 100;
        return new FpingSweep.Pacing(packetsPerSecond, fping.rate != null ? "--rate" : "-i", fping.concurrency);
    }

    private static double perSecond(double intervalMillis) {
        return intervalMillis == 0 ? 0 : Math.min(dev.icmpj.MultipingOptions.MAX_RATE, 1000 / intervalMillis);
    }

    private static Duration seconds(double value) {
        return millis(value * 1000);
    }

    private static Duration millis(double value) {
        if (!Double.isFinite(value) || Math.abs(value) > 1e12) {
            throw new IllegalArgumentException(value + " ms is not a time");
        }
        return Duration.ofNanos(Math.round(value * 1_000_000));
    }

    static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** The targets as given, for tests. */
    List<String> given() {
        return new ArrayList<>(fping.arguments);
    }
}
