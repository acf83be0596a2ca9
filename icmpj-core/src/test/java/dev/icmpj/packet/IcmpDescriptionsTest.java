package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecGoldenTest.quotedEcho;
import static dev.icmpj.packet.TestPackets.v4;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IcmpDescriptionsTest {

    private static final QuotedDatagram QUOTED_V6 = QuotedDatagram.ofIcmp(
            TestPackets.v6("fd00:db8::1"), TestPackets.v6("fd00:db8::2"), IcmpVersion.V6, 1, new byte[] {
                (byte) 128, 0, 0, 0, 0, 1, 0, 1
            });

    @ParameterizedTest(name = "{0} type {1} code {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            V4 | 3  | 0  | Destination Net Unreachable
            V4 | 3  | 1  | Destination Host Unreachable
            V4 | 3  | 2  | Destination Protocol Unreachable
            V4 | 3  | 3  | Destination Port Unreachable
            V4 | 3  | 4  | Frag needed and DF set (mtu = 0)
            V4 | 3  | 5  | Source Route Failed
            V4 | 3  | 6  | Destination Net Unknown
            V4 | 3  | 7  | Destination Host Unknown
            V4 | 3  | 8  | Source Host Isolated
            V4 | 3  | 9  | Destination Net Prohibited
            V4 | 3  | 10 | Destination Host Prohibited
            V4 | 3  | 11 | Destination Net Unreachable for Type of Service
            V4 | 3  | 12 | Destination Host Unreachable for Type of Service
            V4 | 3  | 13 | Packet filtered
            V4 | 3  | 14 | Precedence Violation
            V4 | 3  | 15 | Precedence Cutoff
            V4 | 11 | 0  | Time to live exceeded
            V4 | 11 | 1  | Frag reassembly time exceeded
            V4 | 12 | 0  | Parameter problem: pointer = 7
            V4 | 12 | 1  | Parameter problem: missing required option, pointer = 7
            V4 | 12 | 2  | Parameter problem: bad length, pointer = 7
            V4 | 5  | 0  | Redirect Network (New nexthop: 198.19.0.254)
            V4 | 5  | 1  | Redirect Host (New nexthop: 198.19.0.254)
            V4 | 5  | 2  | Redirect Type of Service and Network (New nexthop: 198.19.0.254)
            V4 | 5  | 3  | Redirect Type of Service and Host (New nexthop: 198.19.0.254)
            V4 | 4  | 0  | Source Quench
            V4 | 8  | 0  | Echo Request
            V4 | 0  | 0  | Echo Reply
            V6 | 1  | 0  | Destination unreachable: No route
            V6 | 1  | 1  | Destination unreachable: Administratively prohibited
            V6 | 1  | 2  | Destination unreachable: Beyond scope of source address
            V6 | 1  | 3  | Destination unreachable: Address unreachable
            V6 | 1  | 4  | Destination unreachable: Port unreachable
            V6 | 1  | 5  | Destination unreachable: Source address failed ingress/egress policy
            V6 | 1  | 6  | Destination unreachable: Reject route to destination
            V6 | 1  | 7  | Destination unreachable: Error in source routing header
            V6 | 2  | 0  | Packet too big: mtu=1280
            V6 | 3  | 0  | Time exceeded: Hop limit
            V6 | 3  | 1  | Time exceeded: Defragmentation failure
            V6 | 4  | 0  | Parameter problem: Wrong header field at 7
            V6 | 4  | 1  | Parameter problem: Unknown header at 7
            V6 | 4  | 2  | Parameter problem: Unknown option at 7
            V6 | 4  | 3  | Parameter problem: Incomplete header chain at 7
            V6 | 128 | 0 | Echo request
            V6 | 129 | 0 | Echo reply
            """)
    void description_everyDefinedCode_isSpecific(IcmpVersion version, int type, int code, String expected) {
        IcmpMessage m = message(version, type, code);

        assertThat(m.type()).isEqualTo(type);
        assertThat(m.code()).isEqualTo(code);
        assertThat(m.description()).isEqualTo(expected);
    }

    @Test
    void description_undefinedCode_namesTypeAndCode() {
        assertThat(message(IcmpVersion.V4, 3, 16).description())
                .isEqualTo("Destination unreachable, unknown ICMPv4 code 16");
        assertThat(message(IcmpVersion.V6, 1, 8).description())
                .isEqualTo("Destination unreachable, unknown ICMPv6 code 8");
        assertThat(message(IcmpVersion.V4, 11, 2).description()).isEqualTo("Time exceeded, unknown ICMPv4 code 2");
        assertThat(message(IcmpVersion.V6, 3, 255).description()).isEqualTo("Time exceeded, unknown ICMPv6 code 255");
        assertThat(message(IcmpVersion.V4, 12, 3).description())
                .isEqualTo("Parameter problem, unknown ICMPv4 code 3, pointer = 7");
        assertThat(message(IcmpVersion.V6, 4, 4).description())
                .isEqualTo("Parameter problem, unknown ICMPv6 code 4, pointer = 7");
        assertThat(message(IcmpVersion.V4, 5, 4).description())
                .isEqualTo("Redirect, unknown ICMPv4 code 4 (New nexthop: 198.19.0.254)");
    }

    @Test
    void description_everyCodeOfEveryErrorType_isNotBlankAndNamesUnknownCodes() {
        int[][] types = {{3, 16}, {11, 2}, {12, 3}, {5, 4}};
        for (int[] t : types) {
            IntStream.range(t[1], 256)
                    .forEach(code -> assertThat(
                                    message(IcmpVersion.V4, t[0], code).description())
                            .contains("unknown ICMPv4 code " + code));
        }
    }

    @Test
    void description_otherTypes() {
        assertThat(new OtherMessage(IcmpVersion.V4, 13, 0, new byte[12]).description())
                .isEqualTo("Timestamp");
        assertThat(new OtherMessage(IcmpVersion.V6, 135, 0, new byte[20]).description())
                .isEqualTo("Neighbor Solicitation");
        assertThat(new OtherMessage(IcmpVersion.V4, 200, 3, new byte[0]).description())
                .isEqualTo("Unknown ICMPv4 type 200, code 3");
        assertThat(new OtherMessage(IcmpVersion.V6, 200, 0, new byte[0]).description())
                .isEqualTo("Unknown ICMPv6 type 200");
    }

    private static IcmpMessage message(IcmpVersion v, int type, int code) {
        QuotedDatagram q = v == IcmpVersion.V4 ? quotedEcho() : QUOTED_V6;
        if (type == v.echoRequestType()) {
            return new EchoRequest(v, 1, 1, new byte[0]);
        }
        if (type == v.echoReplyType()) {
            return new EchoReply(v, 1, 1, new byte[0]);
        }
        return switch (v == IcmpVersion.V4 ? type : type + 100) {
            case 3, 101 -> new DestinationUnreachable(v, code, 0, q, List.of());
            case 4 -> new SourceQuench(q);
            case 5 -> new Redirect(code, v4("198.19.0.254"), q);
            case 11, 103 -> new TimeExceeded(v, code, q, List.of());
            case 12, 104 -> new ParameterProblem(v, code, 7, q, List.of());
            case 102 -> new PacketTooBig(1280, q);
            default -> throw new IllegalArgumentException("type " + type);
        };
    }
}
