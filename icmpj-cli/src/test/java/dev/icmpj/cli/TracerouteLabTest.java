package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.lab.Topology;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code icmpj traceroute} through the lab's routers (client, r1, r2, server), beside traceroute -I and mtr:
 * the same lines, a silent router as exactly {@code -q} stars, lines that stream in hop order, {@code -N},
 * mtr's report.
 */
@Timeout(180)
class TracerouteLabTest {
    private static final Pattern TIMES = Pattern.compile("  \\d+\\.\\d{3} ms");

    private static Topology lab;

    @BeforeAll
    static void build() {
        NetworkTests.requireRoot("the lab's namespaces");
        lab = Topology.chain(2);
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String server() {
        return lab.server().ipv4().getHostAddress();
    }

    @Test
    void call_throughTwoRouters_theLinesOfTracerouteDashI() throws Exception {
        String[] args = {"traceroute", "-n", "-q", "2", "-w", "2", server()};

        CliRun run = lab.client().call(() -> CliRun.of(args));
        ProcessRunner.Result traceroute = tracerouteI(args);

        assertThat(run.exitCode()).isEqualTo(traceroute.exitCode()).isZero();
        assertThat(masked(run.out()))
                .containsExactlyElementsOf(masked(traceroute.stdout()))
                .containsExactly(
                        "traceroute to 198.18.2.2 (198.18.2.2), 30 hops max, 60 byte packets",
                        " 1  198.18.0.2 T T",
                        " 2  198.18.1.2 T T",
                        " 3  198.18.2.2 T T");
    }

    @Test
    void call_silentRouter_exactlyDashQStars() throws Exception {
        lab.router(1)
                .exec(
                        "nft",
                        "add chain inet icmpj_lab out { type filter hook output priority 0 ; }; "
                                + "add rule inet icmpj_lab out icmp type time-exceeded drop");
        try {
            String[] args = {"traceroute", "-n", "-q", "3", "-w", "1", server()};

            CliRun run = lab.client().call(() -> CliRun.of(args));
            ProcessRunner.Result traceroute = tracerouteI(args);

            assertThat(masked(traceroute.stdout()).get(1))
                    .as("traceroute, for reference")
                    .isEqualTo(" 1  * * *");
            assertThat(run.exitCode()).isZero();
            assertThat(masked(run.out())).containsExactlyElementsOf(masked(traceroute.stdout()));
        } finally {
            lab.router(1).exec("nft", "delete chain inet icmpj_lab out");
        }
    }

    @Test
    void call_silentRouter_linesStreamInHopOrderAsTraceroutes() throws Exception {
        silence(2);
        try {
            String[] args = {"traceroute", "-n", "-q", "1", "-w", "3", server()};
            List<String> command = new ArrayList<>(
                    List.of("ip", "netns", "exec", lab.client().namespace().name()));
            command.addAll(CliProcess.icmpjCommand(args));

            List<TimedLine> ours = timedLines(command);
            ProcessRunner.Result traceroute = tracerouteI(args);

            List<String> expected = List.of(
                    "traceroute to 198.18.2.2 (198.18.2.2), 30 hops max, 60 byte packets",
                    " 1  198.18.0.2 T",
                    " 2  *",
                    " 3  198.18.2.2 T");
            assertThat(masked(traceroute.stdout()))
                    .as("traceroute, for reference")
                    .isEqualTo(expected);
            assertThat(masked(
                            String.join("\n", ours.stream().map(TimedLine::text).toList())))
                    .isEqualTo(expected);
            // hop 1 is printed as soon as it answers; hop 2 only when its probe's 3 s are over, and hop 3 with it,
            // though it answered at once
            long beforeSilentHop = ours.get(2).nanos() - ours.get(1).nanos();
            assertThat(beforeSilentHop).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));
            assertThat(ours.get(3).nanos()).isGreaterThanOrEqualTo(ours.get(2).nanos());
        } finally {
            unsilence(2);
        }
    }

    @Test
    void call_probesInFlight_dashNOneSendsTheSilentHopsProbesOneAfterAnother() throws Exception {
        silence(2);
        try {
            long started = System.nanoTime();
            CliRun one =
                    lab.client().call(() -> CliRun.of("traceroute", "-n", "-q", "3", "-w", "1", "-N", "1", server()));
            long oneNanos = System.nanoTime() - started;
            started = System.nanoTime();
            CliRun sixteen = lab.client().call(() -> CliRun.of("traceroute", "-n", "-q", "3", "-w", "1", server()));
            long sixteenNanos = System.nanoTime() - started;

            assertThat(masked(one.out())).isEqualTo(masked(sixteen.out())).contains(" 2  * * *");
            // -N 1: hop 2's three probes wait their second each, one after another; by default (16) together
            assertThat(oneNanos).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2800));
            assertThat(oneNanos - sixteenNanos).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));
        } finally {
            unsilence(2);
        }
    }

    /** A line of a process's output and when the test read it. */
    private record TimedLine(long nanos, String text) {}

    /** Runs a command to its end (60 s at most), each line of its standard output stamped when it was read. */
    private static List<TimedLine> timedLines(List<String> command) throws Exception {
        Path err = Files.createTempFile("icmpj-trace", ".err");
        try (CliProcess process = CliProcess.command(err, command);
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
            List<TimedLine> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(new TimedLine(System.nanoTime(), line));
            }
            assertThat(process.waitFor(60))
                    .as("exit code; stderr: %s", Files.readString(err))
                    .isZero();
            return lines;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Makes a router drop the time-exceeded errors it sends: a silent hop. */
    private static void silence(int router) {
        lab.router(router)
                .exec(
                        "nft",
                        "add chain inet icmpj_lab out { type filter hook output priority 0 ; }; "
                                + "add rule inet icmpj_lab out icmp type time-exceeded drop");
    }

    private static void unsilence(int router) {
        lab.router(router).exec("nft", "delete chain inet icmpj_lab out");
    }

    @Test
    void call_destinationNotReached_exit0AsTraceroute() throws Exception {
        String[] args = {"traceroute", "-n", "-q", "1", "-m", "2", "-w", "1", server()};

        CliRun run = lab.client().call(() -> CliRun.of(args));
        ProcessRunner.Result traceroute = tracerouteI(args);

        assertThat(run.exitCode()).isEqualTo(traceroute.exitCode()).isZero();
        assertThat(masked(run.out()))
                .containsExactlyElementsOf(masked(traceroute.stdout()))
                .hasSize(3);
    }

    @Test
    void call_report_mtrsTable() throws Exception {
        NetworkTests.requireCommand("mtr");
        String[] args = {"-r", "-n", "-c", "2", server()};

        CliRun run = lab.client().call(() -> CliRun.of(prepend("traceroute", args)));
        ProcessRunner.Result mtr = lab.client().run(prepend("mtr", args));

        assertThat(run.exitCode()).isEqualTo(mtr.exitCode()).isZero();
        List<String> ours = run.outLines();
        List<String> theirs = mtr.stdout().lines().toList();
        assertThat(ours.getFirst()).matches("Start: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4}");
        assertThat(ours.get(1)).isEqualTo(theirs.get(1));
        // the numbers masked (decimals only: the addresses stay)
        assertThat(PeerTool.maskedFping(String.join("\n", ours.subList(2, ours.size()))))
                .containsExactlyElementsOf(PeerTool.maskedFping(String.join("\n", theirs.subList(2, theirs.size()))))
                .startsWith("  1.|-- 198.18.0.2                 T%     2    T   T   T   T   T");
    }

    private static ProcessRunner.Result tracerouteI(String[] args) {
        NetworkTests.requireCommand("traceroute");
        String[] command = prepend("traceroute", "-I");
        String[] all = new String[command.length + args.length - 1];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(args, 1, all, command.length, args.length - 1);
        return lab.client().run(all);
    }

    private static List<String> masked(String text) {
        return text.lines().map(line -> TIMES.matcher(line).replaceAll(" T")).toList();
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
