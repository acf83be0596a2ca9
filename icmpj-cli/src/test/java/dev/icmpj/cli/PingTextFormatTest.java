package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.icmpj.Host;
import dev.icmpj.Reply;
import dev.icmpj.ReplyList;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingTextFormatTest {
    private static final InetAddress V4 = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress V6 = InetAddress.ofLiteral("::1");

    @Test
    void header_ipv4ShowsDataAndPacketSize() {
        assertThat(PingTextFormat.header("127.0.0.1", V4, 56))
                .isEqualTo("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.");
        assertThat(PingTextFormat.header("localhost", V4, 2000))
                .isEqualTo("PING localhost (127.0.0.1) 2000(2028) bytes of data.");
    }

    @Test
    void header_ipv6ShowsDataBytes() {
        assertThat(PingTextFormat.header("::1", V6, 56)).isEqualTo("PING ::1(::1) 56 data bytes");
    }

    @Test
    void replyLine_likeIputils() {
        assertThat(PingTextFormat.replyLine(64, "127.0.0.1", 1, 64, 0.0451, false))
                .isEqualTo("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms");
        assertThat(PingTextFormat.replyLine(64, "::1", 7, 64, 12.34, true))
                .isEqualTo("64 bytes from ::1: icmp_seq=7 ttl=64 time=12.3 ms (DUP!)");
    }

    @Test
    void replyLine_unknownTtlIsLeftOut() {
        assertThat(PingTextFormat.replyLine(64, "127.0.0.1", 3, -1, 0.5, false))
                .isEqualTo("64 bytes from 127.0.0.1: icmp_seq=3 time=0.500 ms");
    }

    @Test
    void source_numericOrNamedAsIputils() {
        assertThat(PingTextFormat.source(V4, "localhost", true)).isEqualTo("127.0.0.1");
        assertThat(PingTextFormat.source(V4, "localhost", false)).isEqualTo("localhost (127.0.0.1)");
        assertThat(PingTextFormat.source(InetAddress.ofLiteral("fd00:0:0:0:0:0:0:1"), "fd00::1", false))
                .isEqualTo("fd00::1 (fd00::1)");
    }

    @Test
    void replyTime_roundsAsIputils() {
        assertThat(PingTextFormat.replyTime(0.0)).isEqualTo("0.000");
        assertThat(PingTextFormat.replyTime(0.0244)).isEqualTo("0.024");
        assertThat(PingTextFormat.replyTime(0.9996)).isEqualTo("1.00");
        assertThat(PingTextFormat.replyTime(1.234)).isEqualTo("1.23");
        assertThat(PingTextFormat.replyTime(9.994)).isEqualTo("9.99");
        assertThat(PingTextFormat.replyTime(9.995)).isEqualTo("10.0");
        assertThat(PingTextFormat.replyTime(14.25)).isEqualTo("14.3");
        assertThat(PingTextFormat.replyTime(99.96)).isEqualTo("100");
        assertThat(PingTextFormat.replyTime(1234.4)).isEqualTo("1234");
    }

    @Test
    void lossPercent_formattedLikeCPercentG() {
        assertThat(PingTextFormat.lossPercent(4, 4)).isEqualTo("0");
        assertThat(PingTextFormat.lossPercent(4, 3)).isEqualTo("25");
        assertThat(PingTextFormat.lossPercent(3, 2)).isEqualTo("33.3333");
        assertThat(PingTextFormat.lossPercent(3, 1)).isEqualTo("66.6667");
        assertThat(PingTextFormat.lossPercent(2, 0)).isEqualTo("100");
        assertThat(PingTextFormat.lossPercent(8, 7)).isEqualTo("12.5");
    }

    @Test
    void mdev_isIputilsPopulationDeviation() {
        // iputils: sqrt(tsum2/n - (tsum/n)^2); for 0.026 and 0.592 ms it prints mdev 0.283
        assertThat(PingTextFormat.mdev(host(2, List.of(0.026, 0.592), 0, 0))).isCloseTo(0.283, within(1e-9));
        assertThat(PingTextFormat.mdev(host(1, List.of(1.0), 0, 0))).isZero();
    }

    @Test
    void summary_ofAResultThatKeptNoReplies_fromItsStatistics() {
        // a flood's result in the CLI: counts and statistics, no RTTs kept
        ReplyList counted = ReplyList.counting(V4);
        ReplyList kept = new ReplyList(V4);
        double[] rtts = {0.031, 0.045, 0.040, 0.044};
        for (int i = 0; i < rtts.length; i++) {
            Reply reply = new Reply(
                    V4, i, 64, 64, rtts[i], RttClock.KERNEL_RECEIVE, new EchoReply(IcmpVersion.V4, 7, i, new byte[56]));
            counted.add(reply);
            kept.add(reply);
        }
        Host fromCounts = Host.of(V4, 4, counted.snapshot(), 0);
        assertThat(fromCounts.rtts()).isEmpty();
        assertThat(PingTextFormat.summary("127.0.0.1", fromCounts, 3003, 1))
                .containsExactly(
                        "",
                        "--- 127.0.0.1 ping statistics ---",
                        "4 packets transmitted, 4 received, 0% packet loss, time 3003ms",
                        "rtt min/avg/max/mdev = 0.031/0.040/0.045/0.006 ms")
                .isEqualTo(PingTextFormat.summary("127.0.0.1", Host.of(V4, 4, kept.snapshot(), 0), 3003, 1));
    }

    @Test
    void summary_allReceived() {
        Host host = host(4, List.of(0.031, 0.045, 0.040, 0.044), 0, 0);
        assertThat(PingTextFormat.summary("127.0.0.1", host, 3003, 1))
                .containsExactly(
                        "",
                        "--- 127.0.0.1 ping statistics ---",
                        "4 packets transmitted, 4 received, 0% packet loss, time 3003ms",
                        "rtt min/avg/max/mdev = 0.031/0.040/0.045/0.006 ms");
    }

    @Test
    void summary_duplicatesErrorsAndLoss() {
        Host host = host(3, List.of(1.5), 2, 1);
        assertThat(PingTextFormat.summary("example", host, 2010, 2))
                .containsExactly(
                        "",
                        "--- example ping statistics ---",
                        "3 packets transmitted, 1 received, +2 duplicates, +1 errors, 66.6667% packet loss, time 2010ms",
                        "rtt min/avg/max/mdev = 1.500/1.500/1.500/0.000 ms, pipe 2");
    }

    @Test
    void summary_nothingReceivedHasNoRttLine() {
        Host host = host(2, List.of(), 0, 0);
        assertThat(PingTextFormat.summary("127.0.0.3", host, 1001, 1))
                .containsExactly(
                        "",
                        "--- 127.0.0.3 ping statistics ---",
                        "2 packets transmitted, 0 received, 100% packet loss, time 1001ms");
        // iputils after a dead neighbour's late errors: the pipe on a line of its own
        assertThat(PingTextFormat.summary("198.18.0.99", host(3, List.of(), 0, 3), 1015, 3))
                .containsExactly(
                        "",
                        "--- 198.18.0.99 ping statistics ---",
                        "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 1015ms",
                        "pipe 3");
    }

    /** A result with the statistics of {@code rtts}, as the engine computes them. */
    private static Host host(int sent, List<Double> rtts, int duplicates, int errors) {
        double nan = Double.NaN;
        double min = rtts.stream().mapToDouble(Double::doubleValue).min().orElse(nan);
        double max = rtts.stream().mapToDouble(Double::doubleValue).max().orElse(nan);
        double avg = rtts.stream().mapToDouble(Double::doubleValue).average().orElse(nan);
        double squares = rtts.stream().mapToDouble(r -> (r - avg) * (r - avg)).sum();
        double stddev = rtts.size() < 2 ? nan : Math.sqrt(squares / (rtts.size() - 1));
        double loss = (sent - rtts.size()) / (double) sent;
        return new Host(
                V4,
                sent,
                rtts.size(),
                rtts,
                min,
                avg,
                max,
                nan,
                stddev,
                nan,
                loss,
                duplicates,
                errors,
                !rtts.isEmpty(),
                rtts.isEmpty() ? -1 : 64,
                List.of());
    }
}
