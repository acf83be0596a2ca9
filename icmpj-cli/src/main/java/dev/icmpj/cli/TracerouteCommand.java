package dev.icmpj.cli;

import dev.icmpj.Hop;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.TracerouteOptions;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code icmpj traceroute}: the route to a host with traceroute 2.1.2's habits (ICMP echo probes, as its
 * {@code -I}), mtr 0.95's report ({@code -r}, {@code -c}, {@code --report-cycles}) or JSON. Works without root
 * through ping sockets.
 *
 * <p>Exit codes as traceroute's and mtr's: 0 once the trace ran, whether or not it reached the destination;
 * 1 when there is no route ({@code connect: Network is unreachable}); 2 for bad usage or a name that does not
 * resolve.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
public final class TracerouteCommand implements ExitCodes.Mapped {

    /** How long the reverse lookups of one hop's responders may take before its addresses are printed alone. */
    private static final Duration NAME_LOOKUP_BOUND = Duration.ofSeconds(2);

    private static final int PARALLEL_LOOKUPS = 16;

    /** traceroute's {@code MAX_PROBES}. */
    private static final int MAX_PROBES = 10;

    /** traceroute's default {@code -N}: probes in flight at once. */
    static final int DEFAULT_SIMULTANEOUS = 16;

    /** traceroute's default packet: 60 bytes for IPv4, 80 for IPv6, so 32 bytes of echo data in both. */
    private static final int DEFAULT_PAYLOAD = 32;

    private CommandSpec spec;

    private final CommonOptions common = new CommonOptions();

    private boolean icmp;

    private boolean extensions;

    private boolean paris;

    private boolean numeric;

    private boolean dontFragment;

    private Integer probes;

    private Integer simultaneous;

    private Integer tos;

    private Integer cycles;

    private Integer firstHop;

    private Integer maxHops;

    private Duration wait;

    private Duration pause;

    private String source;

    private String interfaceName;

    private boolean report;

    private boolean reportWide;

    private String host;

    private Integer packetLength;

    /** Creates the command; {@link #declare} declares it to picocli, which fills its fields. */
    public TracerouteCommand() {}

