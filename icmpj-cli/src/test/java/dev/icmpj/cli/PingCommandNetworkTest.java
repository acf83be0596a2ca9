package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real runs of {@code icmpj ping} against loopback and inside a network namespace of the test's own.
 * Root only: skipped otherwise (a failure under {@code -Dicmpj.requireNetworkTests=true}).
 */
@Timeout(30)
class PingCommandNetworkTest {
    private static final Pattern REPLY =
            Pattern.compile("64 bytes from 127\\.0\\.0\\.1: icmp_seq=\\d+ ttl=64 time=\\d+(\\.\\d+)? ms");

    @Test
    void call_loopbackAnswersEveryRequest() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of("ping", "-c", "2", "-i", "0.01", "127.0.0.1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).hasSize(7);
        assertThat(run.outLines().get(0)).isEqualTo("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.");
        assertThat(run.outLines().subList(1, 3))
                .allMatch(line -> REPLY.matcher(line).matches());
        assertThat(run.outLines().get(3)).isEmpty();
        assertThat(run.outLines().get(4)).isEqualTo("--- 127.0.0.1 ping statistics ---");
        assertThat(run.outLines().get(5)).matches("2 packets transmitted, 2 received, 0% packet loss, time \\d+ms");
        assertThat(run.outLines().get(6)).matches("rtt min/avg/max/mdev = (\\d+\\.\\d{3}/){3}\\d+\\.\\d{3} ms");
    }

    @Test
    void call_nameHeaders_asIputils() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        // iputils 20221126, "::1 lo6.test" and "127.0.0.1 lo4.test" in its hosts file:
        //   PING lo6.test(lo6.test (::1)) 56 data bytes; with -n: PING lo6.test(::1) 56 data bytes
        //   PING lo4.test (127.0.0.1) 56(84) bytes of data., with or without -n
        // scripts/test-hosts names ::1 "localhost" first, so its reverse name is localhost
        CliRun v6 = CliRun.of("ping", "-c", "1", "icmpj-test-v6");
        CliRun v6Numeric = CliRun.of("ping", "-n", "-c", "1", "icmpj-test-v6");
        CliRun v4 = CliRun.of("ping", "-c", "1", "icmpj-test-v4");
        CliRun v4Numeric = CliRun.of("ping", "-n", "-c", "1", "icmpj-test-v4");

