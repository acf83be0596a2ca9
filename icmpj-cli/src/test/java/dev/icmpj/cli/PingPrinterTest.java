package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.RttClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingPrinterTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private final StringWriter text = new StringWriter();
    private final PingPrinter printer = new PingPrinter(new PrintWriter(text), "localhost");

    @Test
    void events_printIputilsLinesAsTheyHappen() {
        printer.onStart(LOOPBACK, PingOptions.defaults());
        assertThat(lines()).containsExactly("PING localhost (127.0.0.1) 56(84) bytes of data.");

        printer.onReply(LOOPBACK, reply(1, 0.0456));
        printer.onDuplicate(LOOPBACK, reply(1, 0.0789));
        printer.onLoss(LOOPBACK, 2);

        assertThat(lines())
                .containsExactly(
                        "PING localhost (127.0.0.1) 56(84) bytes of data.",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.046 ms",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.079 ms (DUP!)");
    }

    @Test
    void interrupt_printsStatisticsOfDecidedRequests() {
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onReply(LOOPBACK, reply(1, 0.5));
        printer.onLoss(LOOPBACK, 2);
        printer.onReply(LOOPBACK, reply(3, 1.5));

        assertThat(printer.interrupt()).hasValue(0);

        List<String> lines = lines();
        assertThat(lines.subList(3, lines.size())).hasSize(4);
        assertThat(lines.get(4)).isEqualTo("--- localhost ping statistics ---");
        assertThat(lines.get(5)).matches("3 packets transmitted, 2 received, 33.3333% packet loss, time \\d+ms");
        assertThat(lines.get(6)).isEqualTo("rtt min/avg/max/mdev = 0.500/1.000/1.500/0.500 ms");
    }

    @Test
    void interrupt_withoutReplyExits1() {
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onLoss(LOOPBACK, 1);

        assertThat(printer.interrupt()).hasValue(1);
        assertThat(lines()).last().asString().startsWith("1 packets transmitted, 0 received, 100% packet loss");
    }

    @Test
    void interrupt_beforeStartOrAfterFinishPrintsNothing() {
        assertThat(printer.interrupt()).isEmpty();
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onReply(LOOPBACK, reply(1, 0.5));
        printer.onComplete(host());
        printer.finish(host());
        int printed = lines().size();

        assertThat(printer.interrupt()).isEmpty();
        assertThat(lines()).hasSize(printed);
    }

    @Test
    void finish_afterInterruptPrintsNothingMore() {
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onReply(LOOPBACK, reply(1, 0.5));
        printer.interrupt();
        int printed = lines().size();

        printer.finish(host());

        assertThat(lines()).hasSize(printed);
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

    private static Host host() {
        return new Host(
                LOOPBACK, 1, 1, List.of(0.5), 0.5, 0.5, 0.5, 0.5, Double.NaN, Double.NaN, 0, 0, 0, true, 64, List.of());
    }
}