    /**
     * Declares this command to picocli, in code ({@link SpecBuilder}).
     *
     * @return the command's spec, for a {@code CommandLine}
     */
    CommandSpec declare() {
        SpecBuilder command = new SpecBuilder(
                        this,
                        "traceroute",
                        "Trace the route to HOST with ICMP echo probes (traceroute -I), -N probes in flight at once, a"
                                + " hop's line printed as soon as it and every hop before it are decided; with -r, mtr's"
                                + " report of -c cycles. Without root it uses ping sockets.")
                .exitCodes(
                        "%nExit codes (as traceroute's and mtr's):%n",
                        "0:the trace ran (whether it reached the destination or not)",
                        "1:no route to the destination",
                        "2:bad usage, or a name that does not resolve");
        common.declareOn(command);
        command.flag(
                        "-I",
                        "ICMP echo probes (traceroute's -I): the only kind icmpj sends; accepted.",
                        () -> icmp,
                        v -> icmp = v)
                .flag(
                        "-e",
                        "Show ICMP extensions: each hop's MPLS label stack (RFC 4950).",
                        () -> extensions,
                        v -> extensions = v)
                .flag(
                        "--paris",
                        "Paris traceroute: every probe one flow (a constant ICMP checksum), so per-flow load"
                                + " balancers keep them on one path. Without it each probe is a flow of its own and a hop"
                                + " lists every responder its probes met.",
                        () -> paris,
                        v -> paris = v)
                .flag("-n", "Print addresses only, no reverse names.", () -> numeric, v -> numeric = v)
                .flag("-F", "Set the don't-fragment flag.", () -> dontFragment, v -> dontFragment = v)
                .option("-q", "N", Integer.class, "Probes per hop, 1 to 10 (default 3).", () -> probes, v -> probes = v)
                .option(
                        "-N",
                        "N",
                        Integer.class,
                        "Probes in flight at once, traceroute's squeries (default 16): the next leaves as one is"
                                + " answered or times out, hop by hop in order. mtr's report (-r) sends a round at once.",
                        () -> simultaneous,
                        v -> simultaneous = v)
                .option(
                        "-t",
                        "TOS",
                        Integer.class,
                        new PingValues.ByteConverter(),
                        "IP type of service / traffic class byte, 0..255.",
                        () -> tos,
                        v -> tos = v)
                .option(
                        "-f",
                        "FIRST",
                        Integer.class,
                        "The first hop probed (default 1).",
                        () -> firstHop,
                        v -> firstHop = v)
                .option(
                        "-m",
                        "MAX",
                        Integer.class,
                        "The last hop probed (default 30).",
                        () -> maxHops,
                        v -> maxHops = v)
                .option(
                        "-w",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds to wait for each probe's answer (default 5).",
                        () -> wait,
                        v -> wait = v)
                .option(
                        "-z",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds between rounds of probes, one probe per hop each (default 0, as traceroute's: every"
                                + " probe at once).",
                        () -> pause,
                        v -> pause = v)
                .option("-s", "SRC", String.class, "Source address to send from.", () -> source, v -> source = v)
                .option(
                        "-i",
                        "IFACE",
                        String.class,
                        "Interface to send from.",
                        () -> interfaceName,
                        v -> interfaceName = v)
                .flag("-r", "Print mtr's report (mtr -r) instead of traceroute's lines.", () -> report, v -> report = v)
                .flag("--report", "The same as -r.", () -> report, v -> report = v)
                .flag(
                        "--report-wide",
                        "mtr's wide report: names are not cut (implies -r).",
                        () -> reportWide,
                        v -> reportWide = v)
                .option(
                        "-c",
                        "N",
                        Integer.class,
                        "mtr's cycles: probes per hop of the report (default 10; implies -r).",
                        () -> cycles,
                        v -> cycles = v)
                .option("--report-cycles", "N", Integer.class, "The same as -c.", () -> cycles, v -> cycles = v)
                .positional(
                        "0", "HOST", "1", String.class, "The host name or address to trace.", () -> host, v -> host = v)
                .positional(
                        "1",
                        "PACKETLEN",
                        "0..1",
                        Integer.class,
                        "The probe's IP packet length in bytes, as traceroute's (default 60, 80 for IPv6; at least"
                                + " the headers).",
                        () -> packetLength,
                        v -> packetLength = v);
        spec = command.spec();
        return spec;
    }

    @Override
    public int usageErrorCode() {
        return 2;
    }

    @Override
    public int failureCode() {
        return 2;
    }

    private boolean reportMode() {
        return report || reportWide || cycles != null;
    }

    @Override
    @SuppressWarnings("try") // the progress line only needs closing
    public Integer call() throws IcmpLibException {
        if (probes != null && (probes < 1 || probes > MAX_PROBES)) {
            // traceroute's words, for -q 0 too
            throw new IllegalArgumentException("no more than " + MAX_PROBES + " probes per hop");
        }
        OutputQueue output =
                new OutputQueue(spec.commandLine().getOut(), spec.commandLine().getErr());
        try (Pinger pinger = Pinger.create()) {
            InetAddress destination = pinger.resolve(host, common.family());
            TracerouteOptions options = options(destination);
            RouteProbe.Route route = RouteProbe.to(destination);
            if (!route.reachable() && source == null && interfaceName == null) {
                // traceroute connects its probe socket first and stops there, before its header
                throw new CommandFailure("connect: " + route.failure(), 1);
            }
            int payload = options.pingOptions().payloadSize();
            int bytes = (destination instanceof Inet4Address ? 20 : 40) + 8 + payload;
            if (!common.json() && !reportMode()) {
                output.out("traceroute to " + host + " (" + AddressText.of(destination) + "), " + options.maxHops()
                        + " hops max, " + bytes + " byte packets");
            }
            ZonedDateTime start = ZonedDateTime.now();
            if (!common.json() && !reportMode()) {
                // traceroute's lines, each as soon as its hop and those before it are decided
                Map<InetAddress, String> names = new ConcurrentHashMap<>();
                CompletableFuture<List<Hop>> trace = pinger.tracerouteAsync(
                        AddressText.of(destination),
                        options,
                        hop -> output.execute(() -> output.out().println(line(hop, namesOf(hop, names), extensions))));
                // a reader that went away ends the trace, as it ends traceroute (SIGPIPE)
                output.onFailure(() -> trace.cancel(true));
                await(trace, output);
            } else {
                List<Hop> hops;
                try (Progress progress = Progress.onTerminal(output, () -> "tracing " + host + "...")) {
                    hops = pinger.traceroute(AddressText.of(destination), options);
                }
                if (common.json()) {
                    output.out(Json.write(json(destination, hops)));
                } else {
                    Map<InetAddress, String> names = numeric ? Map.of() : reverseNames(responders(hops));
                    MtrReport.lines(start, localName(), hops, names, reportWide).forEach(output::out);
                }
            }
            output.close();
            OutputQueue.WriteFailure failure = output.failure();
            if (failure != null) {
                return failure.brokenPipe() ? OutputQueue.WriteFailure.BROKEN_PIPE_EXIT : writeError(output, failure);
            }
            // traceroute and mtr exit 0 whether the destination answered or not
            return 0;
        } finally {
            output.close();
        }
    }

    /** Waits for a streamed trace; one cancelled because the output failed ends like any write failure. */
    private static void await(CompletableFuture<List<Hop>> trace, OutputQueue output) throws IcmpLibException {
        try {
            trace.get();
        } catch (InterruptedException e) {
            trace.cancel(true);
            Thread.currentThread().interrupt();
            throw new IcmpLibException("interrupted", e);
        } catch (CancellationException e) {
            if (!output.failed()) {
                throw e;
            }
        } catch (ExecutionException e) {
            Throwable t = FailureReporter.unwrapped(e);
            if (t instanceof IcmpLibException failure) {
                throw failure;
            }
            if (t instanceof RuntimeException failure) {
                throw failure;
            }
            if (t instanceof Error failure) {
                throw failure;
            }
            throw new IcmpLibException("traceroute failed: " + t, t);
        }
    }

    private static int writeError(OutputQueue output, OutputQueue.WriteFailure failure) {
        output.err().println("icmpj: traceroute: " + failure.message());
        output.err().flush();
        return 1;
    }

    private TracerouteOptions options(InetAddress destination) {
        PingOptions.Builder per = PingOptions.builder()
                .family(common.family())
                .privilege(common.privilege())
                .interval(Duration.ZERO)
                .timeout(Duration.ofSeconds(5))
                .payloadSize(DEFAULT_PAYLOAD);
        int count =
                reportMode() ? (cycles != null ? cycles : probes != null ? probes : 10) : probes != null ? probes : 3;
        set(reportMode() ? "-c" : "-q", () -> per.count(count));
        if (wait != null) {
            set("-w", () -> per.timeout(wait));
        }
        if (pause != null) {
            set("-z", () -> per.interval(pause));
        }
        if (source != null) {
            set("-s", () -> per.sourceAddress(InetAddress.ofLiteral(source)));
        }
        if (interfaceName != null) {
            set("-i", () -> per.interfaceName(interfaceName));
        }
        if (tos != null) {
            set("-t", () -> per.trafficClass(tos));
        }
        if (dontFragment) {
            per.dontFragment(true);
        }
        if (simultaneous != null && simultaneous < 1) {
            throw new IllegalArgumentException("-N: " + simultaneous + " probes at once; it must be 1 or more");
        }
        if (packetLength != null) {
            // traceroute's packet length counts the IP header (20, or 40 for IPv6) and the ICMP header (8); a
            // shorter one is the headers alone, as traceroute takes it
            int header = (Family.of(destination) == Family.IPV6 ? 40 : 20) + 8;
            int data = Math.max(0, packetLength - header);
            set("packetlen", () -> per.payloadSize(data));
        }
        TracerouteOptions.Builder builder =
                TracerouteOptions.builder().pingOptions(per.build()).constantFlow(paris);
        if (!reportMode() || simultaneous != null) {
            // traceroute's -N, 16 by default; mtr has none and sends a cycle's probes at once
            int inFlight = simultaneous != null ? simultaneous : DEFAULT_SIMULTANEOUS;
            set("-N", () -> builder.maxInFlight(inFlight));
        }
        if (firstHop != null) {
            set("-f", () -> builder.firstHop(firstHop));
        }
        if (maxHops != null) {
            set("-m", () -> builder.maxHops(maxHops));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-f/-m: " + e.getMessage(), e);
        }
    }

    private static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * traceroute's line of a hop: its distance, then each probe in send order: an answered one's time after its
     * responder (a name and the address, or the address alone with {@code -n}), the responder shown again
     * whenever it changes, with {@code -e} the MPLS label stack after the first, the Unreachable marker after
     * each time when there was one; a {@code *} for a probe not answered.
     */
    static String line(Hop hop, Map<InetAddress, String> names, boolean extensions) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d ", hop.distance()));
        InetAddress shown = null;
        int answer = 0;
        for (int probe = 0; probe < hop.packetsSent(); probe++) {
            if (answer == hop.answeredProbes().size() || hop.answeredProbes().get(answer) != probe) {
                line.append(" *");
                continue;
            }
            InetAddress responder = hop.answeredBy().get(answer);
            if (!responder.equals(shown)) {
                // as traceroute: the address again whenever a probe was answered by another one than the last
                String address = AddressText.of(responder);
                String name = names.get(responder);
                line.append(' ').append(name == null ? address : name + " (" + address + ")");
                if (shown == null && extensions && !hop.mplsLabels().isEmpty()) {
                    // traceroute -e's form
                    StringJoiner labels = new StringJoiner("/", " <MPLS:", ">");
                    hop.mplsLabels()
                            .forEach(l -> labels.add("L=" + l.label() + ",E=" + l.trafficClass() + ",S="
                                    + (l.bottomOfStack() ? 1 : 0) + ",T=" + l.ttl()));
                    line.append(labels);
                }
                shown = responder;
            }
            line.append(String.format(Locale.ROOT, "  %.3f ms", hop.rtts().get(answer)));
            if (hop.unreachable() != null) {
                line.append(' ').append(hop.unreachable());
            }
            answer++;
        }
        return line.toString();
    }

