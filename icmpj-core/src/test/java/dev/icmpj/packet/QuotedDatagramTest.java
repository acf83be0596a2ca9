package dev.icmpj.packet;

import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v4;
import static dev.icmpj.packet.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotedDatagramTest {

    private static final String IPV6_HEADER_PREFIX = "60000000"; // version 6, traffic class 0, flow label 0
    private static final String IPV6_ADDRESSES =
            "fd000db8000000000000000000000001" + "fd000db8000000000000000000000002";

    @Test
    void ofIcmp_v4_synthesizesAHeaderSoEchoRequestWorks() {
        byte[] icmp = IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, 7, 9, "payload".getBytes()));

        QuotedDatagram q = QuotedDatagram.ofIcmp(v4("198.19.0.1"), v4("198.19.0.2"), IcmpVersion.V4, 3, icmp);

        assertThat(q.protocol()).isEqualTo(1);
        assertThat(q.ttl()).isEqualTo(3);
        assertThat(q.headerLength()).isEqualTo(20);
        assertThat(q.bytes()).hasSize(20 + icmp.length).endsWith(icmp);
        assertThat(Ipv4Header.parse(q.bytes(), 0, 20))
                .contains(new Ipv4Header(20, 0, 20 + icmp.length, 0, 0, 3, 1, v4("198.19.0.1"), v4("198.19.0.2")));
        assertThat(q.echoRequest()).contains(new EchoRequest(IcmpVersion.V4, 7, 9, "payload".getBytes()));
        assertThat(q.version()).isEqualTo(IcmpVersion.V4);
    }

    @Test
    void ofIcmp_v6_synthesizesAHeaderSoEchoRequestWorks() {
        byte[] icmp = IcmpCodec.encode(new EchoRequest(IcmpVersion.V6, 7, 9, new byte[3]));

        QuotedDatagram q = QuotedDatagram.ofIcmp(v6("fd00::1"), v6("fd00::2"), IcmpVersion.V6, 5, icmp);

        assertThat(q.protocol()).isEqualTo(58);
        assertThat(q.ttl()).isEqualTo(5);
        assertThat(q.headerLength()).isEqualTo(40);
        assertThat(q.echoRequest()).contains(new EchoRequest(IcmpVersion.V6, 7, 9, new byte[3]));
        assertThat(q.version()).isEqualTo(IcmpVersion.V6);
    }

    @Test
    void ofIcmp_addressOfTheOtherFamily_throws() {
        assertThatThrownBy(() -> QuotedDatagram.ofIcmp(v4("198.19.0.1"), v6("fd00::2"), IcmpVersion.V4, 1, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination fd00::2");
        assertThatThrownBy(() ->
                        QuotedDatagram.ofIcmp(v4("198.19.0.1"), v4("198.19.0.2"), IcmpVersion.V4, 256, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl is 256; it must be between 0 and 255");
    }

    @Test
    void echoRequest_truncatedPayload_returnsWhatWasQuoted() {
        QuotedDatagram q = QuotedDatagram.parse(
                        IcmpVersion.V4, hex(IcmpCodecGoldenTest.QUOTED_IPV4_HEADER, "08 00 2104 1234 0001 6162"), 0, 30)
                .orElseThrow();

        assertThat(q.echoRequest()).contains(new EchoRequest(IcmpVersion.V4, 0x1234, 1, "ab".getBytes()));
    }

    @Test
    void echoRequest_lessThanEightBytesOrNotAnEchoRequest_isEmpty() {
        String header = IcmpCodecGoldenTest.QUOTED_IPV4_HEADER;
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, hex(header, "08 00 2104 1234 00"), 0, 27)
                        .orElseThrow()
                        .echoRequest())
                .isEmpty();
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, hex(header, "00 00 2904 1234 0001"), 0, 28)
                        .orElseThrow()
                        .echoRequest())
                .isEmpty();
        String udp = header.replace("40 01", "40 11"); // protocol 17
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, hex(udp, "08 00 2104 1234 0001"), 0, 28)
                        .orElseThrow()
                        .echoRequest())
                .isEmpty();
    }

    @Test
    void parse_v4Options_headerLengthCountsThem() {
        byte[] b = hex("46 00 0024 0000 0000 01 01 0000 c6130001 c6130002", "01010100", "08 00 0000 0001 0002");

        QuotedDatagram q = QuotedDatagram.parse(IcmpVersion.V4, b, 0, b.length).orElseThrow();

        assertThat(q.headerLength()).isEqualTo(24);
        assertThat(q.echoRequest()).contains(new EchoRequest(IcmpVersion.V4, 1, 2, new byte[0]));
    }

    @Test
    void parse_v6ExtensionHeaders_findsTheUpperLayerProtocol() {
        byte[] b = hex(
                IPV6_HEADER_PREFIX,
                "0018 00 01",
                IPV6_ADDRESSES, // payload 24, next: hop-by-hop, hop limit 1
                "2c 00 01 04 00000000", // hop-by-hop: next fragment, length 0 (8 bytes), PadN
                "3a 00 0000 00000001", // fragment header: next ICMPv6, offset 0, identification 1
                "80 00 0000 abcd 0005"); // echo request

        QuotedDatagram q = QuotedDatagram.parse(IcmpVersion.V6, b, 0, b.length).orElseThrow();

        assertThat(q.protocol()).isEqualTo(58);
        assertThat(q.headerLength()).isEqualTo(56);
        assertThat(q.ttl()).isEqualTo(1);
        assertThat(q.echoRequest()).contains(new EchoRequest(IcmpVersion.V6, 0xabcd, 5, new byte[0]));
    }

    @Test
    void parse_v6TruncatedExtensionHeader_stopsAtIt() {
        byte[] b = hex(IPV6_HEADER_PREFIX, "0020 00 01", IPV6_ADDRESSES, "3a 02 0000 00000000"); // claims 24 bytes

        QuotedDatagram q = QuotedDatagram.parse(IcmpVersion.V6, b, 0, b.length).orElseThrow();

        assertThat(q.protocol()).isZero();
        assertThat(q.headerLength()).isEqualTo(40);
        assertThat(q.echoRequest()).isEmpty();
    }

    @Test
    void parse_trailingPadding_isTrimmedToTheDeclaredLength() {
        byte[] b = hex(IPV6_HEADER_PREFIX, "0008 3a 40", IPV6_ADDRESSES, "80 00 0000 0001 0001", "00".repeat(80));

        assertThat(QuotedDatagram.parse(IcmpVersion.V6, b, 0, b.length)
                        .orElseThrow()
                        .bytes())
                .hasSize(48);
    }

    @Test
    void parse_declaredLengthSmallerThanHeader_keepsAllBytes() {
        byte[] b = hex("45 00 0004 0000 0000 01 01 0000 c6130001 c6130002", "08 00 0000 0001 0002");

        assertThat(QuotedDatagram.parse(IcmpVersion.V4, b, 0, b.length)
                        .orElseThrow()
                        .bytes())
                .hasSize(28);
    }

    @Test
    void parse_garbage_isEmpty() {
        byte[] v6 = hex(IPV6_HEADER_PREFIX, "0008 3a 40", IPV6_ADDRESSES);
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, v6, 0, v6.length)).isEmpty(); // version 6
        assertThat(QuotedDatagram.parse(IcmpVersion.V6, v6, 0, 39)).isEmpty(); // truncated
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, hex("44", "00".repeat(30)), 0, 31))
                .isEmpty(); // IHL 4
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, hex("4f", "00".repeat(30)), 0, 31))
                .isEmpty(); // IHL 60
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, new byte[20], 5, 20)).isEmpty(); // out of range
        assertThat(QuotedDatagram.parse(IcmpVersion.V4, new byte[20], -1, 20)).isEmpty();
    }

    @Test
    void constructor_componentsDisagreeWithBytes_throws() {
        QuotedDatagram q = IcmpCodecGoldenTest.quotedEcho();

        assertThat(new QuotedDatagram(q.source(), q.destination(), 1, 64, q.bytes()))
                .isEqualTo(q);
        assertThatThrownBy(() -> new QuotedDatagram(q.source(), q.destination(), 1, 63, q.bytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> new QuotedDatagram(q.destination(), q.source(), 1, 64, q.bytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> new QuotedDatagram(q.source(), q.destination(), 1, 64, new byte[28]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bytes do not start with an IPv4 header");
        assertThatThrownBy(() -> new QuotedDatagram(q.source(), v6("::1"), 1, 64, q.bytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination ::1");
    }

    @Test
    void bytes_areCopiedInAndOut() {
        QuotedDatagram q = IcmpCodecGoldenTest.quotedEcho();
        byte[] b = q.bytes();
        b[25] = 99;

        assertThat(q.bytes()[25]).isEqualTo((byte) 0x34);
        assertThat(q).isEqualTo(IcmpCodecGoldenTest.quotedEcho()).hasSameHashCodeAs(IcmpCodecGoldenTest.quotedEcho());
        assertThat(q.toString()).contains("source=198.18.0.1", "bytes=45000020");
    }
}
