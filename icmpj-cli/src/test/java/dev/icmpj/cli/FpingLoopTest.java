package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.ProberListener;
import dev.icmpj.Reply;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.RttClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fping's loop mode from a prober's events, driven by hand (no socket): the request numbers {@code [n]}, the
 * timeouts, the {@code -Q} reports and the summaries of Ctrl-C, over more requests than there are sequence
 * numbers, in memory that does not grow.
 */
@Timeout(60)
class FpingLoopTest {
    private static final InetAddress FIRST = InetAddress.ofLiteral("127.0.0.1");

    private final Pinger pinger = Pinger.create();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final OutputQueue output = new OutputQueue(new PrintWriter(out), new PrintWriter(err));

    @AfterEach
    void close() {
        pinger.close();
    }

    private FpingPrinter printer(FpingTargets targets, boolean perReply) {
        return new FpingPrinter(
                output,
                targets,
                new FpingTally(targets.size(), FpingTally.Kept.everything(0)),
                new FpingPrinter.Style(
                        false, false, false, perReply, !perReply, false, false, true, false, false, -1, 0));
    }

    private FpingTargets targets(String... given) {
        return FpingTargets.resolve(
                List.of(given), false, pinger, Family.ANY, false, false, FpingTargets.Naming.GIVEN, true, line -> {});
    }

    private static PingOptions everySecond() {
        return PingOptions.builder()
                .interval(Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(1))
                .build();
    }

    @Test
    void events_fpingsLinesWithRequestNumbersAndTheSummaryOfCtrlC() {
        FpingTargets targets = targets("127.0.0.1", "localhost");
        FpingPrinter printer = printer(targets, true);
        FpingLoop loop = new FpingLoop(pinger, targets, everySecond(), printer);
        ProberListener events = loop.listener();

        events.onSent(0, 7, 0);
        events.onSent(1, 900, 0);
        events.onReply(1, reply(900, 0.25));
        events.onReply(0, reply(7, 0.5));
        events.onSent(0, 8, 0);
        events.onLoss(0, 8);
        events.onSent(0, 9, 0);
        events.onReply(0, reply(9, 1.5));
        int exitCode = printer.finish();
        output.close();

        assertThat(out.toString().lines())
                .containsExactly(
                        "localhost : [0], 64 bytes, 0.250 ms (0.250 avg, 0% loss)",
                        "127.0.0.1 : [0], 64 bytes, 0.500 ms (0.500 avg, 0% loss)",
                        "127.0.0.1 : [1], timed out (0.500 avg, 50% loss)",
                        "127.0.0.1 : [2], 64 bytes, 1.50 ms (1.00 avg, 33% loss)");
        assertThat(err.toString().lines())
                .containsExactly(
                        "",
                        "127.0.0.1 : xmt/rcv/%loss = 3/2/33%, min/avg/max = 0.500/1.00/1.50",
                        "localhost : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.250/0.250/0.250");
        assertThat(exitCode).isZero();
    }

    @Test
    void events_requestThatCannotLeave_countedSentNoLineAndTheNumbersGoOn() {
        FpingTargets targets = targets("127.0.0.1");
        FpingPrinter printer = printer(targets, true);
        FpingLoop loop = new FpingLoop(pinger, targets, everySecond(), printer);
        ProberListener events = loop.listener();

        events.onSent(0, 7, 0);
        events.onReply(0, reply(7, 0.5));
        events.onSendFailed(0, new IcmpSocketException("sendto 127.0.0.1 failed: Network is unreachable", 101));
        events.onSent(0, 9, 0);
        events.onReply(0, reply(9, 1.5));
        printer.finish();
        output.close();

        assertThat(out.toString().lines())
                .containsExactly(
                        "127.0.0.1 : [0], 64 bytes, 0.500 ms (0.500 avg, 0% loss)",
                        "127.0.0.1 : [2], 64 bytes, 1.50 ms (1.00 avg, 33% loss)");
        assertThat(err.toString().lines())
                .containsExactly("", "127.0.0.1 : xmt/rcv/%loss = 3/2/33%, min/avg/max = 0.500/1.00/1.50");
    }

    @Test
    void events_moreRequestsThanSequenceNumbers_numbersKeepCountingInTheSameRing() {
        FpingTargets targets = targets("127.0.0.1");
        FpingPrinter printer = printer(targets, false);
        FpingLoop loop = new FpingLoop(pinger, targets, everySecond(), printer);
        ProberListener events = loop.listener();
        int requests = 70_000;

        for (int k = 0; k < requests; k++) {
            int sequence = k % 65_536;
            events.onSent(0, sequence, 0);
            if (k % 10 == 0) {
                events.onLoss(0, sequence);
            } else {
                events.onReply(0, reply(sequence, 0.125));
            }
        }
        printer.finish();
        output.close();

        assertThat(printer.tally().decided(0)).isEqualTo(requests);
        assertThat(err.toString().lines())
                .containsExactly("127.0.0.1 : xmt/rcv/%loss = 70000/63000/10%, min/avg/max = 0.125/0.125/0.125");
    }

    @Test
    void report_countsSinceTheLastReportThenStartsAgain() {
        FpingTargets targets = targets("127.0.0.1");
        FpingPrinter printer = printer(targets, false);
        FpingLoop loop = new FpingLoop(pinger, targets, everySecond(), printer);
        ProberListener events = loop.listener();

        events.onSent(0, 1, 0);
        events.onReply(0, reply(1, 0.5));
        events.onSent(0, 2, 0);
        events.onLoss(0, 2);
        printer.report();
        events.onSent(0, 3, 0);
        events.onReply(0, reply(3, 2.5));
        printer.report();
        output.close();

        List<String> lines = err.toString().lines().toList();
        assertThat(lines.get(0)).matches("\\[\\d{2}:\\d{2}:\\d{2}]");
        assertThat(lines.get(1)).isEqualTo("127.0.0.1 : xmt/rcv/%loss = 2/1/50%, min/avg/max = 0.500/0.500/0.500");
        assertThat(lines.get(3)).isEqualTo("127.0.0.1 : xmt/rcv/%loss = 1/1/0%, min/avg/max = 2.50/2.50/2.50");
    }

    private static Reply reply(int sequence, double rtt) {
        return new Reply(
                FIRST,
                sequence,
                64,
                64,
                rtt,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(IcmpVersion.V4, 7, sequence, new byte[56]));
    }
}
