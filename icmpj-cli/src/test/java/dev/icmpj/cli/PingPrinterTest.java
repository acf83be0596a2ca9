package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
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
import java.util.List;
import org.junit.jupiter.api.Test;

class PingPrinterTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress ROUTER = InetAddress.ofLiteral("198.18.0.1");

    private final StringWriter text = new StringWriter();

    private PingPrinter printer(PingPrinter.Mode mode, boolean reportOutstanding) {
        return new PingPrinter(
                new PrintWriter(text), "localhost", mode, false, reportOutstanding, AddressText::of, null);
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
        printer.finish(printer.partial());

        assertThat(lines().subList(0, 4))
                .containsExactly(
                        "PING localhost (127.0.0.1) 56(84) bytes of data.",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.046 ms",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.079 ms (DUP!)",
                        "From 198.18.0.1 icmp_seq=3 Destination Host Unreachable");
    }

    @Test
    void partial_countsEveryRequestSentAndTheErrors() {
        // what Ctrl-C prints: iputils counts what it sent, not what was decided, and adds +N errors
        PingPrinter printer = printer(PingPrinter.Mode.LINES, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.5));
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onError(LOOPBACK, unreachable(2));
        printer.onSent(LOOPBACK, 3, 3_000_000_000L);
        printer.onSent(LOOPBACK, 4, 4_000_000_000L);
        printer.onReply(LOOPBACK, reply(4, 1.5));

        Host partial = printer.partial();
        assertThat(printer.finish(partial)).isTrue();

        assertThat(partial.packetsSent()).isEqualTo(4);
        assertThat(partial.errors()).isEqualTo(1);
        List<String> lines = lines();
        assertThat(lines.get(lines.size() - 3)).isEqualTo("--- localhost ping statistics ---");
        assertThat(lines.get(lines.size() - 2))
                .matches("4 packets transmitted, 2 received, \\+1 errors, 50% packet loss, time \\d+ms");
        assertThat(lines.getLast()).isEqualTo("rtt min/avg/max/mdev = 0.500/1.000/1.500/0.500 ms");
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
        printer.finish(printer.partial());
        assertThat(String.join("\n", lines())).doesNotContain("dropped");
    }

    @Test
    void partial_inJsonMode_printsTheJsonOfWhatWasDecidedAndNothingElse() {
        PingPrinter printer = printer(PingPrinter.Mode.JSON, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.25));
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);

        printer.finish(printer.partial());

        assertThat(lines()).hasSize(1);
        assertThat(lines().getFirst())
                .startsWith("{\"address\":\"127.0.0.1\",\"packets_sent\":2,\"packets_received\":1,\"packet_loss\":0.5,")
                .contains("\"rtts\":[0.25]");
    }

    @Test
    void finish_timeRunsFromTheFirstSendToTheLastReplyByItsMeasuredRtt() {
        PingPrinter printer = printer(PingPrinter.Mode.QUIET, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 5_000_000_000L);
        printer.onSent(LOOPBACK, 2, 5_200_000_000L);
        printer.onReply(LOOPBACK, reply(2, 0.5));
        printer.onReply(LOOPBACK, reply(1, 300.0));

        printer.finish(printer.partial());

        // request 1 came back 300 ms after it left, later than request 2's end at 200.5 ms
        assertThat(lines().get(3)).endsWith(", time 300ms");
    }

    @Test
    void partial_beforeStart_isNull() {
        assertThat(printer(PingPrinter.Mode.LINES, false).partial()).isNull();
    }

    @Test
    void finish_secondTime_printsNothingMore() {
        PingPrinter printer = printer(PingPrinter.Mode.LINES, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.5));
        assertThat(printer.finish(printer.partial())).isTrue();
        int printed = lines().size();

        assertThat(printer.finish(printer.partial())).isFalse();
        assertThat(lines()).hasSize(printed);
    }

    @Test
    void outstanding_nextSendWhileUnanswered_saysNoAnswerYet() {
        PingPrinter printer = printer(PingPrinter.Mode.LINES, true);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onReply(LOOPBACK, reply(2, 0.5));
        printer.onSent(LOOPBACK, 3, 3_000_000_000L);
        printer.finish(printer.partial());

        assertThat(lines().subList(1, 3))
                .containsExactly(
                        "no answer yet for icmp_seq=1", "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.500 ms");
    }

    @Test
    void flood_dotPerRequestErasedPerReply() {
        PingPrinter printer = printer(PingPrinter.Mode.FLOOD, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1, 0.5));
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onSent(LOOPBACK, 3, 3_000_000_000L);
        printer.onError(LOOPBACK, unreachable(3));
        printer.finish(printer.partial());

        assertThat(text.toString())
                .startsWith("PING localhost (127.0.0.1) 56(84) bytes of data.\n.\b \b..E\n\n--- localhost");
    }

    @Test
    void flood_manyEventsJoinedIntoChunks_bytesAndOrderKept() {
        PingPrinter printer = printer(PingPrinter.Mode.FLOOD, false);
        printer.onStart(LOOPBACK, PingOptions.defaults());
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            printer.onSent(LOOPBACK, i, i * 1_000L);
            expected.append('.');
            if (i % 3 != 0) {
                printer.onReply(LOOPBACK, reply(i, 0.5));
                expected.append("\b \b");
            }
        }
        printer.finish(printer.partial());

        String all = text.toString();
        int start = all.indexOf('\n') + 1;
        assertThat(all.substring(start, start + expected.length() + 2)).isEqualTo(expected + "\n\n");
        assertThat(all).contains("20000 packets transmitted, 13334 received");
    }

    private List<String> lines() {
        return text.toString().lines().toList();
    }

    private static Reply reply(int sequence, double rtt) {
        return new Reply(
                LOOPBACK,
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
