package dev.icmpj.cli;

import dev.icmpj.Hop;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.TracerouteOptions;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code icmpj traceroute}: the route to a host with traceroute's habits (ICMP echo probes, as its
 * {@code -I}), an mtr-style report ({@code --report}) or JSON. Works without root through ping sockets.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
public final class TracerouteCommand implements ExitCodes.Mapped {

    /** How long the reverse lookups of all hops may take together before the addresses are printed alone. */
    private static final Duration NAME_LOOKUP_BOUND = Duration.ofSeconds(2);

    private static final int PARALLEL_LOOKUPS = 16;

    private CommandSpec spec;

    private final CommonOptions common = new CommonOptions();

    private boolean icmp;

    private boolean extensions;

    private boolean paris;

    private boolean numeric;

    private Integer probes;

    private Integer cycles;

    private Integer firstHop;

    private Integer maxHops;

    private Duration wait;

    private Duration pause;

    private String source;

    private String interfaceName;

    private boolean report;

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
                        "Trace the route to HOST with ICMP echo probes (traceroute -I), every hop's probes in flight at"
                                + " once. Without root it uses ping sockets.")
                .exitCodes(
                        "%nExit codes:%n",
                        "0:the destination answered", "1:it did not", "2:error (usage, name lookup, permission, ...)");
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
                .option(
                        "-q",
                        "N",
                        Integer.class,
                        "Probes per hop (default 3; with --report: -c).",
                        () -> probes,
                        v -> probes = v)
                .option(
                        "-c",
                        "N",
                        Integer.class,
                        "Cycles of the --report (mtr's -c, default 10).",
                        () -> cycles,
                        v -> cycles = v)
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
                .flag(
                        "--report",
                        "Print an mtr-style report (mtr -r) instead of traceroute's lines.",
                        () -> report,
                        v -> report = v)
                .positional(
                        "0", "HOST", "1", String.class, "The host name or address to trace.", () -> host, v -> host = v)
                .positional(
                        "1",
                        "PACKETLEN",
                        "0..1",
                        Integer.class,
                        "The probe's IP packet length in bytes, as traceroute's (default: 84 for IPv4).",
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

    @Override
    public Integer call() throws IcmpLibException {
        TracerouteOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        try (Pinger pinger = Pinger.create()) {
            InetAddress destination = pinger.resolve(host, options.pingOptions().family());
            int payload = options.pingOptions().payloadSize();
            int bytes = (destination instanceof Inet4Address ? 20 : 40) + 8 + payload;
            if (!common.json() && !report) {
                out.printf(
                        "traceroute to %s (%s), %d hops max, %d byte packets%n",
                        host, AddressText.of(destination), options.maxHops(), bytes);
                out.flush();
            }
            String start = OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            List<Hop> hops = pinger.traceroute(AddressText.of(destination), options);
            Map<InetAddress, String> names = numeric || common.json() ? Map.of() : reverseNames(hops);
            if (common.json()) {
                out.println(Json.write(json(destination, hops)));
            } else if (report) {
                printReport(out, start, hops, names);
            } else {
                for (Hop hop : hops) {
                    out.println(line(hop, names, extensions));
                }
            }
            out.flush();
            boolean reached = !hops.isEmpty() && hops.getLast().responders().contains(destination);
            return reached ? 0 : 1;
        }
    }

    private TracerouteOptions options() {
        if (common.json() && report) {
            throw new ParameterException(spec.commandLine(), "--json and --report are mutually exclusive");
        }
        if (cycles != null && !report) {
            throw new ParameterException(spec.commandLine(), "-c is the cycles of --report; use -q for probes per hop");
        }
        PingOptions.Builder per = PingOptions.builder()
                .family(common.family())
                .privilege(common.privilege())
                .interval(Duration.ZERO)
                .timeout(Duration.ofSeconds(5));
        int count = report ? (cycles != null ? cycles : 10) : (probes != null ? probes : 3);
        if (report && probes != null && cycles == null) {
            count = probes;
        }
        int perHop = count;
        set("-q", () -> per.count(perHop));
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
        if (packetLength != null) {
            // traceroute's packet length counts the IP header (20, or 40 for IPv6) and the ICMP header (8)
            int header = (common.family() == Family.IPV6 ? 40 : 20) + 8;
            if (packetLength < header) {
                throw new IllegalArgumentException(
                        "packetlen is " + packetLength + "; it must be at least " + header + " (the headers)");
            }
            set("packetlen", () -> per.payloadSize(packetLength - header));
        }
        TracerouteOptions.Builder builder =
                TracerouteOptions.builder().pingOptions(per.build()).constantFlow(paris);
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

    /** mtr's report: a header, then a row per hop, every responder after the first on a line of its own. */
    private void printReport(PrintWriter out, String start, List<Hop> hops, Map<InetAddress, String> names) {
        out.println("Start: " + start);
        out.printf(
                Locale.ROOT,
                "HOST: %-30s %6s %5s %6s %6s %6s %6s %6s%n",
                localName(),
                "Loss%",
                "Snt",
                "Last",
                "Avg",
                "Best",
                "Wrst",
                "StDev");
        for (Hop hop : hops) {
            String first =
                    hop.responders().isEmpty() ? "???" : shown(hop.responders().getFirst(), names);
            out.printf(
                    Locale.ROOT,
                    "%3d.|-- %-30s %5.1f%% %5d %6.1f %6.1f %6.1f %6.1f %6.1f%n",
                    hop.distance(),
                    first + (hop.unreachable() == null ? "" : " " + hop.unreachable()),
                    hop.packetLoss() * 100,
                    hop.packetsSent(),
                    zeroIfNaN(hop.lastRtt()),
                    zeroIfNaN(hop.avgRtt()),
                    zeroIfNaN(hop.minRtt()),
                    zeroIfNaN(hop.maxRtt()),
                    zeroIfNaN(hop.stddev()));
            for (InetAddress other : hop.responders()
                    .subList(
                            Math.min(1, hop.responders().size()),
                            hop.responders().size())) {
                out.printf(Locale.ROOT, "    |   %s%n", shown(other, names));
            }
        }
    }

    private static String shown(InetAddress address, Map<InetAddress, String> names) {
        String name = names.get(address);
        return name != null ? name : AddressText.of(address);
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
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
     * Looks the responders' names up in parallel, {@value #PARALLEL_LOOKUPS} at a time, all bounded together by
     * {@link #NAME_LOOKUP_BOUND}: a slow resolver delays the output by at most that, and a name not found
     * in time (or at all) leaves the address alone.
     */
    private static Map<InetAddress, String> reverseNames(List<Hop> hops) {
        Map<InetAddress, String> names = new ConcurrentHashMap<>();
        List<Future<?>> lookups = new ArrayList<>();
        // not closed with try: close() would wait for a lookup the resolver never answers
        ExecutorService pool = Executors.newFixedThreadPool(
                PARALLEL_LOOKUPS, Thread.ofVirtual().name("icmpj-reverse").factory());
        for (Hop hop : hops) {
            for (InetAddress responder : hop.responders()) {
                lookups.add(pool.submit(() -> {
                    String name = responder.getCanonicalHostName();
                    if (!name.equals(responder.getHostAddress()) && !name.equals(AddressText.of(responder))) {
                        names.put(responder, name);
                    }
                }));
            }
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
