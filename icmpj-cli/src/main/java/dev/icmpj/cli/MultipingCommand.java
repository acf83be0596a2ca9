package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.MultipingListener;
import dev.icmpj.MultipingOptions;
import dev.icmpj.MultipingResult;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.Targets;
import dev.icmpj.socket.IcmpLibException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code icmpj multiping}: pings many targets at once with fping's habits and output, through sockets of its
 * own (one per address family and loop).
 *
 * <p>Exit codes as fping's: 0 when every target answered, 1 when some did not, 2 when a name did not
 * resolve, 3 for bad usage, 4 when a socket failed.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
public final class MultipingCommand implements ExitCodes.Mapped {
    private CommandSpec spec;

    private final CommonOptions common = new CommonOptions();

    private final SourceOption source = new SourceOption();

    private boolean showAlive;

    private boolean showUnreachable;

    private Integer count;

    private Integer countVerbose;

    private boolean quiet;

    private boolean stats;

    private boolean elapsed;

    private List<String> generate;

    private String file;

    private Double intervalMillis;

    private Double periodMillis;

    private Double timeoutMillis;

    private Integer retries;

    private Double backoff;

    private Integer payloadSize;

    private Integer ttl;

    private Double rate;

    private Integer concurrency;

    private boolean ndjson;

