package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecGoldenTest.ECHO_REQUEST_V4;
import static dev.icmpj.packet.IcmpCodecGoldenTest.quotedEcho;
import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v4;
import static dev.icmpj.packet.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Edge cases of {@link IcmpCodec}; see also the golden and property tests. */
class IcmpCodecTest {

    @Test
    void decode_truncated_isUnparseableWithReason() {
        assertThat(IcmpCodec.decode(IcmpVersion.V6, new byte[3], 0, 3))
                .isEqualTo(new UnparseableMessage(
                        IcmpVersion.V6, new byte[3], "truncated: 3 bytes, shorter than an ICMP header"));
        byte[] b = hex("81 00 0000 1234");
        assertThat(IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length))
                .isEqualTo(new UnparseableMessage(
                        IcmpVersion.V6, b, "truncated: 6 bytes, shorter than the 8-byte header of ICMPv6 type 129"));
    }

    @Test
    void decode_echoWithNonzeroCode_isUnparseable() {
        byte[] b = hex("81 01 0000 1234 0001");

        assertThat(IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length)).isInstanceOf(UnparseableMessage.class);
    }

    @Test
    void decode_packetTooBigWithNonzeroCode_ignoresTheCode() {
        QuotedDatagram q = QuotedDatagram.ofIcmp(v6("fd00::1"), v6("fd00::2"), IcmpVersion.V6, 1, new byte[8]);
        byte[] b = IcmpCodec.encode(new PacketTooBig(1280, q));
        b[1] = 9;

        assertThat(IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length)).isEqualTo(new PacketTooBig(1280, q));
    }

    @Test
    void isModelled_echoAndErrorTypesOnly() {
        assertThat(IntStream.range(0, 256).filter(t -> IcmpTypes.isModelled(IcmpVersion.V4, t)))
                .containsExactly(0, 3, 4, 5, 8, 11, 12);
        assertThat(IntStream.range(0, 256).filter(t -> IcmpTypes.isModelled(IcmpVersion.V6, t)))
                .containsExactly(1, 2, 3, 4, 128, 129);
    }

    @Test
    void decode_errorNotQuotingAnIpDatagram_isUnparseable() {
        byte[] b = hex("01 04 0000 00000000", "45000000"); // ICMPv6 error quoting 4 bytes of an IPv4 header

        assertThat(((UnparseableMessage) IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length)).reason())
                .isEqualTo("ICMPv6 type 1 does not quote an IPv6 datagram");
    }

    @Test
    void decode_rangeOutsideArray_throwsIndexOutOfBounds() {
        assertThatThrownBy(() -> IcmpCodec.decode(IcmpVersion.V4, new byte[8], 4, 8))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void decode_lengthAttributeOverrunningTheMessage_quotesEverythingWithoutExtensions() {
        byte[] b = IcmpCodec.encode(new TimeExceeded(IcmpVersion.V4, 0, quotedEcho(), List.of()));
        b[5] = 100; // 400 bytes of original datagram, but only 32 follow
        fixChecksum(b);

        TimeExceeded m = (TimeExceeded) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.quoted()).isEqualTo(quotedEcho());
        assertThat(m.extensions()).isEmpty();
    }

    @Test
    void decode_lengthAttributeBelow128Bytes_isIgnoredAndTheWholeQuoteKept() {
        for (int words : new int[] {1, 4, 5, 7, 31}) {
            byte[] b = IcmpCodec.encode(new DestinationUnreachable(IcmpVersion.V4, 3, 0, quotedEcho(), List.of()));
            b[5] = (byte) words; // a nonzero "unused" byte: 4 to 124 bytes, below the 128 that RFC 4884 requires
            fixChecksum(b);

            DestinationUnreachable m = (DestinationUnreachable) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

            assertThat(m.quoted()).as("length attribute %d", words).isEqualTo(quotedEcho());
            assertThat(m.quoted().echoRequest()).isPresent();
            assertThat(m.extensions()).isEmpty();
        }
        QuotedDatagram q = QuotedDatagram.ofIcmp(
                v6("fd00::1"),
                v6("fd00::2"),
                IcmpVersion.V6,
                1,
                IcmpCodec.encode(new EchoRequest(IcmpVersion.V6, 1, 2, new byte[8])));
        byte[] b = IcmpCodec.encode(new TimeExceeded(IcmpVersion.V6, 0, q, List.of()));
        b[4] = 6; // 48 bytes: short of 128

        assertThat(IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length))
                .isEqualTo(new TimeExceeded(IcmpVersion.V6, 0, q, List.of()));
    }

    @Test
    void decode_legacyExtensionsAt128WithoutLengthAttribute_areRead() {
        List<ExtensionObject> mpls = List.of(new MplsLabelStack(List.of(new MplsLabel(16000, 0, true, 1))));
        byte[] b = IcmpCodec.encode(new TimeExceeded(IcmpVersion.V4, 0, quotedEcho(), mpls));
        b[5] = 0; // a router predating RFC 4884: no length attribute
        fixChecksum(b);

        TimeExceeded m = (TimeExceeded) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.extensions()).isEqualTo(mpls);
        assertThat(m.quoted()).isEqualTo(quotedEcho());
    }

    @Test
    void decode_legacyExtensionsWithZeroChecksum_areNotBelieved() {
        byte[] b = IcmpCodec.encode(new TimeExceeded(
                IcmpVersion.V4,
                0,
                quotedEcho(),
                List.of(new MplsLabelStack(List.of(new MplsLabel(16000, 0, true, 1))))));
        b[5] = 0;
        Bytes.put16(b, 8 + 128 + 2, 0); // extension checksum: none
        fixChecksum(b);

        TimeExceeded m = (TimeExceeded) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.extensions()).isEmpty();
        assertThat(m.quoted()).isEqualTo(quotedEcho()); // trimmed to the quoted total length
    }

    @Test
    void encode_extensionsV6_padsTo128BytesIn64BitWords() {
        QuotedDatagram q = QuotedDatagram.ofIcmp(v6("fd00::1"), v6("fd00::2"), IcmpVersion.V6, 1, new byte[8]);
        TimeExceeded m = new TimeExceeded(IcmpVersion.V6, 0, q, List.of(new UnknownExtension(2, 3, new byte[] {7})));

        byte[] b = IcmpCodec.encode(m);

        assertThat(b[4]).isEqualTo((byte) 16); // 16 x 8 = 128 bytes
        assertThat(Arrays.copyOfRange(b, 8 + 128, b.length)).isEqualTo(hex("2000 d6f7", "0005 02 03 07"));
        assertThat(IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length)).isEqualTo(m);
    }

    @Test
    void encode_extensionsWithLongQuote_padsToTheNextWord() {
        QuotedDatagram q = QuotedDatagram.ofIcmp(v4("198.19.0.1"), v4("198.19.0.2"), IcmpVersion.V4, 1, new byte[131]);
        byte[] b = IcmpCodec.encode(
                new DestinationUnreachable(IcmpVersion.V4, 1, 0, q, List.of(new MplsLabelStack(List.of()))));

        assertThat(b[5]).isEqualTo((byte) 38); // 151 bytes padded to 152
        assertThat(b).hasSize(8 + 152 + 4 + 4);
    }

    @Test
    void encode_extensionsWithQuoteTooLongForTheLengthAttribute_throws() {
        QuotedDatagram q = QuotedDatagram.ofIcmp(v4("198.19.0.1"), v4("198.19.0.2"), IcmpVersion.V4, 1, new byte[1001]);
        TimeExceeded m = new TimeExceeded(IcmpVersion.V4, 0, q, List.of(new MplsLabelStack(List.of())));

        assertThatThrownBy(() -> IcmpCodec.encode(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1020");
    }

    @Test
    void encodeWithAddresses_v4Message_throws() {
        assertThatThrownBy(() ->
                        IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, 1, 1, new byte[0]), v6("::1"), v6("::1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeIpv4_echoRequestBehindHeader() {
        Ipv4Header h =
                new Ipv4Header(20, 0, 20 + ECHO_REQUEST_V4.length, 1, 0, 63, 1, v4("198.19.0.1"), v4("198.19.0.2"));
        byte[] b = Arrays.copyOf(h.encode(), 20 + ECHO_REQUEST_V4.length + 2); // 2 bytes past the total length
        System.arraycopy(ECHO_REQUEST_V4, 0, b, 20, ECHO_REQUEST_V4.length);

        Ipv4Datagram d = IcmpCodec.decodeIpv4(b, 0, b.length);

        assertThat(d.header()).isEqualTo(h);
        assertThat(d.message()).isEqualTo(new EchoRequest(IcmpVersion.V4, 0x1234, 1, "abcd".getBytes()));
    }

    @Test
    void decodeIpv4_garbage_hasNoHeaderAndAnUnparseableMessage() {
        Ipv4Datagram d = IcmpCodec.decodeIpv4(hex("60 00 00"), 0, 3);

        assertThat(d.header()).isNull();
        assertThat(d.message())
                .isEqualTo(new UnparseableMessage(IcmpVersion.V4, hex("60 00 00"), "truncated IPv4 header: 3 bytes"));
        assertThat(((UnparseableMessage)
                                IcmpCodec.decodeIpv4(new byte[20], 0, 20).message())
                        .reason())
                .isEqualTo("IP version 0, not 4");
    }

    @Test
    void decodeIpv4_inconsistentLengthsOrProtocol_keepsTheHeader() {
        Ipv4Header longer = new Ipv4Header(20, 0, 40, 1, 0, 63, 1, v4("198.19.0.1"), v4("198.19.0.2"));
        byte[] b = Arrays.copyOf(longer.encode(), 32);
        System.arraycopy(ECHO_REQUEST_V4, 0, b, 20, ECHO_REQUEST_V4.length);

        Ipv4Datagram d = IcmpCodec.decodeIpv4(b, 0, b.length);

        assertThat(d.header()).isEqualTo(longer);
        assertThat(((UnparseableMessage) d.message()).reason())
                .isEqualTo("IPv4 total length 40 disagrees with 32 bytes received");
        Ipv4Header udp = new Ipv4Header(20, 0, 32, 1, 0, 63, 17, v4("198.19.0.1"), v4("198.19.0.2"));
        byte[] u = Arrays.copyOf(udp.encode(), 32);
        assertThat(((UnparseableMessage) IcmpCodec.decodeIpv4(u, 0, 32).message()).reason())
                .isEqualTo("IP protocol 17 is not ICMP");
    }

    @Test
    void ipv4Datagram_noHeaderWithAParsedMessage_throws() {
        assertThatThrownBy(() -> new Ipv4Datagram(null, new EchoReply(IcmpVersion.V4, 1, 1, new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void fixChecksum(byte[] b) {
        Bytes.put16(b, 2, 0);
        Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));
    }
}
