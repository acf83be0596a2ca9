package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProcessRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code icmpj ping}'s {@code -l}, {@code -A}, {@code -m}, {@code -S}, {@code -U}, {@code -v} and its report of
 * refused sends, on loopback and in namespaces of their own, beside iputils ping run the same way.
 */
@Timeout(120)
class PingIputilsOptionsNetworkTest {
    private static final Pattern PIPE = Pattern.compile("pipe (\\d+)");
    private static final Pattern COUNTED = Pattern.compile("counter packets (\\d+)");

    /** The {@code pipe} of a ping's last line, 1 when it prints none (iputils prints it from 2). */
    private static int pipe(List<String> lines) {
        Matcher m = PIPE.matcher(lines.getLast());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    @Test
    void flood_pipeAndDotsAsIputils() {
        NetworkTests.requireRoot("flooding loopback");
        String[] args = {"ping", "-f", "-c", "200", "127.0.0.1"};

        CliRun run = CliRun.of(args);
        ProcessRunner.Result iputils = PeerTool.run(null, args);

        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
        // iputils' rule: the next request once the last is answered, or 10 ms later; on loopback that is pipe 1
        // (a JVM or a machine that stalls more than 10 ms may send a second one meanwhile, as iputils would)
        assertThat(pipe(iputils.stdout().lines().toList()))
                .as("iputils, for reference")
                .isLessThanOrEqualTo(3);
        assertThat(pipe(run.outLines())).isLessThanOrEqualTo(3);
        String dots = run.outLines().get(1);
        assertThat(dots.chars().filter(c -> c == '.').count()).isEqualTo(200);
        assertThat(dots.split("\b \b", -1)).hasSize(201);
        assertThat(dots).startsWith(".\b \b");
    }

    @Test
    void floodWithPreload_pipeIsThePreloadAsIputils() {
        NetworkTests.requireRoot("flooding loopback");
        String[] args = {"ping", "-f", "-l", "5", "-c", "200", "127.0.0.1"};

        CliRun run = CliRun.of(args);
        ProcessRunner.Result iputils = PeerTool.run(null, args);

        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
        assertThat(pipe(iputils.stdout().lines().toList()))
                .as("iputils, for reference")
                .isBetween(5, 7);
        assertThat(pipe(run.outLines())).isBetween(5, 7);
        assertThat(run.outLines().getLast()).endsWith(" ms").contains("ipg/ewma ");
    }

    @Test
    void preload_firstRequestsAtOnce_thenTheInterval() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] args = {"ping", "-l", "3", "-c", "4", "-i", "0.2", "127.0.0.1"};