    private List<String> arguments = new ArrayList<>();

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
                        "Ping many targets at once, like fping: addresses, host names, CIDR blocks (-g), files (-f).",
                        "Without -c or -C, each target gets one request, retried -r times with a growing timeout, and"
                                + " prints 'is alive' or 'is unreachable'. Times are in milliseconds, as fping's.")
                .exitCodes(
                        "%nExit codes (as fping's):%n",
                        "0:every target answered",
                        "1:some target did not",
                        "2:a host name did not resolve",
                        "3:bad usage",
                        "4:a socket failed");
        common.declareOn(command);
        source.declareOn(command);
        command.flag("-a", "Show the targets that answered, one per line.", () -> showAlive, v -> showAlive = v)
                .flag(
                        "-u",
                        "Show the targets that did not answer, one per line.",
                        () -> showUnreachable,
                        v -> showUnreachable = v)
                .option(
                        "-c",
                        "N",
                        Integer.class,
                        "Send N requests to each target; per-reply lines and a summary per target.",
                        () -> count,
                        v -> count = v)
                .option(
                        "-C",
                        "N",
                        Integer.class,
                        "Like -c, and print each target's RTTs ('-' when lost).",
                        () -> countVerbose,
                        v -> countVerbose = v)
                .flag("-q", "Quiet: no per-reply lines (with -c or -C).", () -> quiet, v -> quiet = v)
                .flag("-s", "Print cumulative statistics on stderr at the end.", () -> stats, v -> stats = v)
                .flag("-e", "Show the RTT of each alive target.", () -> elapsed, v -> elapsed = v)
                .strings(
                        "-g",
                        "CIDR|START END",
                        "1..2",
                        "Targets from a CIDR block (198.18.0.0/24), or the range from START to END.",
                        () -> generate,
                        v -> generate = v)
                .option(
                        "-f",
                        "FILE",
                        String.class,
                        "Read targets from FILE, one per line ('-': stdin).",
                        () -> file,
                        v -> file = v)
                .option(
                        "-i",
                        "MS",
                        Double.class,
                        "Milliseconds between any two requests (default 10, as fping's; 0: no limit).",
                        () -> intervalMillis,
                        v -> intervalMillis = v)
                .option(
                        "-p",
                        "MS",
                        Double.class,
                        "Milliseconds between requests to one target (default 1000).",
                        () -> periodMillis,
                        v -> periodMillis = v)
                .option(
                        "-t",
                        "MS",
                        Double.class,
                        "Milliseconds to wait for a reply (default 500).",
                        () -> timeoutMillis,
                        v -> timeoutMillis = v)
                .option(
                        "-r",
                        "N",
                        Integer.class,
                        "Retries of an unanswered target, without -c (default 3).",
                        () -> retries,
                        v -> retries = v)
                .option(
                        "-B",
                        "F",
                        Double.class,
                        "Timeout factor per retry (default 1.5).",
                        () -> backoff,
                        v -> backoff = v)
                .option(
                        "-b",
                        "BYTES",
                        Integer.class,
                        "Echo data bytes per request (default 56).",
                        () -> payloadSize,
                        v -> payloadSize = v)
                .option("-H", "TTL", Integer.class, "IP time to live / hop limit.", () -> ttl, v -> ttl = v)
                .option(
                        "--rate",
                        "PPS",
                        Double.class,
                        "Requests per second over the sweep (instead of -i).",
                        () -> rate,
                        v -> rate = v)
                .option(
                        "--concurrency",
                        "N",
                        Integer.class,
                        "Targets in progress at once (default: no limit).",
                        () -> concurrency,
                        v -> concurrency = v)
                .flag("--ndjson", "Print one JSON object per target, as each completes.", () -> ndjson, v -> ndjson = v)
                .positionalStrings(
                        "TARGET", "Addresses, host names or CIDR blocks.", () -> arguments, v -> arguments = v);
        spec = command.spec();
        return spec;
    }

    @Override
    public int usageErrorCode() {
        return 3;
    }

    @Override
    public int failureCode() {
        return 4;
    }

    @Override
    public Integer call() throws IcmpLibException {
        Targets targets = targets();
        if (targets.size() == 0) {
            throw new IllegalArgumentException("no target: give addresses, -g or -f");
        }
        int requests = countVerbose != null ? countVerbose : count != null ? count : 1;
        boolean counting = count != null || countVerbose != null;
        MultipingOptions options = options(requests);
        // buffered, not flushed per line: SweepPrinter flushes every few hundred lines and at the end (picocli's
        // writer flushes at every println, a system call per target)
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        PrintWriter err = spec.commandLine().getErr();
        SweepPrinter printer = new SweepPrinter(out, err, targets, counting && !quiet && !structured());
        BitSet alive = new BitSet(targets.size());
        List<Round> rounds = new ArrayList<>();
        long started = System.nanoTime();
        try (Pinger pinger = Pinger.create();
                Progress progress = Progress.onTerminal(err, targets.size())) {
            rounds.add(sweep(pinger, targets, null, options, printer, alive, progress));
            if (!counting) {
                int retry = retries != null ? retries : 3;
                Duration timeout = options.pingOptions().timeout();
                for (int round = 1; round <= retry; round++) {
                    // as fping: only the targets still unanswered (and not unknown) are tried again
                    int[] unanswered =
                            unanswered(targets.size(), alive, rounds.getFirst().result());
                    if (unanswered.length == 0) {
                        break;
                    }
                    timeout = Duration.ofNanos((long) (timeout.toNanos() * (backoff != null ? backoff : 1.5)));
                    rounds.add(sweep(
                            pinger,
                            targets.subset(unanswered),
                            unanswered,
                            options.toBuilder().timeout(timeout).build(),
                            printer,
                            alive,
                            null));
                }
            }
        }
        report(out, err, printer, targets, rounds, alive, counting, started);
        long drops =
                rounds.stream().mapToLong(round -> round.result().kernelDrops()).sum();
        if (drops > 0) {
            // nothing silently turned into loss: replies the kernel dropped here are not the network's loss
            err.println("icmpj: multiping: the kernel dropped about " + drops + " replies at a full receive buffer;"
                    + " some targets reported unreachable may have answered (try --rate)");
            err.flush();
        }
        MultipingResult first = rounds.getFirst().result();
        boolean unknown = first.failed() > 0;
        return unknown ? 2 : alive.cardinality() + first.failed() == targets.size() ? 0 : 1;
    }

    /** One sweep: its result, and for a retry the index in all the targets of each of its own. */
    private record Round(MultipingResult result, int[] indices) {
        /** This round's result for a target of all of them, or null when it was not pinged in this round. */
        Host resultFor(int index) {
            int k = indices == null ? index : Arrays.binarySearch(indices, index);
            return k < 0 ? null : result.get(k);
        }
    }

    private static int[] unanswered(int size, BitSet alive, MultipingResult first) {
        return IntStream.range(0, size)
                .filter(i -> !alive.get(i) && first.failure(i).isEmpty())
                .toArray();
    }

    private boolean structured() {
        return common.json() || ndjson;
    }

    /** One sweep over some targets: all of them first, then those not yet alive ({@code indices}). */
    private Round sweep(
            Pinger pinger,
            Targets some,
            int[] indices,
            MultipingOptions options,
            SweepPrinter printer,
            BitSet alive,
            Progress progress)
            throws IcmpLibException {
        // the index in all the targets of this sweep's target k
        IntUnaryOperator original = k -> indices == null ? k : indices[k];
        class TargetLines implements MultipingListener {
            @Override
            public void onComplete(int index, Host host) {
                int target = original.applyAsInt(index);
                if (progress != null) {
                    progress.done(host.isAlive());
                }
                if (host.isAlive() && !alive.get(target)) {
                    alive.set(target);
                    printer.alive(
                            target,
                            host,
                            showAlive,
                            !showAlive && !showUnreachable && !structured() && count == null && countVerbose == null,
                            elapsed);
                }
                if (ndjson && host.isAlive()) {
                    // each target once, when final: alive now, unanswered after the last round
                    printer.ndjson(target, host, null);
                }
            }

            @Override
            public void onFailed(int index, String target, IcmpLibException cause) {
                if (progress != null) {
                    progress.done(false);
                }
                printer.failed(original.applyAsInt(index), target, cause, ndjson);
            }
        }
        // a listener without onReply spares the sweep a Reply per answer
        MultipingListener listener = printer.perReply()
                ? new TargetLines() {
                    @Override
                    public void onReply(int index, int request, InetAddress address, Reply reply) {
                        printer.reply(original.applyAsInt(index), request, reply);
                    }
                }
                : new TargetLines();
        return new Round(pinger.multiping(some, options, listener), indices);
    }

    private void report(
            PrintWriter out,
            PrintWriter err,
            SweepPrinter printer,
            Targets targets,
            List<Round> rounds,
            BitSet alive,
            boolean counting,
            long startedNanos) {
        MultipingResult first = rounds.getFirst().result();
        if (common.json()) {
            List<Object> all = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                all.add(SweepPrinter.json(
                        i, targets.get(i), bestOf(rounds, i), first.failure(i).orElse(null)));
            }
            out.println(Json.write(all));
        } else if (ndjson) {
            for (int i = 0; i < targets.size(); i++) {
                if (first.failure(i).isEmpty() && !alive.get(i)) {
                    printer.ndjson(i, bestOf(rounds, i), null);
                }
            }
            printer.flush();
        } else {
            if (showUnreachable || !showAlive && !counting) {
                // the targets that never answered (with -a alone nothing is printed for them)
                for (int i = 0; i < targets.size(); i++) {
                    if (first.failure(i).isPresent() || alive.get(i)) {
                        continue;
                    }
                    out.println(showUnreachable ? targets.get(i) : targets.get(i) + " is unreachable");
                }
            }
            if (counting) {
                if (!quiet) {
                    err.println();
                }
                for (int i = 0; i < targets.size(); i++) {
                    if (first.failure(i).isEmpty()) {
                        err.println(
                                countVerbose != null
                                        ? SweepPrinter.rttList(targets.get(i), first, i)
                                        : SweepPrinter.summaryLine(targets.get(i), first.get(i)));
                    }
                }
            }
        }
        if (stats) {
            SweepPrinter.statistics(
                    err,
                    targets.size(),
                    alive.cardinality(),
                    first.failed(),
                    rounds.stream().map(Round::result).toList(),
                    startedNanos);
        }
        out.flush();
        err.flush();
    }

    /** A target's result from the round that found it alive, or from the first round. */
    private static Host bestOf(List<Round> rounds, int index) {
        for (Round round : rounds) {
            Host host = round.resultFor(index);
            if (host != null && host.isAlive()) {
                return host;
            }
        }
        return rounds.getFirst().resultFor(index);
    }

    private Targets targets() {
        Targets targets = Targets.of(arguments);
        if (generate != null) {
            targets = targets.and(
                    generate.size() == 1
                            ? Targets.cidr(generate.getFirst())
                            : Targets.range(generate.get(0), generate.get(1)));
        }
        if (file != null) {
            targets = targets.and(readFile(file));
        }
        return targets;
    }

    private static Targets readFile(String file) {
        try (BufferedReader lines = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file))) {
            return Targets.read(lines);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("-f: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private MultipingOptions options(int requests) {
        PingOptions.Builder per = PingOptions.builder()
                .timeout(Duration.ofMillis(500))
                .interval(Duration.ofSeconds(1))
                .family(common.family())
                .privilege(common.privilege());
        set("-c/-C", () -> per.count(requests));
        if (periodMillis != null) {
            set("-p", () -> per.interval(millis(periodMillis)));
        }
        if (timeoutMillis != null) {
            set("-t", () -> per.timeout(millis(timeoutMillis)));
        }
        if (payloadSize != null) {
            set("-b", () -> per.payloadSize(payloadSize));
        }
        if (ttl != null) {
            set("-H", () -> per.ttl(ttl));
        }
        source.sourceAddress().ifPresent(address -> set("-I", () -> per.sourceAddress(address)));
        source.interfaceName().ifPresent(name -> set("-I", () -> per.interfaceName(name)));
        MultipingOptions.Builder options = MultipingOptions.builder().pingOptions(per.build());
        double packetsPerSecond = rate != null ? rate : intervalMillis != null ? perSecond(intervalMillis) : 100;
        set(rate != null ? "--rate" : "-i", () -> options.rate(packetsPerSecond));
        if (concurrency != null) {
            set("--concurrency", () -> options.concurrency(concurrency));
        }
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("-r: retries is " + retries + "; it must be 0 or more");
        }
        if (backoff != null && !(backoff >= 1 && backoff <= 5)) {
            throw new IllegalArgumentException("-B: backoff is " + backoff + "; it must be between 1 and 5");
        }
        return options.build();
    }

    private static double perSecond(double intervalMillis) {
        if (!(intervalMillis >= 0)) {
            throw new IllegalArgumentException("-i: interval is " + intervalMillis + " ms; it must be 0 or more");
        }
        return intervalMillis == 0 ? 0 : Math.min(MultipingOptions.MAX_RATE, 1000 / intervalMillis);
    }

    private static Duration millis(double value) {
        if (!Double.isFinite(value) || Math.abs(value) > 1e12) {
            throw new IllegalArgumentException(value + " ms is not a time");
        }
        return Duration.ofNanos(Math.round(value * 1_000_000));
    }

    private static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
