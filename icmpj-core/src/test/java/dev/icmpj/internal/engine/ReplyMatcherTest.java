package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyMatcherTest {

    private static final InetAddress TARGET = InetAddress.ofLiteral("198.18.0.7");
    private static final InetAddress OTHER = InetAddress.ofLiteral("198.18.0.8");
    private static final InetAddress ROUTER = InetAddress.ofLiteral("198.18.0.1");
    private static final int ID = 777;
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8};

    private final ReplyMatcher matcher = new ReplyMatcher();

    private Probe register(InetAddress destination) throws IcmpSocketException {
        return matcher.register(
                destination, seq -> new Probe(null, 0, IcmpRequest.of(destination, ID, seq, PAYLOAD), PAYLOAD));
    }

    private static IcmpReply echo(InetAddress source, InetAddress probed, int id, int seq, byte[] data) {
        return new IcmpReply(
                source,
                probed,
                id,
                seq,
                8 + data.length,
                64,
                data,
                new EchoReply(IcmpVersion.V4, id, seq, data),
                0,
                System.nanoTime());
    }

    private static IcmpReply unreachable(int id, int seq, byte[] quotedData) {
        byte[] echo = IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, id, seq, quotedData));
        QuotedDatagram quoted =
                QuotedDatagram.ofIcmp(InetAddress.ofLiteral("198.18.0.2"), TARGET, IcmpVersion.V4, 64, echo);
        return new IcmpReply(
                ROUTER,
                TARGET,
                id,
                seq,
                36,
                64,
                quotedData,
                new DestinationUnreachable(IcmpVersion.V4, 1, 0, quoted, List.of()),
                0,
                System.nanoTime());
    }

    @Test
    void register_consecutiveProbes_sequencesFromOneUpwards() throws IcmpSocketException {
        assertThat(List.of(
                        register(TARGET).sequence(),
                        register(TARGET).sequence(),
                        register(OTHER).sequence()))
                .containsExactly(1, 2, 3);
        assertThat(matcher.size()).isEqualTo(3);
    }

    @Test
    void register_afterWrap_skipsSequencesInFlightToSameDestination() throws IcmpSocketException {
        Probe first = register(TARGET);
        for (int i = 2; i <= 0xFFFF; i++) {
            matcher.remove(register(OTHER));
        }
        // the counter wrapped to 0, then 1 is still in flight to TARGET: skipped
        assertThat(register(TARGET).sequence()).isZero();
        assertThat(register(TARGET).sequence()).isEqualTo(2);
        assertThat(first.sequence()).isEqualTo(1);
    }

    @Test
    void register_afterWrapOverDecidedProbes_reusesTheirSequencesAndKeepsTheRestForDuplicates()
            throws IcmpSocketException {
        Probe pending = register(TARGET);
        Probe answered = register(TARGET);
        answered.decide();
        for (int i = 3; i <= 0x10000; i++) {
            register(TARGET).decide();
        }
        // 65,536 registered to TARGET: 1 still pending, 2..65535 and 0 answered
        Probe next = register(TARGET);
        assertThat(next.sequence())
                .as("1 is pending: skipped; 2 is decided: reused")
                .isEqualTo(2);
        assertThat(matcher.match(echo(TARGET, TARGET, ID, 2, PAYLOAD))).isSameAs(next);
        assertThat(matcher.match(echo(TARGET, TARGET, ID, 1, PAYLOAD))).isSameAs(pending);
        assertThat(matcher.match(echo(TARGET, TARGET, ID, 3, PAYLOAD)))
                .as("a decided probe still detects its duplicates until its number is reused")
                .isNotNull()
                .matches(Probe::isDecided);
        assertThat(matcher.size()).isEqualTo(0x10000);
    }

    @Test
    void register_allSequencesInFlight_throwsNamingTheDestination() throws IcmpSocketException {
        for (int i = 0; i <= 0xFFFF; i++) {
            register(TARGET);
        }
        assertThatThrownBy(() -> register(TARGET))
                .isInstanceOf(IcmpSocketException.class)
                .hasMessageContaining("198.18.0.7");
    }

    @Test
    void match_echoReplyWithSameIdSequenceSourceAndPayload_findsProbe() throws IcmpSocketException {
        Probe probe = register(TARGET);
        assertThat(matcher.match(echo(TARGET, TARGET, ID, probe.sequence(), PAYLOAD)))
                .isSameAs(probe);
    }

    @Test
    void match_echoReplyDifferingInOneField_isStray() throws IcmpSocketException {
        Probe probe = register(TARGET);
        int seq = probe.sequence();
        byte[] otherPayload = Arrays.copyOf(PAYLOAD, PAYLOAD.length);
        otherPayload[7] = 9;
        assertThat(matcher.match(echo(TARGET, TARGET, ID + 1, seq, PAYLOAD))).isNull();
        assertThat(matcher.match(echo(TARGET, TARGET, ID, seq + 1, PAYLOAD))).isNull();
        assertThat(matcher.match(echo(OTHER, OTHER, ID, seq, PAYLOAD))).isNull();
        assertThat(matcher.match(echo(OTHER, TARGET, ID, seq, PAYLOAD))).isNull();
        assertThat(matcher.match(echo(TARGET, TARGET, ID, seq, otherPayload))).isNull();
    }

    @Test
    void match_errorQuotingTruncatedPayload_findsProbe() throws IcmpSocketException {
        Probe probe = register(TARGET);
        assertThat(matcher.match(unreachable(ID, probe.sequence(), Arrays.copyOf(PAYLOAD, 4))))
                .isSameAs(probe);
        assertThat(matcher.match(unreachable(ID, probe.sequence(), new byte[] {1, 2, 9})))
                .isNull();
    }

    @Test
    void match_errorQuotingPayloadThenPaddingAndExtension_findsProbe() throws IcmpSocketException {
        // a ping socket's error queue hands over an RFC 4884 error's quote with its zero padding and extension
        Probe probe = register(TARGET);
        byte[] padded = Arrays.copyOf(PAYLOAD, 128);
        padded[120] = 0x20;
        assertThat(matcher.match(unreachable(ID, probe.sequence(), padded))).isSameAs(probe);
        padded[7] = 9;
        assertThat(matcher.match(unreachable(ID, probe.sequence(), padded))).isNull();
    }

    @Test
    void match_afterRemove_isStray() throws IcmpSocketException {
        Probe probe = register(TARGET);
        matcher.remove(probe);
        assertThat(matcher.match(echo(TARGET, TARGET, ID, probe.sequence(), PAYLOAD)))
                .isNull();
        assertThat(matcher.size()).isZero();
    }
}
