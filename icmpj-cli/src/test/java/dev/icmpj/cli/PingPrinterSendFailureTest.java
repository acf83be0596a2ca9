package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PingPrinter} on what the library reports of failed sends ({@code onSendFailed}) and of its socket
 * ({@code onSocket}), standard output and standard error in one stream, as a terminal or {@code 2>&1} shows
 * them.
 */
@Timeout(30)
class PingPrinterSendFailureTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    private static final IcmpSocketException EPERM = new IcmpSocketException("sendto: Operation not permitted", 1);
    private static final IcmpSocketException ENETUNREACH = new IcmpSocketException("sendto: unreachable", 101);

    private final StringWriter text = new StringWriter();
    private final PrintWriter both = new PrintWriter(text);
    private final OutputQueue output = new OutputQueue(both, both);

    private PingPrinter printer(PingPrinter.Style style) {
        return new PingPrinter(
                output,
                "127.0.0.1",
                style,
                AddressText::of,
                List.of("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data."),
                PingPrinter.Control.NONE,
                0,
                false,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    private List<String> lines() {
        output.close();
        return text.toString().lines().toList();
    }

    @Test
    void rejectRule_sendmsgLineAfterTheRulesErrorAsIputils() {
        PingPrinter printer = printer(PingPrinter.Style.of(PingPrinter.Mode.LINES));
        printer.onStart(LOOPBACK, PingOptions.defaults());
        for (int sequence = 1; sequence <= 2; sequence++) {
            printer.onSent(LOOPBACK, sequence, sequence * 1_000_000_000L);
            printer.onSendFailed(LOOPBACK, sequence, EPERM);
            printer.onError(LOOPBACK, portUnreachable(sequence));
        }
        printer.finish(null);

        // iputils 20221126 in a namespace with "icmp type echo-request reject" on its output hook
        assertThat(lines())
                .containsExactly(
                        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.",
                        "From 127.0.0.1 icmp_seq=1 Destination Port Unreachable",
                        "icmpj: ping: sendmsg: Operation not permitted",
                        "From 127.0.0.1 icmp_seq=2 Destination Port Unreachable",
                        "icmpj: ping: sendmsg: Operation not permitted",
                        "",
                        "--- 127.0.0.1 ping statistics ---",
                        "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms",
                        "");
    }

    @Test
    void dropRule_refusedWithoutAnError_silentAsIputils() {
        PingPrinter printer = printer(PingPrinter.Style.of(PingPrinter.Mode.LINES));
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onSendFailed(LOOPBACK, 1, EPERM);
        printer.onSent(LOOPBACK, 2, 2_000_000_000L);
        printer.onSendFailed(LOOPBACK, 2, EPERM);
        printer.onLoss(LOOPBACK, 1);
        printer.onLoss(LOOPBACK, 2);
        printer.finish(null);

        assertThat(lines())
                .containsExactly(
                        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.",
                        "",
                        "--- 127.0.0.1 ping statistics ---",
                        "2 packets transmitted, 0 received, 100% packet loss, time 1000ms",
                        "");
    }

    @Test
    void requestThatCouldNotLeave_countedAsSentWithItsLineAtOnce() {
        PingPrinter printer = printer(PingPrinter.Style.of(PingPrinter.Mode.LINES));
        printer.onStart(LOOPBACK, PingOptions.defaults());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1));
        printer.onSendFailed(LOOPBACK, 2, ENETUNREACH);
        printer.onLoss(LOOPBACK, 2);
        printer.finish(null);

        assertThat(lines().subList(1, 3))
                .containsExactly(
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.250 ms",
                        "icmpj: ping: sendmsg: Network is unreachable");
        // its send time is the clock's when it failed: the test's send times are not on that clock
        assertThat(lines())
                .anyMatch(line -> line.matches("2 packets transmitted, 1 received, 50% packet loss, time -?\\d+ms"));
    }

    @Test
    void flood_aRefusalIsAnEAfterTheErrorsE_quietPrintsNone() {
        PingPrinter flood = printer(PingPrinter.Style.of(PingPrinter.Mode.FLOOD));
        flood.onStart(LOOPBACK, PingOptions.builder().flood(true).build());
        flood.onSent(LOOPBACK, 1, 1_000_000_000L);
        flood.onSendFailed(LOOPBACK, 1, EPERM);
        flood.onError(LOOPBACK, portUnreachable(1));
        flood.finish(null);

        assertThat(lines().get(1)).isEqualTo(".\bEE");
    }

    @Test
    void quiet_noSendmsgLine() {
        PingPrinter quiet = printer(PingPrinter.Style.of(PingPrinter.Mode.QUIET));
        quiet.onStart(LOOPBACK, PingOptions.defaults());
        quiet.onSent(LOOPBACK, 1, 1_000_000_000L);
        quiet.onSendFailed(LOOPBACK, 1, EPERM);
        quiet.onError(LOOPBACK, portUnreachable(1));
        quiet.finish(null);

        assertThat(lines()).noneMatch(line -> line.contains("sendmsg"));
    }

    @Test
    void verbose_socketAndAddressBeforeTheHeader_identOnARawSocketsLines() {
        PingPrinter.Style verbose =
                new PingPrinter.Style(PingPrinter.Mode.LINES, false, false, false, false, true, Family.IPV4);
        PingPrinter raw = printer(verbose);
        raw.onStart(LOOPBACK, PingOptions.defaults());
        raw.onSocket(LOOPBACK, Privilege.PRIVILEGED, 2400);
        raw.onSent(LOOPBACK, 1, 1_000_000_000L);
        raw.onReply(LOOPBACK, reply(1));
        raw.finish(null);

        assertThat(lines().subList(0, 4))
                .containsExactly(
                        "icmpj: ping: sock4 (socktype: SOCK_RAW), ident 2400, hints.ai_family: AF_INET",
                        "ai->ai_family: AF_INET, ai->ai_canonname: '127.0.0.1'",
                        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ident=2400 ttl=64 time=0.250 ms");
    }

    @Test
    void verbose_pingSocket_noIdentAsIputils() {
        PingPrinter.Style verbose = new PingPrinter.Style(PingPrinter.Mode.LINES, false, false, false, false, true);
        PingPrinter dgram = printer(verbose);
        dgram.onStart(LOOPBACK, PingOptions.defaults());
        dgram.onSocket(LOOPBACK, Privilege.UNPRIVILEGED, 17);
        dgram.onSent(LOOPBACK, 1, 1_000_000_000L);
        dgram.onReply(LOOPBACK, reply(1));
        dgram.finish(null);

        assertThat(lines().subList(0, 4))
                .containsExactly(
                        "icmpj: ping: sock4 (socktype: SOCK_DGRAM), ident 17, hints.ai_family: AF_UNSPEC",
                        "ai->ai_family: AF_INET, ai->ai_canonname: '127.0.0.1'",
                        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.",
                        "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.250 ms");
    }

    @Test
    void adaptive_summaryHasIpgEwmaAsIputils() {
        PingPrinter printer = printer(PingPrinter.Style.of(PingPrinter.Mode.LINES));
        printer.onStart(LOOPBACK, PingOptions.builder().adaptive(true).build());
        printer.onSent(LOOPBACK, 1, 1_000_000_000L);
        printer.onReply(LOOPBACK, reply(1));
        printer.onSent(LOOPBACK, 2, 1_000_500_000L);
        printer.onReply(LOOPBACK, reply(2));
        printer.finish(null);

        assertThat(lines().getLast())
                .isEqualTo("rtt min/avg/max/mdev = 0.250/0.250/0.250/0.000 ms, ipg/ewma 0.500/0.250 ms");
    }

    private static Reply reply(int sequence) {
        return new Reply(
                LOOPBACK,
                sequence,
                64,
                64,
                0.25,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(IcmpVersion.V4, 7, sequence, new byte[56]));
    }

    private static Reply portUnreachable(int sequence) {
        QuotedDatagram quoted = QuotedDatagram.ofIcmp(
                LOOPBACK,
                LOOPBACK,
                IcmpVersion.V4,
                64,
                IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, 7, sequence, new byte[8])));
        return new Reply(
                LOOPBACK,
                sequence,
                36,
                64,
                0.1,
                RttClock.KERNEL_RECEIVE,
                new DestinationUnreachable(IcmpVersion.V4, 3, 0, quoted, List.of()));
    }
}
