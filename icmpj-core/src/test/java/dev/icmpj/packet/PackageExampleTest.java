package dev.icmpj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the example of the package Javadoc ({@code package-info.java}); keep the two in sync. */
class PackageExampleTest {

    @Test
    void packageExample_describesRepliesAndErrors() {
        byte[] request = IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, 0x1234, 1, new byte[56]));
        byte[] reply = IcmpCodec.encode(new EchoReply(IcmpVersion.V4, 0x1234, 1, new byte[56]));
        QuotedDatagram quoted = QuotedDatagram.ofIcmp(
                TestPackets.v4("198.19.0.1"), TestPackets.v4("198.19.0.2"), IcmpVersion.V4, 1, request);
        byte[] error = IcmpCodec.encode(new TimeExceeded(IcmpVersion.V4, 0, quoted, List.of()));

        assertThat(describe(reply, reply.length)).isEqualTo("reply icmp_seq=1");
        assertThat(describe(error, error.length)).isEqualTo("Time to live exceeded icmp_seq=1");
        assertThat(describe(request, 3))
                .isEqualTo("ignored: unparseable ICMP message: truncated: 3 bytes, shorter than an ICMP header");
    }

    private static String describe(byte[] buffer, int length) {
        String line = switch (IcmpCodec.decode(IcmpVersion.V4, buffer, 0, length)) {
            case EchoReply reply -> "reply icmp_seq=" + reply.sequence();
            case IcmpErrorMessage error ->
                error.description() + " icmp_seq="
                        + error.quoted()
                                .echoRequest()
                                .map(EchoRequest::sequence)
                                .orElse(-1);
            case IcmpMessage other -> "ignored: " + other.description();
        };
        return line;
    }
}
