package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.Hop;
import dev.icmpj.packet.MplsLabel;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** icmpj traceroute: its lines, report, JSON, options and errors, on loopback and from hops made by hand. */
class TracerouteCommandTest {

    private static final InetAddress R1 = InetAddress.ofLiteral("198.18.0.2");
    private static final InetAddress R2 = InetAddress.ofLiteral("198.18.1.2");

    @Test
    void line_hopWithTimesAndLoss_tracerouteFormat() {
        Hop hop = new Hop(3, 3, List.of(0.0412, 1.5), List.of(R1, R1), List.of(0, 1), null, List.of());

        assertThat(TracerouteCommand.line(hop, Map.of(), false)).isEqualTo(" 3  198.18.0.2  0.041 ms  1.500 ms *");
        assertThat(TracerouteCommand.line(hop, Map.of(R1, "r1.lab"), false))
                .isEqualTo(" 3  r1.lab (198.18.0.2)  0.041 ms  1.500 ms *");
    }

    @Test
    void line_lostProbes_starsInTheirPlace() {
        Hop firstLost = new Hop(3, 3, List.of(0.5, 0.75), List.of(R1, R1), List.of(1, 2), null, List.of());
        Hop middleLost = new Hop(3, 3, List.of(0.5, 0.75), List.of(R1, R2), List.of(0, 2), null, List.of());

        assertThat(TracerouteCommand.line(firstLost, Map.of(), false))
                .isEqualTo(" 3  * 198.18.0.2  0.500 ms  0.750 ms");
        assertThat(TracerouteCommand.line(middleLost, Map.of(), false))
                .isEqualTo(" 3  198.18.0.2  0.500 ms * 198.18.1.2  0.750 ms");
    }

