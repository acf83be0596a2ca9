package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
