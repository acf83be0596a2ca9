package dev.icmpj.packet;

import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v4;
import static dev.icmpj.packet.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built packets, field by field from RFC 792, RFC 4443, RFC 4884 and RFC 4950. */
class IcmpCodecGoldenTest {

    static final byte[] ECHO_REQUEST_V4 = hex(
            "08", // type 8: echo request
            "00", // code 0
            "2104", // checksum: ~(0800 + 1234 + 0001 + 6162 + 6364) = ~defb
            "1234", // identifier
            "0001", // sequence
            "61626364"); // payload "abcd"

    /** An IPv4 header 198.18.0.1 -> 198.18.0.2, total length 32, id 0xabcd, DF, TTL 64, protocol ICMP. */
    static final String QUOTED_IPV4_HEADER = "45 00 0020 abcd 4000 40 01 02e8 c6120001 c6120002";

    @Test
    void encode_echoRequestV4() {
        EchoRequest m = new EchoRequest(IcmpVersion.V4, 0x1234, 1, "abcd".getBytes());

        assertThat(IcmpCodec.encode(m)).isEqualTo(ECHO_REQUEST_V4);
        assertThat(IcmpCodec.decode(IcmpVersion.V4, ECHO_REQUEST_V4, 0, ECHO_REQUEST_V4.length))
                .isEqualTo(m);
    }

    @Test
    void decode_echoReplyV4() {
        byte[] b = hex(
                "00", // type 0: echo reply
                "00", // code
                "2904", // checksum: ~(0000 + 1234 + 0001 + 6162 + 6364) = ~d6fb
                "1234 0001", // identifier, sequence
                "61626364"); // payload

        EchoReply m = new EchoReply(IcmpVersion.V4, 0x1234, 1, "abcd".getBytes());
        assertThat(IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length)).isEqualTo(m);
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_atOffset_readsOnlyTheRange() {
        byte[] b = new byte[ECHO_REQUEST_V4.length + 7];
        System.arraycopy(ECHO_REQUEST_V4, 0, b, 3, ECHO_REQUEST_V4.length);

        assertThat(IcmpCodec.decode(IcmpVersion.V4, b, 3, ECHO_REQUEST_V4.length))
                .isEqualTo(new EchoRequest(IcmpVersion.V4, 0x1234, 1, "abcd".getBytes()));
    }

