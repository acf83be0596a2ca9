package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Reply;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
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
        assertThat(PingTextFormat.header("lo6.test", V6, "lo6.test (::1)", 56, null))
                .isEqualTo("PING lo6.test(lo6.test (::1)) 56 data bytes");
        // the IPv4 header shows the address alone whatever the reply lines show
        assertThat(PingTextFormat.header("lo4.test", V4, "localhost (127.0.0.1)", 56, null))
                .isEqualTo("PING lo4.test (127.0.0.1) 56(84) bytes of data.");
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
    void header_withSourceFromDashI_iputilsFromPart() {
        assertThat(PingTextFormat.header("127.0.0.1", V4, 56, "127.0.0.1 lo"))
                .isEqualTo("PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 lo: 56(84) bytes of data.");
        // -I with an address: iputils prints the device, empty
        assertThat(PingTextFormat.header("127.0.0.1", V4, 56, "127.0.0.1 "))
                .isEqualTo("PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 : 56(84) bytes of data.");
        assertThat(PingTextFormat.header("::1", V6, 56, "::1 lo"))
                .isEqualTo("PING ::1(::1) from ::1 lo: 56 data bytes");
    }

    @Test
    void summary_mdevIsIputilsIntegerDeviation() {
        // iputils: the variance in whole microseconds squared, truncated, then its integer square root; for
        // 0.026 and 0.592 ms it prints mdev 0.283, and for these four 0.005 where the exact value is 0.0055
        assertThat(PingTextFormat.summary("127.0.0.1", statistics(2, 0.026, 0.592), false)
                        .getLast())
                .isEqualTo("rtt min/avg/max/mdev = 0.026/0.309/0.592/0.283 ms");
        assertThat(PingTextFormat.summary("127.0.0.1", statistics(4, 0.031, 0.045, 0.040, 0.044), false))
                .containsExactly(
                        "",
                        "--- 127.0.0.1 ping statistics ---",
                        "4 packets transmitted, 4 received, 0% packet loss, time 3000ms",
                        "rtt min/avg/max/mdev = 0.031/0.040/0.045/0.005 ms");
    }

    @Test
    void summary_duplicatesCountInTheTimesAsInIputils() {
        PingStatistics statistics = new PingStatistics();
        statistics.sent(0, 0);
        statistics.reply(reply(0, 1.5));
        statistics.duplicate(reply(0, 2.5));
        statistics.duplicate(reply(0, 0.5));
        statistics.sent(1, 1_000_000_000L);
        statistics.sent(2, 2_000_000_000L);

        assertThat(PingTextFormat.summary("example", statistics, false))
                .containsExactly(
                        "",
                        "--- example ping statistics ---",
                        "3 packets transmitted, 1 received, +2 duplicates, 66.6667% packet loss, time 2000ms",
                        "rtt min/avg/max/mdev = 0.500/1.500/2.500/0.816 ms");
    }

    @Test
    void summary_nothingReceived_iputilsEndsWithAnEmptyLineOrThePipe() {
        assertThat(PingTextFormat.summary("127.0.0.3", statistics(2), false))
                .containsExactly(
                        "",
                        "--- 127.0.0.3 ping statistics ---",
                        "2 packets transmitted, 0 received, 100% packet loss, time 1000ms",
                        "");
        // a dead neighbour's errors, all after the third request: the pipe on the last line
        PingStatistics errors = statistics(3);
        for (int sequence = 0; sequence < 3; sequence++) {
            errors.error(reply(sequence, 3000));
        }
        assertThat(PingTextFormat.summary("198.18.0.99", errors, false))
                .containsExactly(
                        "",
                        "--- 198.18.0.99 ping statistics ---",
                        "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2000ms",
                        "pipe 3");
    }

    @Test
    void summary_flood_ipgAndEwmaAfterThePipe() {
        PingStatistics statistics = new PingStatistics();
        // 5 requests 10 us apart, two in flight at a time, each answered in 20 us
        for (int sequence = 0; sequence < 5; sequence++) {
            statistics.sent(sequence, sequence * 10_000L);
            if (sequence > 0) {
                statistics.reply(reply(sequence - 1, 0.020));
            }
        }
        statistics.reply(reply(4, 0.020));

        assertThat(PingTextFormat.summary("127.0.0.1", statistics, true).getLast())
                .isEqualTo("rtt min/avg/max/mdev = 0.020/0.020/0.020/0.000 ms, pipe 2, ipg/ewma 0.010/0.020 ms");
        assertThat(PingTextFormat.summary("127.0.0.1", statistics, false).getLast())
                .as("iputils prints ipg/ewma only without an interval")
                .isEqualTo("rtt min/avg/max/mdev = 0.020/0.020/0.020/0.000 ms, pipe 2");
    }

    @Test
    void integerSquareRoot_floorsAsIputilsLlsqrt() {
        assertThat(PingStatistics.integerSquareRoot(0)).isZero();
        assertThat(PingStatistics.integerSquareRoot(30)).isEqualTo(5);
        assertThat(PingStatistics.integerSquareRoot(80_089)).isEqualTo(283);
        assertThat(PingStatistics.integerSquareRoot(1L << 62)).isEqualTo(1L << 31);
    }

    /** Counters of {@code sent} requests 1 s apart, the first ones answered in {@code rtts} ms. */
    private static PingStatistics statistics(int sent, double... rtts) {
        PingStatistics statistics = new PingStatistics();
        for (int sequence = 0; sequence < sent; sequence++) {
            statistics.sent(sequence, sequence * 1_000_000_000L);
            if (sequence < rtts.length) {
                statistics.reply(reply(sequence, rtts[sequence]));
            }
        }
        return statistics;
    }

    private static Reply reply(int sequence, double rtt) {
        return new Reply(
                V4,
                sequence,
                64,
                64,
                rtt,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(IcmpVersion.V4, 7, sequence, new byte[56]));
    }
}