    /** This host's name as mtr's {@code gethostname} gives it: no lookup, so no resolver is asked. */
    private static String localName() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname"))
                    .strip();
        } catch (java.io.IOException | RuntimeException unreadable) {
            return "localhost";
        }
    }

    private Map<String, Object> json(InetAddress destination, List<Hop> hops) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("target", host);
        map.put("address", AddressText.of(destination));
        List<Map<String, Object>> rows = new ArrayList<>(hops.size());
        hops.forEach(hop -> rows.add(hop.toMap()));
        map.put("hops", rows);
        return map;
    }

    /**
     * The names of a hop's responders, for its line: none with {@code -n}; else looked up on the output thread
     * when the line is about to be printed (so the lines keep their order and the trace's thread never waits),
     * each address once per run, a hop's lookups bounded together by {@link #NAME_LOOKUP_BOUND}.
     *
     * @param hop the hop
     * @param known the names found so far (an address without one maps to the empty string), updated
     */
    private Map<InetAddress, String> namesOf(Hop hop, Map<InetAddress, String> known) {
        if (numeric) {
            return Map.of();
        }
        List<InetAddress> unknown = new ArrayList<>();
        for (InetAddress responder : hop.responders()) {
            if (!known.containsKey(responder)) {
                unknown.add(responder);
            }
        }
        if (!unknown.isEmpty()) {
            Map<InetAddress, String> found = reverseNames(unknown);
            unknown.forEach(address -> known.put(address, found.getOrDefault(address, "")));
        }
        Map<InetAddress, String> names = new LinkedHashMap<>();
        for (InetAddress responder : hop.responders()) {
            String name = known.get(responder);
            if (name != null && !name.isEmpty()) {
                names.put(responder, name);
            }
        }
        return names;
    }

    private static List<InetAddress> responders(List<Hop> hops) {
        List<InetAddress> all = new ArrayList<>();
        hops.forEach(hop -> all.addAll(hop.responders()));
        return all;
    }

    /**
     * Looks the responders' names up in parallel, {@value #PARALLEL_LOOKUPS} at a time, all bounded together by
     * {@link #NAME_LOOKUP_BOUND}: a slow resolver delays the output by at most that, and a name not found
     * in time (or at all) leaves the address alone.
     */
    private static Map<InetAddress, String> reverseNames(List<InetAddress> responders) {
        Map<InetAddress, String> names = new ConcurrentHashMap<>();
        List<Future<?>> lookups = new ArrayList<>();
        // not closed with try: close() would wait for a lookup the resolver never answers
        ExecutorService pool = Executors.newFixedThreadPool(
                PARALLEL_LOOKUPS, Thread.ofVirtual().name("icmpj-reverse").factory());
        for (InetAddress responder : responders) {
            lookups.add(pool.submit(() -> {
                String name = responder.getCanonicalHostName();
                if (!name.equals(responder.getHostAddress()) && !name.equals(AddressText.of(responder))) {
                    names.put(responder, name);
                }
            }));
        }
        long deadline = System.nanoTime() + NAME_LOOKUP_BOUND.toNanos();
        for (Future<?> lookup : lookups) {
            try {
                lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception slowOrFailed) {
                lookup.cancel(true);
            }
        }
        pool.shutdownNow();
        return Map.copyOf(names);
    }
}