    @Test
    void hop_answeredProbesOutOfOrderOrRange_refused() {
        assertThatThrownBy(() -> new Hop(3, 2, List.of(0.5, 0.75), List.of(R1, R1), List.of(1, 0), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Hop(3, 2, List.of(0.5), List.of(R1), List.of(2), null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void line_silentHop_aStarPerProbe() {
        assertThat(TracerouteCommand.line(
                        new Hop(12, 2, List.of(), List.of(), List.of(), null, List.of()), Map.of(), false))
                .isEqualTo("12  * *");
    }

    @Test
    void line_unreachable_markerAfterEachTime() {
        Hop hop = new Hop(4, 2, List.of(0.5, 0.25), List.of(R2, R2), List.of(0, 1), "!H", List.of());

        assertThat(TracerouteCommand.line(hop, Map.of(), false)).isEqualTo(" 4  198.18.1.2  0.500 ms !H  0.250 ms !H");
    }

    @Test
    void line_twoResponders_bothShown() {
        Hop hop = new Hop(2, 3, List.of(0.5, 0.25, 0.125), List.of(R1, R2, R1), List.of(0, 1, 2), null, List.of());

        assertThat(TracerouteCommand.line(hop, Map.of(), false))
                .isEqualTo(" 2  198.18.0.2  0.500 ms 198.18.1.2  0.250 ms 198.18.0.2  0.125 ms");
        assertThat(hop.responders()).containsExactly(R1, R2);
    }

    @Test
    void line_mplsLabels_afterTheAddressAsTracerouteDashE() {
        Hop hop = new Hop(
                2,
                1,
                List.of(0.5),
                List.of(R1),
                List.of(0),
                null,
                List.of(new MplsLabel(16, 0, false, 1), new MplsLabel(17, 0, true, 1)));

        assertThat(TracerouteCommand.line(hop, Map.of(), true))
                .isEqualTo(" 2  198.18.0.2 <MPLS:L=16,E=0,S=0,T=1/L=17,E=0,S=1,T=1>  0.500 ms");
        assertThat(TracerouteCommand.line(hop, Map.of(), false)).isEqualTo(" 2  198.18.0.2  0.500 ms");
    }

    @Test
    void call_loopback_oneHopTheDestination() {
        NetworkTests.requireRoot("a raw socket on loopback");
        CliRun run = CliRun.of("traceroute", "-n", "-q", "2", "127.0.0.1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines().getFirst())
                .isEqualTo("traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 60 byte packets");
        assertThat(run.outLines().get(1)).matches(" 1  127\\.0\\.0\\.1  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms");
        assertThat(run.outLines()).hasSize(2);
    }

    @Test
    void call_reportAndJson_mtrTableAndHopKeys() {
        NetworkTests.requireRoot("a raw socket on loopback");
        CliRun report = CliRun.of("traceroute", "-n", "--report", "-c", "3", "::1");
        CliRun mtrHabits = CliRun.of("traceroute", "-n", "-r", "--report-cycles", "2", "127.0.0.1");
        CliRun cyclesAlone = CliRun.of("traceroute", "-n", "-c", "2", "127.0.0.1");
        CliRun json = CliRun.of("traceroute", "--json", "-q", "1", "127.0.0.1");
        CliRun reportJson = CliRun.of("traceroute", "-r", "--json", "-c", "2", "127.0.0.1");

        assertThat(report.exitCode()).isZero();
        assertThat(report.outLines().getFirst()).matches("Start: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4}");
        assertThat(report.outLines().get(1))
                .endsWith(" Loss%   Snt   Last   Avg  Best  Wrst StDev")
                .startsWith("HOST: ");
        assertThat(report.outLines().get(2)).matches("  1\\.\\|-- ::1 {24}0\\.0%     3 ( +\\d+\\.\\d){5}");
        assertThat(mtrHabits.outLines().get(2)).startsWith("  1.|-- 127.0.0.1                  0.0%     2 ");
        assertThat(cyclesAlone.outLines()).hasSize(3);
        assertThat(reportJson.out()).startsWith("{\"target\":\"127.0.0.1\",").contains("\"packets_sent\":2,");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out())
                .startsWith("{\"target\":\"127.0.0.1\",\"address\":\"127.0.0.1\",\"hops\":[{\"distance\":1,"
                        + "\"responders\":[\"127.0.0.1\"],\"address\":\"127.0.0.1\",\"packets_sent\":1,"
                        + "\"packets_received\":1,\"packet_loss\":0.0,");
    }

    @Test
    void call_badOptions_oneLineNamingTheOptionAndExit2() {
        CliRun hops = CliRun.of("traceroute", "-f", "5", "-m", "3", "127.0.0.1");
        CliRun both = CliRun.of("traceroute", "-4", "-6", "127.0.0.1");
        CliRun probes = CliRun.of("traceroute", "-q", "11", "127.0.0.1");

        assertThat(hops.exitCode()).isEqualTo(2);
        assertThat(hops.err()).contains("-f/-m: firstHop is 5; it must not be more than maxHops (3)");
        assertThat(both.err()).contains("-4 and -6 are mutually exclusive");
        assertThat(probes.exitCode())
                .isEqualTo(PeerTool.run(null, "traceroute", "-I", "-q", "11", "127.0.0.1")
                        .exitCode());
        assertThat(probes.errLines()).containsExactly("icmpj: traceroute: no more than 10 probes per hop");
    }

    @Test
    void call_tracerouteOptions_takenAsTraceroutesNotAsTheHost() {
        NetworkTests.requireRoot("a raw socket on loopback");
        CliRun run = CliRun.of("traceroute", "-n", "-N", "4", "-t", "16", "-F", "-q", "1", "127.0.0.1");
        CliRun shortPacket = CliRun.of("traceroute", "-n", "-q", "1", "127.0.0.1", "10");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(2);
        // traceroute takes a packet shorter than its headers as the headers alone
        assertThat(shortPacket.outLines().getFirst())
                .isEqualTo("traceroute to 127.0.0.1 (127.0.0.1), 30 hops max, 28 byte packets");
    }

    @Test
    void call_noRoute_connectsFirstAsTracerouteAndExits1() throws Exception {
        try (dev.icmpj.testing.NetworkNamespace ns = dev.icmpj.testing.NetworkNamespace.create()) {
            CliRun run = ns.call(() -> CliRun.of("traceroute", "-n", "198.18.0.1"));
            dev.icmpj.testing.ProcessRunner.Result traceroute =
                    PeerTool.run(ns, "traceroute", "-I", "-n", "198.18.0.1");

            assertThat(traceroute.stderr().strip())
                    .as("traceroute, for reference")
                    .isEqualTo("connect: Network is unreachable");
            assertThat(run.exitCode()).isEqualTo(traceroute.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.errLines()).containsExactly("icmpj: traceroute: connect: Network is unreachable");
        }
    }
}
