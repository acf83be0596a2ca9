package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code icmpj multiping}: fping's options, lines and exit codes. */
@Timeout(120)
class MultipingCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            multiping                              | icmpj: multiping: no target: give addresses, -g or -f
            multiping -g 198.18.0.0/33             | icmpj: multiping: block 198.18.0.0/33: the prefix length must be between 0 and 32
            multiping -g 198.18.0.9 198.18.0.1     | icmpj: multiping: range 198.18.0.9 to 198.18.0.1 ends before it starts
            multiping -c 0 127.0.0.1               | icmpj: multiping: -c/-C: count is 0; it must be between 1 and 2147483647
            multiping -i -5 127.0.0.1              | icmpj: multiping: -i: interval is -5.0 ms; it must be 0 or more
            multiping --rate -1 127.0.0.1          | icmpj: multiping: --rate: rate is -1.0; it must be between 0 and 10000000 packets/s
            multiping -f /nonexistent/targets      | icmpj: multiping: -f: cannot read /nonexistent/targets: /nonexistent/targets
            multiping -x 127.0.0.1                 | icmpj: multiping: unknown option '-x' (see 'icmpj multiping --help')
            """)
    void execute_badUsage_oneLineAndFpingsExitCode3(String args, String expected) {
        CliRun run = CliRun.of(args.split(" "));

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.errLines()).containsExactly(expected);
    }

    @Test
    void call_aliveAndUnreachable_fpingsLinesAndExitCode1() throws Exception {
        // in a namespace of its own: 198.18.0.1 is local, 198.18.0.2 has no route (a send error), :: answers
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.exec("ip", "addr", "add", "198.18.0.1/32", "dev", "lo");
            CliRun run =
                    ns.call(() -> CliRun.of("multiping", "-t", "100", "-r", "1", "198.18.0.1", "198.18.0.2", "::1"));
            ProcessRunner.Result fping = ProcessRunner.run(List.of(
                    "ip",
                    "netns",
                    "exec",
                    ns.name(),
                    "fping",
                    "-t",
                    "100",
                    "-r",
                    "1",
                    "198.18.0.1",
                    "198.18.0.2",
                    "::1"));

            assertThat(fping.stdout().lines()).as("fping, for reference").contains("198.18.0.2 is unreachable");
            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isEqualTo(1);
            assertThat(run.outLines())
                    .containsExactlyInAnyOrder("198.18.0.1 is alive", "::1 is alive", "198.18.0.2 is unreachable");
            assertThat(run.outLines().getLast()).isEqualTo("198.18.0.2 is unreachable");
        }
    }

    @Test
    void call_retries_onlyTheUnansweredTargetIsTriedAgain() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.exec("ip", "addr", "add", "198.18.0.1/32", "dev", "lo");
            CliRun run = ns.call(() -> CliRun.of("multiping", "-s", "-t", "50", "-r", "2", "198.18.0.1", "198.18.0.2"));

            assertThat(run.exitCode()).isEqualTo(1);
            // one request to the alive target, one and two retries to the other
            assertThat(run.errLines()).contains("       4 ICMP Echos sent", "       1 ICMP Echo Replies received");
        }
    }

    @Test
    void call_aliveOnlyOverABlock_onePerLineInAddressOrderAndExit0() {
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

    @Test
    void call_countAndVerboseCount_fpingsPerReplyAndSummaryLines() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun count = CliRun.of("multiping", "-c", "2", "-p", "20", "127.0.0.1", "::1");
        CliRun verbose = CliRun.of("multiping", "-C", "3", "-p", "10", "-q", "127.0.0.1");

        assertThat(count.exitCode()).isZero();
        assertThat(count.outLines())
                .hasSize(4)
                .allMatch(line -> line.matches(
                        "(127\\.0\\.0\\.1|::1) : \\[[01]], 64 bytes, \\d+\\.\\d+ ms \\(\\d+\\.\\d+ avg, 0% loss\\)"));
        assertThat(count.errLines().subList(1, 3))
                .allMatch(
                        line -> line.matches("(127\\.0\\.0\\.1|::1) : xmt/rcv/%loss = 2/2/0%, min/avg/max = [0-9./]+"));
        assertThat(verbose.outLines()).isEmpty();
        assertThat(verbose.errLines()).hasSize(1);
        assertThat(verbose.errLines().getFirst()).matches("127\\.0\\.0\\.1 : \\d+\\.\\d+ \\d+\\.\\d+ \\d+\\.\\d+");
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
                .contains(
                        "{\"index\":1,\"target\":\"no-such-host.invalid\",\"error\":\"cannot resolve no-such-host.invalid")
                .contains("\"index\":2,\"target\":\"::1\",\"address\":\"::1\"");
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
    void call_statistics_fpingsBlockOnStderr() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of("multiping", "-s", "-q", "-i", "0", "-g", "127.1.0.0/29");

        assertThat(run.errLines())
                .contains(
                        "       6 targets",
                        "       6 alive",
                        "       0 unreachable",
                        "       6 ICMP Echos sent",
                        "       6 ICMP Echo Replies received");
    }
}