        assertThat(v6.outLines().getFirst()).isEqualTo("PING icmpj-test-v6(localhost (::1)) 56 data bytes");
        assertThat(v6.outLines().get(1)).startsWith("64 bytes from localhost (::1): icmp_seq=1 ");
        assertThat(v6Numeric.outLines().getFirst()).isEqualTo("PING icmpj-test-v6(::1) 56 data bytes");
        assertThat(v4.outLines().getFirst()).isEqualTo("PING icmpj-test-v4 (127.0.0.1) 56(84) bytes of data.");
        assertThat(v4Numeric.outLines().getFirst()).isEqualTo("PING icmpj-test-v4 (127.0.0.1) 56(84) bytes of data.");
    }

    @Test
    void call_payloadSizeAndIpOptionsAreAccepted() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of(
                "ping", "-c", "1", "-t", "1", "-Q", "16", "-s", "100", "-I", "127.0.0.1", "-W", "1", "127.0.0.1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines().get(0))
                .isEqualTo("PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 : 100(128) bytes of data.");
        // the reply carries the replying kernel's own TTL, not ours
        assertThat(run.outLines().get(1)).startsWith("108 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=");
    }

    @Test
    void call_unknownInterfaceIsOneLineAndExit2() {
        NetworkTests.requireRoot("binding a raw socket to an interface");

        CliRun run = CliRun.of("ping", "-c", "1", "-I", "nosuchif0", "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().getFirst()).startsWith("icmpj: ping: ").contains("nosuchif0");
    }

    @Test
    void call_jsonIsOneObjectWithTheResult() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of("ping", "-c", "2", "-i", "0.01", "--json", "127.0.0.1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(1);
        String json = run.out().strip();
        assertThat(json).startsWith("{\"address\":\"127.0.0.1\",").endsWith("}");
        assertThat(number(json, "packets_sent")).isEqualTo("2");
        assertThat(number(json, "packets_received")).isEqualTo("2");
        assertThat(number(json, "packet_loss")).isEqualTo("0.0");
        assertThat(Double.parseDouble(number(json, "median_rtt"))).isPositive().isLessThan(1000);
        assertThat(json)
                .containsPattern("\"rtts\":\\[[0-9.E-]+,[0-9.E-]+]")
                .contains("\"is_alive\":true", "\"ttl\":64", "\"hops\":1", "\"os_guess\":\"Linux/Unix\"");
    }

    @Test
    void call_unansweredRequests_iputilsLinesAndExit1() throws Exception {
        try (NetworkNamespace ns = TestNamespaces.withInputRules("ip saddr 127.0.0.3 icmp type echo-reply drop")) {
            String[] args = {"ping", "-c", "2", "-i", "0.01", "-W", "0.2", "127.0.0.3"};

            CliRun run = ns.call(() -> CliRun.of(args));
            ProcessRunner.Result iputils = PeerTool.run(ns, args);

            assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEmpty();
            // iputils ends the block with an empty line when it has nothing for the last one
            assertThat(PeerTool.maskedPing(run.out()))
                    .containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()))
                    .containsExactly(
                            "PING 127.0.0.3 (127.0.0.3) 56(84) bytes of data.",
                            "",
                            "--- 127.0.0.3 ping statistics ---",
                            "2 packets transmitted, 0 received, 100% packet loss, time Tms",
                            "");
        }
    }

    @Test
    void call_lastRequestUnanswered_endsAfterIputilsLingerNotTheTimeout() throws Exception {
        // the second request is never answered: iputils waits twice the longest round trip (at least the
        // interval) after the last request, not -W
        try (NetworkNamespace ns =
                TestNamespaces.withInputRules("ip saddr 127.0.0.3 icmp type echo-reply icmp sequence 2 drop")) {
            String[] args = {"ping", "-c", "2", "-i", "0.2", "-W", "20", "127.0.0.3"};

            long started = System.nanoTime();
            CliRun run = ns.call(() -> CliRun.of(args));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            ProcessRunner.Result iputils = PeerTool.run(ns, args);

            assertThat(elapsedMillis)
                    .as("0.2 s interval + 0.2 s linger, far from -W 20")
                    .isLessThan(10_000);
            assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
            assertThat(PeerTool.maskedPing(run.out())).containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()));
            assertThat(PeerTool.maskedPing(run.out()))
                    .contains("2 packets transmitted, 1 received, 50% packet loss, time Tms");
        }
    }

    @Test
    void call_deadlineAndAnError_stopsAtTheFirstErrorAsIputils() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip daddr 127.0.0.5 icmp type echo-request reject with icmp type host-unreachable")) {
            String[] args = {"ping", "-w", "20", "-i", "0.2", "127.0.0.5"};

            long started = System.nanoTime();
            CliRun run = ns.call(() -> CliRun.of(args));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            ProcessRunner.Result iputils = PeerTool.run(ns, args);

            assertThat(elapsedMillis).isLessThan(10_000);
            assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(1);
            assertThat(PeerTool.maskedPing(run.out())).containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()));
            assertThat(run.outLines())
                    .contains("1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms");
        }
    }

    @Test
    void call_deadlineAndCount_stopsOnceCountAnswered() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] args = {"ping", "-c", "3", "-w", "20", "-i", "0.05", "127.0.0.1"};

        long started = System.nanoTime();
        CliRun run = CliRun.of(args);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        ProcessRunner.Result iputils = PeerTool.run(null, args);

        assertThat(elapsedMillis).isLessThan(10_000);
        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
        assertThat(PeerTool.maskedPing(run.out())).containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()));
    }

    @Test
    void call_sourceInterface_headerNamesSourceAndDeviceAsIputils() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        for (String[] args : List.of(
                new String[] {"ping", "-c", "1", "-I", "lo", "127.0.0.1"},
                new String[] {"ping", "-c", "1", "-I", "127.0.0.1", "127.0.0.1"},
                new String[] {"ping", "-c", "1", "-I", "lo", "::1"})) {
            CliRun run = CliRun.of(args);
            ProcessRunner.Result iputils = PeerTool.run(null, args);

            assertThat(run.exitCode())
                    .as(String.join(" ", args))
                    .isEqualTo(iputils.exitCode())
                    .isZero();
            assertThat(run.outLines().getFirst())
                    .isEqualTo(iputils.stdout().lines().findFirst().orElseThrow());
        }
        assertThat(CliRun.of("ping", "-c", "1", "-I", "lo", "127.0.0.1")
                        .outLines()
                        .getFirst())
                .isEqualTo("PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 lo: 56(84) bytes of data.");
    }

    @Test
    void call_flood_summaryWithPipeAndIpgEwmaAsIputils() {
        NetworkTests.requireRoot("flooding loopback");
        String[] args = {"ping", "-f", "-c", "200", "127.0.0.1"};

        CliRun run = CliRun.of(args);
        ProcessRunner.Result iputils = PeerTool.run(null, args);

        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
        String last = run.outLines().getLast();
        assertThat(iputils.stdout().lines().toList().getLast())
                .as("iputils, for reference")
                .matches("rtt min/avg/max/mdev = [0-9./]+ ms(, pipe \\d+)?, ipg/ewma \\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
        assertThat(last)
                .matches("rtt min/avg/max/mdev = [0-9./]+ ms(, pipe \\d+)?, ipg/ewma \\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
        assertThat(run.out())
                .contains("\n--- 127.0.0.1 ping statistics ---\n200 packets transmitted, 200 received, 0%");
    }

    @Test
    void call_deadNeighbour_reportsHostUnreachableForEachRequestLikeIputils() throws Exception {
        // a link whose far end answers nobody: the kernel gives up resolving 198.18.0.99 after about 3 s and
        // reports each queued request as unreachable, later than the library's 2 s default wait
        NetworkTests.requireCommand("ping");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.exec("ip", "link", "add", "dead0", "type", "veth", "peer", "name", "dead1");
            ns.exec("ip", "addr", "add", "198.18.0.1/24", "dev", "dead0");
            ns.exec("ip", "link", "set", "dead0", "up");
            ns.exec("ip", "link", "set", "dead1", "up");

            CliRun run = ns.call(() -> CliRun.of("ping", "-c", "3", "-i", "0.5", "198.18.0.99"));
            ProcessRunner.Result iputils = ProcessRunner.run(
                    List.of("ip", "netns", "exec", ns.name(), "ping", "-c", "3", "-i", "0.5", "198.18.0.99"));

            List<String> expected = List.of(
                    "From 198.18.0.1 icmp_seq=1 Destination Host Unreachable",
                    "From 198.18.0.1 icmp_seq=2 Destination Host Unreachable",
                    "From 198.18.0.1 icmp_seq=3 Destination Host Unreachable");
            assertThat(iputils.stdout().lines().toList())
                    .as("iputils, for reference")
                    .containsAll(expected);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.outLines().subList(1, 4)).containsExactlyElementsOf(expected);
            assertThat(run.outLines().get(6))
                    .matches("3 packets transmitted, 0 received, \\+3 errors, 100% packet loss, time \\d+ms");
            assertThat(run.outLines().get(7)).isEqualTo("pipe 3");
        }
    }

    @Test
    void call_nameGiven_repliesNameTheHostAsIputilsDoes() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        // icmpj-test-v4 is 127.0.0.1 in scripts/test-hosts, whose first name for 127.0.0.1 is localhost
        CliRun run = CliRun.of("ping", "-c", "1", "icmpj-test-v4");
        CliRun numeric = CliRun.of("ping", "-c", "1", "-n", "icmpj-test-v4");

        assertThat(run.outLines().get(0)).isEqualTo("PING icmpj-test-v4 (127.0.0.1) 56(84) bytes of data.");
        assertThat(run.outLines().get(1)).startsWith("64 bytes from localhost (127.0.0.1): icmp_seq=");
        assertThat(numeric.outLines().get(1)).startsWith("64 bytes from 127.0.0.1: icmp_seq=");
    }

    @Test
    void call_iputilsOptions_acceptedAndInEffect() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        CliRun run = CliRun.of(
                "ping", "-c", "2", "-i", "0.01", "-D", "-p", "ab", "-Q", "0x10", "-M", "do", "-O", "127.0.0.1");
        CliRun quiet = CliRun.of("ping", "-c", "2", "-i", "0.01", "-q", "127.0.0.1");
        CliRun deadline = CliRun.of("ping", "-w", "0.3", "-i", "0.1", "127.0.0.1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines().get(0)).isEqualTo("PATTERN: 0xab");
        assertThat(run.outLines().get(2)).matches("\\[\\d+\\.\\d{6}] 64 bytes from 127\\.0\\.0\\.1: icmp_seq=.*");
        assertThat(quiet.outLines()).hasSize(5).noneMatch(line -> line.startsWith("64 bytes"));
        assertThat(deadline.exitCode()).isZero();
        assertThat(deadline.outLines().get(deadline.outLines().size() - 2))
                .as("requests at 0, 0.1 and 0.2 s; none at the deadline, as iputils' -w 1 -i 0.25 sends 4")
                .matches("3 packets transmitted, 3 received, 0% packet loss, time \\d+ms");
    }

    /** The text of a JSON number (or literal) member of a flat object. */
    private static String number(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + key + "\":([^,}\\]]+)").matcher(json);
        assertThat(matcher.find()).as("member %s in %s", key, json).isTrue();
        return matcher.group(1);
    }
}
