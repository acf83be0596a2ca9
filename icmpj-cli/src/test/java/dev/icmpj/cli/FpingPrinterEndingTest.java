package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.MultipingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.RttClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fping's ending on Ctrl-C: once the summaries are being printed, the engine's later events (it is still
 * running while the interrupt hook prints) neither print a line nor change a count, as fping, which stops at
 * the signal: no reply line among or after the summaries, and each summary counts the lines printed.
 */
@Timeout(60)
class FpingPrinterEndingTest {
    private static final InetAddress FIRST = InetAddress.ofLiteral("127.0.0.1");

    @Test
    void finish_laterEventsPrintNothingAndCountNothing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FpingTally tally = new FpingTally(1, new FpingTally.Kept(true, false, 0));
        try (Pinger pinger = Pinger.create()) {
            OutputQueue output = new OutputQueue(new PrintWriter(out), new PrintWriter(err));
            FpingTargets targets = FpingTargets.resolve(
                    List.of("127.0.0.1"),
                    false,
                    pinger,
                    Family.ANY,
                    false,
                    false,
                    FpingTargets.Naming.GIVEN,
                    true,
                    line -> {});
            // count mode (-c 3): a line per reply and per timeout, the summaries at the end
            FpingPrinter printer = new FpingPrinter(
                    output,
                    targets,
                    tally,
                    new FpingPrinter.Style(false, false, false, true, false, false, false, true, false, false, -1, 0));

            printer.reply(0, 0, reply(0, 0.5));
            int code = printer.finish();
            // the engine's thread, not stopped yet when the interrupt hook prints the ending
            printer.reply(0, 1, reply(1, 0.25));
            printer.timeout(0, 2);
            output.close();

            assertThat(code).isZero();
            assertThat(out.toString()).isEqualTo("127.0.0.1 : [0], 64 bytes, 0.500 ms (0.500 avg, 0% loss)\n");
            assertThat(err.toString())
                    .isEqualTo("\n127.0.0.1 : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.500/0.500/0.500\n");
            assertThat(tally.decided(0)).isEqualTo(1);
            assertThat(tally.replies()).isEqualTo(1);
        }
    }

    @Test
    void ndjson_onCtrlC_eachTargetOnce() {
        StringWriter out = new StringWriter();
        FpingTally tally = new FpingTally(3, new FpingTally.Kept(true, false, 0));
        try (Pinger pinger = Pinger.create()) {
            OutputQueue output = new OutputQueue(new PrintWriter(out), new PrintWriter(new StringWriter()));
            FpingTargets targets = FpingTargets.resolve(
                    List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"),
                    false,
                    pinger,
                    Family.ANY,
                    false,
                    false,
                    FpingTargets.Naming.GIVEN,
                    false,
                    line -> {});
            FpingPrinter printer = new FpingPrinter(
                    output,
                    targets,
                    tally,
                    new FpingPrinter.Style(
                            false, false, false, false, false, false, false, false, false, false, -1, 0));
            FpingSweep sweep =
                    new FpingSweep(pinger, targets, PingOptions.builder().build(), printer, output, false, true, null);
            MultipingListener events = sweep.listener(IntUnaryOperator.identity(), new CompletableFuture<>());

            events.onReply(0, 0, FIRST, reply(0, 0.5));
            events.onComplete(0, tally.host(0, FIRST));
            // target 2 answered its first request; its others (count mode) are still in flight
            events.onReply(2, 0, FIRST, reply(0, 0.75));
            // Ctrl-C: the ending prints the targets not printed yet, then the engine's reply to target 1 arrives
            printer.stopEvents();
            sweep.printUnansweredNdjson();
            events.onReply(1, 0, FIRST, reply(0, 0.25));
            // the engine's own result for it: alive
            FpingTally engines = new FpingTally(1, new FpingTally.Kept(true, false, 0));
            engines.reply(0, 0, 0.25);
            events.onComplete(1, engines.host(0, FIRST));
            printer.finish();
            output.close();

            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("{\"index\":0,").contains("\"is_alive\":true");
            assertThat(lines.get(1)).startsWith("{\"index\":1,").contains("\"is_alive\":false");
            assertThat(lines.get(2))
                    .startsWith("{\"index\":2,")
                    .contains("\"packets_received\":1,")
                    .contains("\"is_alive\":true");
        }
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