        CliRun run = CliRun.of(args);
        ProcessRunner.Result iputils = PeerTool.run(null, args);

        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
        assertThat(PeerTool.maskedPing(run.out())).containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()));
        assertThat(pipe(run.outLines())).isEqualTo(3);
        // three at once, the fourth an interval later: iputils' time is from the first send to the last
        Matcher elapsed = Pattern.compile("time (\\d+)ms")
                .matcher(run.outLines().get(run.outLines().size() - 2));
        assertThat(elapsed.find()).isTrue();
        assertThat(Integer.parseInt(elapsed.group(1))).isBetween(150, 1000);
    }

    @Test
    void adaptiveAndUserLatency_acceptedWithIputilsSummary() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] adaptive = {"ping", "-A", "-c", "5", "127.0.0.1"};
        String[] user = {"ping", "-U", "-c", "3", "-i", "0.05", "127.0.0.1"};

        CliRun a = CliRun.of(adaptive);
        CliRun u = CliRun.of(user);

        assertThat(PeerTool.maskedPing(a.out()))
                .containsExactlyElementsOf(
                        PeerTool.maskedPing(PeerTool.run(null, adaptive).stdout()));
        assertThat(a.outLines().getLast()).contains("ipg/ewma");
        assertThat(PeerTool.maskedPing(u.out()))
                .containsExactlyElementsOf(
                        PeerTool.maskedPing(PeerTool.run(null, user).stdout()));
    }

    @Test
    void mark_everyRequestCarriesIt() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule("meta mark 0x2a icmp type echo-request counter")) {
            ns.exec("ip", "link", "set", "lo", "up");
            CliRun run =
                    ns.call(() -> CliRun.of("ping", "-m", "42", "-S", "4096", "-c", "3", "-i", "0.05", "127.0.0.1"));
            CliRun unmarked = ns.call(() -> CliRun.of("ping", "-c", "2", "-i", "0.05", "127.0.0.1"));

            assertThat(run.exitCode()).isZero();
            assertThat(unmarked.exitCode()).isZero();
            Matcher counted = COUNTED.matcher(ns.exec("nft", "list chain inet icmpjt out"));
            assertThat(counted.find()).isTrue();
            assertThat(Long.parseLong(counted.group(1))).isEqualTo(3);
        }
    }

    @Test
    void markWithoutCapability_iputilsWarningAndPingWithoutIt() throws Exception {
        NetworkTests.requireCommand("setpriv");
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule("meta mark 0x5 counter");
                Nobody nobody = Nobody.withClassPath()) {
            ns.exec("ip", "link", "set", "lo", "up");
            String[] args = {"ping", "-m", "5", "-c", "2", "-i", "0.05", "127.0.0.1"};
            List<String> icmpjCommand = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
            icmpjCommand.addAll(nobody.command(
                    Nobody.currentJava(),
                    List.of("--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"),
                    Main.class,
                    args));
            ProcessRunner.Result icmpj = ProcessRunner.run(icmpjCommand);
            ProcessRunner.Result iputils = PeerTool.run(
                    ns,
                    "setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "ping",
                    "-m",
                    "5",
                    "-c",
                    "2",
                    "-i",
                    "0.05",
                    "127.0.0.1");

            // iputils warns for its probe socket and again for its socket; icmpj has one socket, one warning
            assertThat(iputils.stderr().lines().distinct())
                    .as("iputils, for reference")
                    .containsExactly("ping: WARNING: failed to set mark: 5: Operation not permitted");
            assertThat(icmpj.stderr().lines())
                    .containsExactly("icmpj: ping: WARNING: failed to set mark: 5: Operation not permitted");
            assertThat(icmpj.exitCode()).isEqualTo(iputils.exitCode()).isZero();
            assertThat(PeerTool.maskedPing(icmpj.stdout()))
                    .containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()));
        }
    }

    @Test
    void preloadAboveThree_refusedForUsersAsIputils() throws Exception {
        NetworkTests.requireRoot("running a command as nobody");
        NetworkTests.requireCommand("setpriv");
        try (Nobody nobody = Nobody.withClassPath()) {
            String[] args = {"ping", "-l", "4", "-c", "1", "127.0.0.1"};
            ProcessRunner.Result icmpj = ProcessRunner.run(nobody.command(
                    Nobody.currentJava(), List.of("--enable-native-access=ALL-UNNAMED"), Main.class, args));
            ProcessRunner.Result iputils = PeerTool.run(
                    null,
                    "setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "ping",
                    "-l",
                    "4",
                    "-c",
                    "1",
                    "127.0.0.1");

            assertThat(iputils.stderr().strip())
                    .as("iputils, for reference")
                    .isEqualTo("ping: cannot set preload to value greater than 3: 4");
            assertThat(icmpj.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(2);
            assertThat(icmpj.stderr().strip()).isEqualTo("icmpj: ping: cannot set preload to value greater than 3: 4");
        }
    }

    @Test
    void rejectRule_sendmsgLinesAndErrorsAsIputils() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule("icmp type echo-request reject")) {
            ns.exec("ip", "link", "set", "lo", "up");
            String[] args = {"ping", "-c", "2", "-i", "0.2", "127.0.0.1"};

            CliRun run = ns.call(() -> CliRun.of(args));
            ProcessRunner.Result iputils = PeerTool.run(ns, args);

            assertThat(iputils.stderr().lines())
                    .as("iputils, for reference")
                    .containsExactly(
                            "ping: sendmsg: Operation not permitted", "ping: sendmsg: Operation not permitted");
            assertThat(run.errLines())
                    .containsExactly(
                            "icmpj: ping: sendmsg: Operation not permitted",
                            "icmpj: ping: sendmsg: Operation not permitted");
            assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(1);
            assertThat(PeerTool.maskedPing(run.out()))
                    .containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()))
                    .contains("From 127.0.0.1 icmp_seq=2 Destination Port Unreachable");
        }
    }

    @Test
    void dropRule_requestsLostWithoutALineAsIputils() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule("icmp type echo-request drop")) {
            ns.exec("ip", "link", "set", "lo", "up");
            String[] args = {"ping", "-c", "2", "-i", "0.2", "-W", "1", "127.0.0.1"};

            CliRun run = ns.call(() -> CliRun.of(args));
            ProcessRunner.Result iputils = PeerTool.run(ns, args);

            assertThat(iputils.stderr()).as("iputils, for reference").isEmpty();
            assertThat(run.err()).isEmpty();
            assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(1);
            assertThat(PeerTool.maskedPing(run.out()))
                    .containsExactlyElementsOf(PeerTool.maskedPing(iputils.stdout()))
                    .contains("2 packets transmitted, 0 received, 100% packet loss, time Tms");
        }
    }

    @Test
    void verbose_socketAndAddressLines() {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] args = {"ping", "-v", "-c", "1", "127.0.0.1"};

        CliRun run = CliRun.of(args);
        ProcessRunner.Result iputils = PeerTool.run(null, args);

        assertThat(iputils.stdout().lines().findFirst())
                .as("iputils, for reference")
                .hasValue("ai->ai_family: AF_INET, ai->ai_canonname: '127.0.0.1'");
        assertThat(run.outLines().getFirst()).isEqualTo("ai->ai_family: AF_INET, ai->ai_canonname: '127.0.0.1'");
        assertThat(run.errLines())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches("icmpj: ping: sock4 \\(socktype: SOCK_(RAW|DGRAM)\\), ident \\d+, hints.ai_family: AF_UNSPEC");
        assertThat(run.outLines().get(2))
                .matches("64 bytes from 127\\.0\\.0\\.1: icmp_seq=1 (ident=\\d+ )?ttl=64 time=.*");
    }
}
