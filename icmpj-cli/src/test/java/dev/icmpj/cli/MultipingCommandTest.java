package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code icmpj multiping}: fping 5.1's options, lines and exit codes, beside fping itself where it matters. */
@Timeout(120)
class MultipingCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            multiping -g 198.18.0.0/33             | 1 | icmpj: multiping: block 198.18.0.0/33: the prefix length must be between 0 and 32
            multiping -g 198.18.0.9 198.18.0.1     | 1 | icmpj: multiping: range 198.18.0.9 to 198.18.0.1 ends before it starts
            multiping -g                           | 1 | icmpj: multiping: -g takes a block (198.18.0.0/24) or a range (198.18.0.1 198.18.0.9)
            multiping -c 0 127.0.0.1               | 1 | icmpj: multiping: -c: count is 0; it must be 1 or more
            multiping -c -1 127.0.0.1              | 4 | icmpj: multiping: -c/-C: count is negative; it must be 1 or more
            multiping -i -5 127.0.0.1              | 1 | icmpj: multiping: -i: the interval must be 0 or more
            multiping --rate -1 127.0.0.1          | 1 | icmpj: multiping: --rate: rate is -1.0; it must be between 0 and 10000000 packets/s
            multiping -f /nonexistent/targets      | 4 | icmpj: multiping: -f: cannot read /nonexistent/targets: No such file or directory
            multiping -z 127.0.0.1                 | 1 | icmpj: multiping: unknown option '-z' (see 'icmpj multiping --help')
            multiping -a -u 127.0.0.1              | 1 | icmpj: multiping: specify only one of a, u
            multiping -c 1 -l 127.0.0.1            | 1 | icmpj: multiping: specify only one of c, l
            multiping -l --json 127.0.0.1          | 1 | icmpj: multiping: -l: --json and --ndjson write a finished sweep; use -c or -C
            multiping -l --ndjson 127.0.0.1        | 1 | icmpj: multiping: -l: --json and --ndjson write a finished sweep; use -c or -C
            multiping -d -n 127.0.0.1              | 1 | icmpj: multiping: use either one of -d or -n
            multiping -H 300 127.0.0.1             | 1 | icmpj: multiping: ttl 300 out of range
            multiping -B 10 127.0.0.1              | 1 | icmpj: multiping: backoff factor 10.0 not valid, must be between 1.0 and 5.0
            multiping -S 1.2.3.4.5 127.0.0.1       | 1 | icmpj: multiping: can't parse source address: 1.2.3.4.5
            multiping -I nosuchif0 127.0.0.1       | 1 | icmpj: multiping: binding to specific interface (SO_BINTODEVICE): No such device
            multiping -b 70000 127.0.0.1           | 1 | icmpj: multiping: data size 70000 not valid, must be at most 65527
            multiping -b 65510 127.0.0.1           | 1 | icmpj: multiping: data size 65510 not valid, must be at most 65507 for IPv4 targets
            """)
    void execute_badUsage_oneLineAndFpingsExitCode(String args, int exitCode, String expected) {
        CliRun run = CliRun.of(args.split(" "));

        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.errLines()).containsExactly(expected);
    }

    @Test
    void execute_badUsage_fpingExitsTheSame() {
        for (String args : List.of("-c 0 127.0.0.1", "-a -u 127.0.0.1", "-B 10 127.0.0.1", "-z 127.0.0.1")) {
            ProcessRunner.Result fping = PeerTool.run(null, ("fping " + args).split(" "));

            assertThat(CliRun.of(("multiping " + args).split(" ")).exitCode())
                    .as(args)
                    .isEqualTo(fping.exitCode());
        }
    }

    @Test
    void call_aliveAndUnreachable_fpingsLinesAndExitCode1() throws Exception {
        // in a namespace of its own: 198.18.0.1 is local, 198.18.0.2 has no route (a send error), :: answers
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.exec("ip", "addr", "add", "198.18.0.1/32", "dev", "lo");
            String[] args = {"-t", "100", "-r", "1", "198.18.0.1", "198.18.0.2", "::1"};
            CliRun run = ns.call(() -> CliRun.of(multiping(args)));
            ProcessRunner.Result fping = PeerTool.run(ns, fping(args));

            assertThat(fping.stdout().lines()).as("fping, for reference").contains("198.18.0.2 is unreachable");
            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
            assertThat(run.outLines())
                    .containsExactlyInAnyOrderElementsOf(fping.stdout().lines().toList())
                    .containsExactlyInAnyOrder("198.18.0.1 is alive", "::1 is alive", "198.18.0.2 is unreachable");
            assertThat(run.outLines().getLast()).isEqualTo("198.18.0.2 is unreachable");
        }
    }

    @Test
    void call_requestThatCannotLeave_fpingsWarningCountedSentNeverTimedOutNorRetried() throws Exception {
        // in a namespace of its own with lo alone: 198.18.0.2 has no route, every send to it fails
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            String[] sweep = {"-s", "-t", "100", "-r", "2", "198.18.0.2", "127.0.0.1"};
            CliRun run = ns.call(() -> CliRun.of(multiping(sweep)));
            ProcessRunner.Result fping = PeerTool.run(ns, fping(sweep));

            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
            assertThat(run.out())
                    .isEqualTo(fping.stdout())
                    .isEqualTo("127.0.0.1 is alive\n198.18.0.2 is unreachable\n");
            assertThat(withoutElapsed(PeerTool.maskedFping(run.err())))
                    .containsExactlyElementsOf(withoutElapsed(PeerTool.maskedFping(fping.stderr())))
                    .contains(
                            "198.18.0.2: error while sending ping: Network is unreachable",
                            "       0 timeouts (waiting for response)",
                            "       2 ICMP Echos sent");

            String[] count = {"-c", "2", "-p", "100", "-t", "100", "198.18.0.2", "127.0.0.1"};
            run = ns.call(() -> CliRun.of(multiping(count)));
            fping = PeerTool.run(ns, fping(count));

            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
            assertThat(PeerTool.maskedFping(run.out()))
                    .containsExactlyInAnyOrderElementsOf(PeerTool.maskedFping(fping.stdout()))
                    .noneMatch(line -> line.startsWith("198.18.0.2"));
            assertThat(PeerTool.maskedFping(run.err()))
                    .containsExactlyElementsOf(PeerTool.maskedFping(fping.stderr()))
                    .contains("198.18.0.2 : xmt/rcv/%loss = 2/0/100%");
        }
    }

    @Test
    void call_countMode_timeoutsAndIcmpErrorsAsFping() throws Exception {
        // 127.0.0.3's replies are dropped (timeouts), 127.0.0.4 is rejected with an ICMP error
        try (NetworkNamespace ns = TestNamespaces.withInputRules(
                "ip saddr 127.0.0.3 icmp type echo-reply drop",
                "ip daddr 127.0.0.4 icmp type echo-request reject with icmp type admin-prohibited")) {
            String[] args = {"-c", "2", "-p", "200", "127.0.0.1", "127.0.0.3", "localhost", "127.0.0.4"};

            CliRun run = ns.call(() -> CliRun.of(multiping(args)));
            ProcessRunner.Result fping = PeerTool.run(ns, fping(args));

            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
            // the lines of each target in order; fping prints an errored request's timeout only at the timeout
            assertThat(PeerTool.maskedFping(run.out()))
                    .containsExactlyInAnyOrderElementsOf(PeerTool.maskedFping(fping.stdout()))
                    .contains(
                            "127.0.0.3 : [0], timed out (NaN avg, 100% loss)",
                            "127.0.0.4 : [1], timed out (NaN avg, 100% loss)",
                            "localhost : [1], 64 bytes, T ms (T avg, 0% loss)");
            assertThat(PeerTool.maskedFping(run.err()))
                    .containsExactlyElementsOf(PeerTool.maskedFping(fping.stderr()))
                    .containsSubsequence(
                            "ICMP Unreachable (Communication Administratively Prohibited) from 127.0.0.4 for ICMP Echo"
                                    + " sent to 127.0.0.4",
                            "",
                            "127.0.0.1 : xmt/rcv/%loss = 2/2/0%, min/avg/max = T/T/T",
                            "127.0.0.3 : xmt/rcv/%loss = 2/0/100%");
        }
    }

    @Test
    void call_verboseCountAndOutage_asFping() throws Exception {
        try (NetworkNamespace ns = TestNamespaces.withInputRules("ip saddr 127.0.0.3 icmp type echo-reply drop")) {
            String[] verbose = {"-C", "2", "-p", "100", "-q", "127.0.0.1", "127.0.0.3"};
            String[] outage = {"-c", "2", "-p", "100", "-q", "-o", "127.0.0.1", "127.0.0.3"};

            for (String[] args : List.of(verbose, outage)) {
                CliRun run = ns.call(() -> CliRun.of(multiping(args)));
                ProcessRunner.Result fping = PeerTool.run(ns, fping(args));

                assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
                assertThat(run.out()).isEqualTo(fping.stdout()).isEmpty();
                assertThat(PeerTool.maskedFping(run.err()))
                        .as(String.join(" ", args))
                        .containsExactlyElementsOf(PeerTool.maskedFping(fping.stderr()));
            }
            CliRun run = ns.call(() -> CliRun.of(multiping(outage)));
            assertThat(run.errLines()).contains("127.0.0.3 : xmt/rcv/%loss = 2/0/100%, outage(ms) = 200");
        }
    }

    @Test
    void call_statistics_fpingsBlockAfterTheUnreachableLines() throws Exception {
        try (NetworkNamespace ns = TestNamespaces.withInputRules("ip saddr 127.0.0.3 icmp type echo-reply drop")) {
            String[] args = {"-s", "-t", "50", "-r", "2", "127.0.0.1", "127.0.0.3"};

            CliRun run = ns.call(() -> CliRun.of(multiping(args)));
            ProcessRunner.Result fping = PeerTool.run(ns, fping(args));

            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEqualTo(fping.stdout()).isEqualTo("127.0.0.1 is alive\n127.0.0.3 is unreachable\n");
            List<String> elapsed = List.of(run.errLines().get(run.errLines().size() - 2));
            assertThat(elapsed.getFirst()).matches(" +\\d+\\.\\d{3} sec \\(elapsed real time\\)");
            assertThat(withoutElapsed(PeerTool.maskedFping(run.err())))
                    .containsExactlyElementsOf(withoutElapsed(PeerTool.maskedFping(fping.stderr())))
                    .contains("       3 timeouts (waiting for response)", "       4 ICMP Echos sent");
        }
    }

    @Test
    void call_quietAliveUnreachableElapsedNamesAndReachable_asFping() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        for (String args : List.of(
                "-q 127.0.0.1 127.0.0.2",
                "-a 127.0.0.1 127.0.0.2",
                "-u 127.0.0.1",
                "-A localhost",
                "-n 127.0.0.1",
                "-d 127.0.0.1",
                "-x 1 127.0.0.1 127.0.0.2",
                "-x 3 127.0.0.1 127.0.0.2",
                "-g 127.0.0.1 127.0.0.3",
                "-q -c 1 127.0.0.1 localhost")) {
            String[] split = args.split(" ");
            CliRun run = CliRun.of(multiping(split));
            ProcessRunner.Result fping = PeerTool.run(null, fping(split));

            assertThat(run.exitCode()).as(args).isEqualTo(fping.exitCode());
            assertThat(PeerTool.maskedFping(run.out()))
                    .as(args)
                    .containsExactlyInAnyOrderElementsOf(PeerTool.maskedFping(fping.stdout()));
            assertThat(PeerTool.maskedFping(run.err())).as(args).isEqualTo(PeerTool.maskedFping(fping.stderr()));
        }
        CliRun elapsed = CliRun.of("multiping", "-e", "127.0.0.1");
        assertThat(elapsed.outLines())
                .singleElement()
                .asString()
                .matches("127\\.0\\.0\\.1 is alive \\(\\d+\\.\\d+ ms\\)");
    }

    @Test
    void call_namesPaddedToOneWidth_asFping() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] args = {"-c", "1", "-q", "127.0.0.1", "icmpj-test-dual", "::1"};

        CliRun run = CliRun.of(multiping(args));

        assertThat(run.errLines())
                .containsExactly(
                        "127.0.0.1       : xmt/rcv/%loss = 1/1/0%, min/avg/max = "
                                + times(run.errLines().get(0)),
                        "icmpj-test-dual : xmt/rcv/%loss = 1/1/0%, min/avg/max = "
                                + times(run.errLines().get(1)),
                        "::1             : xmt/rcv/%loss = 1/1/0%, min/avg/max = "
                                + times(run.errLines().get(2)));
    }

    @Test
    void call_familyMismatch_targetSkippedWithGetaddrinfosWordsAndExit2() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] args = {"-4", "::1", "127.0.0.1"};

        CliRun run = CliRun.of(multiping(args));
        ProcessRunner.Result fping = PeerTool.run(null, fping(args));

        assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEqualTo(fping.stdout()).isEqualTo("127.0.0.1 is alive\n");
        assertThat(run.err()).isEqualTo(fping.stderr()).isEqualTo("::1: Address family for hostname not supported\n");
    }

    @Test
    void call_byAddressWithNames_nameAndAddress() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        // fping 5.1 with "127.0.0.5 five.test" in its hosts file: -A -n five.test and -A -d five.test print
        // "five.test (127.0.0.5) is alive", -A alone "127.0.0.5 is alive"
        CliRun byName = CliRun.of("multiping", "-A", "-n", "icmpj-test-v4");
        CliRun reverse = CliRun.of("multiping", "-A", "-d", "icmpj-test-v4");
        CliRun alone = CliRun.of("multiping", "-A", "icmpj-test-v4");
        CliRun nameOnly = CliRun.of("multiping", "-n", "icmpj-test-v4");

        assertThat(byName.outLines()).containsExactly("icmpj-test-v4 (127.0.0.1) is alive");
        // the test hosts file names 127.0.0.1 "localhost" first
        assertThat(reverse.outLines()).containsExactly("localhost (127.0.0.1) is alive");
        assertThat(alone.outLines()).containsExactly("127.0.0.1 is alive");
        assertThat(nameOnly.outLines()).containsExactly("icmpj-test-v4 is alive");
    }

    @Test
    void call_allAddressesOfAName_eachPinged() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of("multiping", "-m", "-A", "icmpj-test-dual");
        CliRun first = CliRun.of("multiping", "-A", "icmpj-test-dual");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactlyInAnyOrder("127.0.0.1 is alive", "::1 is alive");
        assertThat(first.outLines()).hasSize(1);
    }

    @Test
    void call_targetsFromStandardInputAndFiles_firstWordOfEachLine(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        byte[] text = "# comment\n\n  127.0.0.1 the first word only\n127.0.0.2\n".getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("targets");
        Files.write(file, text);
        Path latin = dir.resolve("latin");
        Files.write(
                latin,
                new byte[] {'h', (byte) 0xe9, 'l', 'l', 'o', '\n', '1', '2', '7', '.', '0', '.', '0', '.', '1', '\n'});

        CliRun stdin = run(new ByteArrayInputStream(text), "multiping");
        CliRun fromFile = CliRun.of("multiping", "-f", file.toString());
        CliRun notUtf8 = CliRun.of("multiping", "-f", latin.toString());

        assertThat(stdin.exitCode()).isZero();
        assertThat(stdin.outLines()).containsExactly("127.0.0.1 is alive", "127.0.0.2 is alive");
        assertThat(fromFile.outLines()).isEqualTo(stdin.outLines());
        // a byte that is not UTF-8 makes a name that does not resolve, reported as any other
        assertThat(notUtf8.exitCode()).isEqualTo(2);
        assertThat(notUtf8.outLines()).containsExactly("127.0.0.1 is alive");
        assertThat(notUtf8.errLines()).singleElement().asString().startsWith("h\uFFFDllo: ");
    }

    @Test
    void call_countModeReports_eachCountsSinceTheLastAndTheyAddUpToTheSummary() {
        // -Q in count mode: the only sweep whose tally keeps the counts since a report
        CliRun run = CliRun.of("multiping", "-c", "5", "-p", "100", "-Q", "0.15", "127.0.0.1", "localhost");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        List<String> lines = run.errLines();
        assertThat(lines.subList(lines.size() - 2, lines.size()))
                .allMatch(
                        line -> line.matches("(127\\.0\\.0\\.1|localhost) : xmt/rcv/%loss = 5/5/0%, min/avg/max = .*"));
        assertThat(lines.getFirst()).matches("\\[\\d{2}:\\d{2}:\\d{2}]");
        int[] sent = new int[2];
        for (String line : lines.subList(0, lines.size() - 2)) {
            if (line.matches("\\[\\d{2}:\\d{2}:\\d{2}]")) {
                continue;
            }
            java.util.regex.Matcher report = java.util.regex.Pattern.compile(
                            "(127\\.0\\.0\\.1|localhost) : xmt/rcv/%loss = (\\d+)/(\\d+)/\\d+%.*")
                    .matcher(line);
            assertThat(report.matches()).as(line).isTrue();
            assertThat(report.group(2)).as(line).isEqualTo(report.group(3));
            sent[report.group(1).equals("localhost") ? 1 : 0] += Integer.parseInt(report.group(2));
        }
        // reports at 150 and 300 ms at least (the last request leaves at 400 ms); each counts the requests
        // decided since the one before, so together never more than the run's (however late the loop ran)
        assertThat(lines.stream().filter(line -> line.startsWith("["))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sent[0]).isBetween(0, 5);
        assertThat(sent[1]).isBetween(0, 5);
    }

    @Test
    void call_jsonAndNdjson_oneDocumentOrOneLinePerTargetWithTheHostKeys() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun json = CliRun.of("multiping", "--json", "-c", "1", "127.0.0.1", "no-such-host.invalid", "::1");
        CliRun ndjson = CliRun.of("multiping", "--ndjson", "-i", "0", "-g", "127.1.0.0/30");

        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.outLines()).hasSize(1);
        assertThat(json.out())
                .startsWith("[{\"index\":0,\"target\":\"127.0.0.1\",\"address\":\"127.0.0.1\",\"packets_sent\":1,")
                .contains("{\"index\":1,\"target\":\"no-such-host.invalid\",\"error\":\"")
                .contains("\"index\":2,\"target\":\"::1\",\"address\":\"::1\"")
                .contains("\"p95_rtt\":");
        assertThat(ndjson.exitCode()).isZero();
        assertThat(ndjson.outLines())
                .hasSize(2)
                .allMatch(line -> line.startsWith("{\"index\":")
                        && line.contains("\"is_alive\":true")
                        && line.endsWith("\"error\":null}"));
    }

    @Test
    void call_unknownName_reportedAndTheOthersPingedExit2LikeFping() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of("multiping", "-t", "200", "127.0.0.1", "no-such-host.invalid", "icmpj-test-v6");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.outLines()).containsExactlyInAnyOrder("127.0.0.1 is alive", "icmpj-test-v6 is alive");
        // fping's "name: reason"; the JDK gives no reason for a name it has cached as unknown
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().getFirst())
                .matches(
                        "no-such-host\\.invalid: (unknown host|Unable to resolve host no-such-host\\.invalid in hosts file .*)");
    }

    @Test
    void call_aliveOnlyOverABlock_onePerLineAndExit0() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of("multiping", "-a", "-q", "-i", "0", "-r", "0", "-g", "127.1.0.0/28");
        CliRun unreachable = CliRun.of("multiping", "-u", "-i", "0", "-g", "127.1.0.0/28");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines())
                .hasSize(14)
                .contains("127.1.0.1", "127.1.0.14")
                .doesNotContain("127.1.0.0", "127.1.0.15");
        assertThat(unreachable.exitCode()).isZero();
        assertThat(unreachable.outLines()).isEmpty();
    }

    private static String times(String line) {
        return line.substring(line.indexOf("min/avg/max = ") + "min/avg/max = ".length());
    }

    private static List<String> withoutElapsed(List<String> lines) {
        return lines.stream().filter(l -> !l.endsWith("(elapsed real time)")).toList();
    }

    private static String[] multiping(String... args) {
        List<String> all = new ArrayList<>(List.of("multiping"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static String[] fping(String... args) {
        List<String> all = new ArrayList<>(List.of("fping"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** Runs icmpj with a given standard input for multiping's targets. */
    private static CliRun run(java.io.InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        ((MultipingCommand) command.getSubcommands().get("multiping").getCommand()).fping.standardInput = stdin;
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