    @Test
    void decode_badChecksumV4_isUnparseable() {
        byte[] b = ECHO_REQUEST_V4.clone();
        b[9] ^= 1;

        IcmpMessage m = IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m).isInstanceOf(UnparseableMessage.class);
        assertThat(((UnparseableMessage) m).reason()).isEqualTo("checksum mismatch");
        assertThat(m.type()).isEqualTo(8);
        assertThat(m.description()).isEqualTo("unparseable ICMP message: checksum mismatch");
    }

    @Test
    void echoV6_withAndWithoutChecksum() {
        byte[] request = hex(
                "80", // type 128: echo request
                "00", // code
                "6d86", // checksum over the pseudo-header ::1 -> ::1 (see InternetChecksumTest)
                "1234 0001"); // identifier, sequence; no payload
        byte[] reply = hex("81 00 6c86 1234 0001"); // type 129: echo reply, checksum ~(9279 + 0100)
        EchoRequest req = new EchoRequest(IcmpVersion.V6, 0x1234, 1, new byte[0]);
        EchoReply rep = new EchoReply(IcmpVersion.V6, 0x1234, 1, new byte[0]);

        assertThat(IcmpCodec.encode(req)).isEqualTo(hex("80 00 0000 1234 0001"));
        assertThat(IcmpCodec.encode(req, v6("::1"), v6("::1"))).isEqualTo(request);
        assertThat(IcmpCodec.encode(rep, v6("::1"), v6("::1"))).isEqualTo(reply);
        assertThat(IcmpCodec.decode(IcmpVersion.V6, reply, 0, reply.length)).isEqualTo(rep);
        assertThat(IcmpCodec.decodeIcmpv6(reply, 0, reply.length, v6("::1"), v6("::1")))
                .isEqualTo(rep);
        assertThat(IcmpCodec.decodeIcmpv6(reply, 0, reply.length, v6("fd00::1"), v6("::1")))
                .isEqualTo(new UnparseableMessage(IcmpVersion.V6, reply, "checksum mismatch"));
    }

    @Test
    void decode_destinationPortUnreachableQuotingEcho() {
        byte[] b = hex(
                "03", // type 3: destination unreachable
                "03", // code 3: port unreachable
                "fcfc", // checksum
                "00 00 0000", // unused, length attribute 0, next-hop MTU unused
                QUOTED_IPV4_HEADER,
                "08 00 2104 1234 0001 61626364"); // the quoted echo request, whole
        DestinationUnreachable m = (DestinationUnreachable) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.code()).isEqualTo(3);
        assertThat(m.description()).isEqualTo("Destination Port Unreachable");
        assertThat(m.nextHopMtu()).isZero();
        assertThat(m.extensions()).isEmpty();
        QuotedDatagram q = m.quoted();
        assertThat(q.source()).isEqualTo(v4("198.18.0.1"));
        assertThat(q.destination()).isEqualTo(v4("198.18.0.2"));
        assertThat(q.protocol()).isEqualTo(1);
        assertThat(q.ttl()).isEqualTo(64);
        assertThat(q.headerLength()).isEqualTo(20);
        assertThat(q.bytes()).hasSize(32);
        assertThat(q.echoRequest()).contains(new EchoRequest(IcmpVersion.V4, 0x1234, 1, "abcd".getBytes()));
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_timeExceededWithMplsLabelStack() {
        byte[] b = hex(
                "0b", // type 11: time exceeded
                "00", // code 0: TTL exceeded in transit
                "f4df", // checksum
                "00", // unused
                "20", // RFC 4884 length attribute: 32 words = 128 bytes of original datagram
                "0000", // unused
                // original datagram: IPv4 198.18.0.1 -> 198.19.0.1, total length 28, id 1, TTL 1, ICMP
                "45 00 001c 0001 0000 01 01 2db9 c6120001 c6130001",
                "08 00 e5c9 1234 0002", // the quoted echo request, sequence 2, no payload
                "00".repeat(100), // zero padding to 128 bytes
                "2000", // extension header: version 2, reserved
                "da0d", // extension checksum
                "0008", // object length 8
                "01", // class 1: MPLS label stack (RFC 4950)
                "01", // C-Type 1: incoming MPLS label stack
                "03e80101"); // label 16000, traffic class 0, bottom of stack, TTL 1
        TimeExceeded m = (TimeExceeded) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.description()).isEqualTo("Time to live exceeded");
        assertThat(m.extensions()).containsExactly(new MplsLabelStack(List.of(new MplsLabel(16000, 0, true, 1))));
        assertThat(m.quoted().bytes()).hasSize(28); // the padding is not part of the datagram
        assertThat(m.quoted().ttl()).isEqualTo(1);
        assertThat(m.quoted().echoRequest()).contains(new EchoRequest(IcmpVersion.V4, 0x1234, 2, new byte[0]));
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_timeExceededWithBadExtensionChecksum_keepsTheMessageWithoutExtensions() {
        byte[] b = IcmpCodec.encode(new TimeExceeded(
                IcmpVersion.V4,
                0,
                quotedEcho(),
                List.of(new MplsLabelStack(List.of(new MplsLabel(16000, 0, true, 1))))));
        b[b.length - 1] ^= 1; // corrupt the label's TTL: the extension checksum no longer matches
        Bytes.put16(b, 2, 0); // and keep the ICMP checksum right
        Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));

        TimeExceeded m = (TimeExceeded) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.extensions()).isEmpty();
        assertThat(m.quoted()).isEqualTo(quotedEcho());
    }

    @Test
    void decode_packetTooBig() {
        byte[] b = hex(
                "02", // type 2: packet too big
                "00", // code 0
                "0000", // checksum (left to the kernel)
                "00000500", // MTU 1280
                // quoted IPv6 header: version 6, traffic class 0, flow label 0, payload length 8,
                // next header 58, hop limit 64, fd00:db8::1 -> fd00:db8::2
                "60000000 0008 3a 40",
                "fd000db8000000000000000000000001",
                "fd000db8000000000000000000000002",
                "80 00 0000 1234 0003"); // the quoted echo request, sequence 3
        PacketTooBig m = (PacketTooBig) IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length);

        assertThat(m.mtu()).isEqualTo(1280);
        assertThat(m.description()).isEqualTo("Packet too big: mtu=1280");
        assertThat(m.quoted().destination()).isEqualTo(v6("fd00:db8::2"));
        assertThat(m.quoted().protocol()).isEqualTo(58);
        assertThat(m.quoted().ttl()).isEqualTo(64);
        assertThat(m.quoted().echoRequest()).contains(new EchoRequest(IcmpVersion.V6, 0x1234, 3, new byte[0]));
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_parameterProblemV4() {
        byte[] b = hex(
                "0c", // type 12: parameter problem
                "00", // code 0: pointer indicates the error
                "dfff", // checksum
                "14", // pointer 20
                "00 0000", // length attribute 0, unused
                QUOTED_IPV4_HEADER,
                "08 00 2104 1234 0001 61626364");
        ParameterProblem m = (ParameterProblem) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m.pointer()).isEqualTo(20);
        assertThat(m.description()).isEqualTo("Parameter problem: pointer = 20");
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_parameterProblemV6() {
        byte[] b = hex(
                "04", // type 4: parameter problem
                "01", // code 1: unrecognized next header
                "0000", // checksum
                "00000006", // pointer 6: the next header field
                "60000000 0008 fd 40", // quoted IPv6 header with next header 253 (experimental)
                "fd000db8000000000000000000000001",
                "fd000db8000000000000000000000002",
                "0102030405060708");
        ParameterProblem m = (ParameterProblem) IcmpCodec.decode(IcmpVersion.V6, b, 0, b.length);

        assertThat(m.pointer()).isEqualTo(6);
        assertThat(m.quoted().protocol()).isEqualTo(253);
        assertThat(m.quoted().echoRequest()).isEmpty();
        assertThat(m.description()).isEqualTo("Parameter problem: Unknown header at 6");
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    @Test
    void decode_fragmentationNeeded_readsNextHopMtu() {
        byte[] b = IcmpCodec.encode(new DestinationUnreachable(IcmpVersion.V4, 4, 1400, quotedEcho(), List.of()));

        assertThat(b).startsWith(hex("03 04")).containsSequence(hex("0000 0578"));
        DestinationUnreachable m = (DestinationUnreachable) IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);
        assertThat(m.nextHopMtu()).isEqualTo(1400);
        assertThat(m.description()).isEqualTo("Frag needed and DF set (mtu = 1400)");
    }

    @Test
    void decode_redirect() {
        Redirect r = new Redirect(1, v4("198.18.0.254"), quotedEcho());
        byte[] b = IcmpCodec.encode(r);

        assertThat(b).startsWith(hex("05 01")).containsSequence(hex("c61200fe 45"));
        assertThat(IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length)).isEqualTo(r);
        assertThat(r.description()).isEqualTo("Redirect Host (New nexthop: 198.18.0.254)");
    }

    @Test
    void decode_otherMessage_timestamp() {
        byte[] b = hex("0d 00 0000 1234 0001", "00000001 00000000 00000000"); // type 13: timestamp
        Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));

        IcmpMessage m = IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length);

        assertThat(m).isEqualTo(new OtherMessage(IcmpVersion.V4, 13, 0, hex("1234 0001 00000001 00000000 00000000")));
        assertThat(m.description()).isEqualTo("Timestamp");
        assertThat(IcmpCodec.encode(m)).isEqualTo(b);
    }

    /** The quoted datagram of {@link #QUOTED_IPV4_HEADER} and the echo request above. */
    static QuotedDatagram quotedEcho() {
        return QuotedDatagram.parse(IcmpVersion.V4, hex(QUOTED_IPV4_HEADER, "08 00 2104 1234 0001 61626364"), 0, 32)
                .orElseThrow();
    }
}
