package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.socket.RttClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingPrinterTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress ROUTER = InetAddress.ofLiteral("198.18.0.1");
    private static final InetAddress RESPONDER = InetAddress.ofLiteral("198.18.0.7");

    private final StringWriter text = new StringWriter();
    private final OutputQueue output = new OutputQueue(new PrintWriter(text), new PrintWriter(new StringWriter()));
    private final List<String> control = new ArrayList<>();

    private PingPrinter printer(PingPrinter.Mode mode, boolean reportOutstanding) {
        return printer(new PingPrinter.Style(mode, false, reportOutstanding, false, false, false), 0, false);
    }

    private PingPrinter printer(PingPrinter.Style style, long count, boolean deadline) {
        PingPrinter.Control recording = new PingPrinter.Control() {
            @Override
            public void stop() {
                control.add("stop");
            }

            @Override
            public void lastSent(long lingerNanos) {
                control.add("linger " + lingerNanos / 1_000_000 + " ms");
            }
        };
        return new PingPrinter(
                output,
                "localhost",
                style,
                AddressText::of,
                List.of("PING localhost (127.0.0.1) 56(84) bytes of data."),
                recording,
                count,
                deadline,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    @Test
    void events_printIputilsLinesInOrder() {
        PingPrinter printer = printer(PingPrinter.Mode.LINES, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.0456));
        printer.onDuplicate(LOOPBACK, reply(1, 0.0789));
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onLoss(LOOPBACK, 2);
        printer.onSent(LOOPBACK, 3, 3_000_000_000L);
        printer.onError(LOOPBACK, unreachable(3));
        printer.finish(null);

        assertThat(lines())
                .containsExactly(
                        "PING localhost (127.0.0.1) 56(84) bytes of data.",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.046 ms",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.079 ms (DUP!)",
                        "From 198.18.0.1 icmp_seq=3 Destination Host Unreachable",
                        "",
                        "--- localhost ping statistics ---",
                        "3 packets transmitted, 1 received, +1 duplicates, +1 errors, 66.6667% packet loss, time 2000ms",
                        "rtt min/avg/max/mdev = 0.046/0.062/0.079/0.016 ms");
    }

    @Test
    void broadcast_otherRespondersPrintedWithoutTheDupMark_unlessVerbose() {
        PingPrinter printer =
                printer(new PingPrinter.Style(PingPrinter.Mode.LINES, false, false, false, true, false), 0, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(LOOPBACK, 1, 0.25));
        printer.onDuplicate(LOOPBACK, reply(RESPONDER, 1, 0.5));
        printer.finish(null);

        assertThat(lines().subList(1, 3))
                .containsExactly(
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.250 ms",
                        "64 bytes from 198.18.0.7: icmp_seq=1 ttl=64 time=0.500 ms");
        assertThat(lines()).contains("1 packets transmitted, 1 received, +1 duplicates, 0% packet loss, time 0ms");
    }

    @Test
    void audible_aBellAtTheEndOfEachReplyLine() {
        PingPrinter printer =
                printer(new PingPrinter.Style(PingPrinter.Mode.LINES, false, false, true, false, false), 0, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.25));
        printer.finish(null);

        assertThat(lines().get(1)).isEqualTo("64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.250 ms\u0007");
    }

    @Test
    void control_withDeadline_stopsOnceCountAnsweredOrAtAnError() {
        PingPrinter answered = printer(PingPrinter.Style.of(PingPrinter.Mode.QUIET), 2, true);
        answered.onStart(LOOPBACK, PingOptions.defaults());
        answered.onSent(LOOPBACK, 1, 1_000_000_000L);
        answered.onReply(LOOPBACK, reply(1, 0.25));
        assertThat(control).isEmpty();
        answered.onSent(LOOPBACK, 2, 2_000_000_000L);
        answered.onReply(LOOPBACK, reply(2, 0.25));
        assertThat(control).containsExactly("stop");

        control.clear();
        PingPrinter error = printer(PingPrinter.Style.of(PingPrinter.Mode.QUIET), 0, true);
        error.onStart(LOOPBACK, PingOptions.defaults());
        error.onSent(LOOPBACK, 1, 1_000_000_000L);
        error.onError(LOOPBACK, unreachable(1));
        assertThat(control).containsExactly("stop");
    }

    @Test
    void control_afterIputilsWouldStop_nothingMoreIsCounted() {
        // -c 2 -w: the engine may send a third request and print its reply before the command cancels it
        PingPrinter printer = printer(PingPrinter.Style.of(PingPrinter.Mode.LINES), 2, true);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.25));
        printer.onSent(LOOPBACK, 2, 1_050_000_000L);
        printer.onReply(LOOPBACK, reply(2, 0.25));
        printer.onSent(LOOPBACK, 3, 1_100_000_000L);
        printer.onReply(LOOPBACK, reply(3, 0.25));
        printer.finish(null);

        assertThat(control).containsExactly("stop");
        assertThat(lines())
                .noneMatch(line -> line.contains("icmp_seq=3"))
                .contains("2 packets transmitted, 2 received, 0% packet loss, time 50ms");
    }

    @Test
    void control_countWithoutDeadline_lingersAfterTheLastRequestAsIputils() {
        PingPrinter answered = printer(PingPrinter.Style.of(PingPrinter.Mode.QUIET), 2, false);
        answered.onStart(LOOPBACK, PingOptions.defaults());
        answered.onSent(LOOPBACK, 1, 1_000_000_000L);
        answered.onReply(LOOPBACK, reply(1, 700));
        answered.onSent(LOOPBACK, 2, 2_000_000_000L);
        // twice the longest round trip, at least the interval (and a second)
        assertThat(control).containsExactly("linger 1400 ms");

        control.clear();
        PingPrinter silent = printer(PingPrinter.Style.of(PingPrinter.Mode.QUIET), 1, false);
        silent.onStart(LOOPBACK, PingOptions.defaults());
        silent.onSent(LOOPBACK, 1, 1_000_000_000L);
        // nothing received: -W
        assertThat(control).containsExactly("linger 10000 ms");
    }

    @Test
    void partial_inJsonMode_printsTheJsonOfWhatWasDecidedAndNothingElse() {
        PingPrinter printer = printer(PingPrinter.Mode.JSON, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.25));
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);

        printer.finish(null);

        assertThat(lines()).hasSize(1);
        assertThat(lines().getFirst())
                .startsWith("{\"address\":\"127.0.0.1\",\"packets_sent\":2,\"packets_received\":1,\"packet_loss\":0.5,")
                .contains("\"rtts\":[0.25]", "\"p95_rtt\":0.25");
    }

    @Test
    void finish_timeRunsFromTheFirstSendToTheLastAsIputilsClock() {
        PingPrinter printer = printer(PingPrinter.Mode.QUIET, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 5_000_000_000L);
        printer.onSent(LOOPBACK, 2, 5_200_000_000L);
        printer.onReply(LOOPBACK, reply(2, 0.5));
        printer.onReply(LOOPBACK, reply(1, 300.0));

        printer.finish(null);

        // iputils reads its clock when it sends: a late reply does not lengthen the time
        assertThat(lines().get(3)).endsWith(", time 200ms");
        assertThat(lines().get(4)).isEqualTo("rtt min/avg/max/mdev = 0.500/150.250/300.000/149.750 ms, pipe 2");
    }

    @Test
    void finish_beforeStart_printsNothing() {
        PingPrinter printer = printer(PingPrinter.Mode.LINES, false);

        assertThat(printer.finish(null)).isFalse();
        assertThat(printer.partial()).isNull();
    }

    @Test
    void finish_secondTime_printsNothingMore() {
        PingPrinter printer = printer(PingPrinter.Mode.LINES, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.5));
        assertThat(printer.finish(null)).isTrue();
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onReply(LOOPBACK, reply(2, 0.5));

        assertThat(printer.finish(null)).isFalse();
        assertThat(lines()).hasSize(6).doesNotContain("64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.500 ms");
    }

    @Test
    void outstanding_nextSendWhileUnanswered_saysNoAnswerYet() {
        PingPrinter printer = printer(PingPrinter.Mode.LINES, true);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onReply(LOOPBACK, reply(2, 0.5));
        printer.onSent(LOOPBACK, 3, 3_000_000_000L);
        printer.finish(null);

        assertThat(lines().subList(1, 3))
                .containsExactly(
                        "no answer yet for icmp_seq=1", "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.500 ms");
    }

    @Test
    void dropsWarning_theLatestTotalTheFloodReported_noneWithoutDrops() {
        PingPrinter printer = printer(PingPrinter.Mode.QUIET, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        assertThat(printer.dropsWarning()).isNull();
        printer.onKernelDrops(LOOPBACK, 3);
        printer.onKernelDrops(LOOPBACK, 7);

        assertThat(printer.dropsWarning())
                .isEqualTo("icmpj: ping: the kernel dropped 7 datagrams at a full receive buffer; replies among them"
                        + " count as lost, though the network delivered them");
        printer.finish(null);
        assertThat(String.join("\n", lines())).doesNotContain("dropped");
    }

    @Test
    void flood_dotPerRequestErasedPerReply_noBlankLineBeforeTheStatistics() {
        PingPrinter printer = printer(PingPrinter.Mode.FLOOD, false);
        PingOptions flood = PingOptions.builder().flood(true).build();
        printer.onStart(LOOPBACK, flood);
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.5));
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onSent(LOOPBACK, 3, 3_000_000_000L);
        printer.onError(LOOPBACK, unreachable(3));
        printer.finish(null);

        // as iputils -f writes it (od -c): no blank line between the dots and the statistics
        assertThat(text())
                .startsWith(
                        "PING localhost (127.0.0.1) 56(84) bytes of data.\n.\b \b..\bE\n--- localhost ping statistics ---\n");
    }

    @Test
    void flood_manyEventsJoinedIntoChunks_bytesAndOrderKept() {
        PingPrinter printer = printer(PingPrinter.Mode.FLOOD, false);
        printer.onStart(LOOPBACK, PingOptions.builder().flood(true).build());
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            printer.onSent(LOOPBACK, i % 65536, i * 1_000L);
            expected.append('.');
            if (i % 3 != 0) {
                printer.onReply(LOOPBACK, reply(i % 65536, 0.5));
                expected.append("\b \b");
            }
        }
        printer.finish(null);

        String all = text();
        int start = all.indexOf('\n') + 1;
        assertThat(all.substring(start, start + expected.length() + 1)).isEqualTo(expected + "\n");
        assertThat(all).contains("20000 packets transmitted, 13334 received").contains("ipg/ewma 0.001/0.500 ms");
    }

    /** What was written, once the output thread is done. */
    private String text() {
        output.close();
        return text.toString();
    }

    private List<String> lines() {
        return text().lines().toList();
    }

    private static Reply reply(int sequence, double rtt) {
        return reply(LOOPBACK, sequence, rtt);
    }

    private static Reply reply(InetAddress source, int sequence, double rtt) {
        return new Reply(
                source,
                sequence,
                64,
                64,
                rtt,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(IcmpVersion.V4, 7, sequence, new byte[56]));
    }

    private static Reply unreachable(int sequence) {
        QuotedDatagram quoted = QuotedDatagram.ofIcmp(
                LOOPBACK,
                LOOPBACK,
                IcmpVersion.V4,
                64,
                dev.icmpj.packet.IcmpCodec.encode(
                        new dev.icmpj.packet.EchoRequest(IcmpVersion.V4, 7, sequence, new byte[8])));
        return new Reply(
                ROUTER,
                sequence,
                36,
                64,
                3.0,
                RttClock.KERNEL_RECEIVE,
                new DestinationUnreachable(IcmpVersion.V4, 1, 0, quoted, List.of()));
    }
}
