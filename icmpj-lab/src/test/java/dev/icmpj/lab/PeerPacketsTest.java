package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerPacketsTest {
    /** 198.18.0.1 -> 198.18.200.7, TTL 63, echo request id 0x1234 seq 1, payload 00..0f. */
    private static final byte[] V4_REQUEST = HexFormat.of()
            .parseHex("4500002c0000400040" + "01" + "0000" + "c6120001" + "c612c807" + "0800" + "0000" + "1234" + "0001"
                    + "000102030405060708090a0b0c0d0e0f");
    /** fd00::1 -> fd00:200::7, hop limit 64, echo request id 0x1234 seq 1, payload 00..0f. */
    private static final byte[] V6_REQUEST = HexFormat.of()
            .parseHex("6000000000183a40" + "fd000000000000000000000000000001" + "fd000200000000000000000000000007"
                    + "8000" + "0000" + "1234" + "0001" + "000102030405060708090a0b0c0d0e0f");

    static {
        V4_REQUEST[8] = 63;
        putChecksum(V4_REQUEST, 10, ones(V4_REQUEST, 0, 20, 0));
        putChecksum(V4_REQUEST, 22, ones(V4_REQUEST, 20, 24, 0));
        putChecksum(V6_REQUEST, 42, ones(V6_REQUEST, 40, 24, pseudo(V6_REQUEST)));
    }

    @Test
    void parse_v4EchoRequest_fields() throws Exception {
        ReceivedProbe p = parse(V4_REQUEST).info();
        assertThat(p)
                .isEqualTo(new ReceivedProbe(
                        IcmpVersion.V4,
                        InetAddress.getByName("198.18.0.1"),
                        InetAddress.getByName("198.18.200.7"),
                        0x1234,
                        1,
                        16,
                        63,
                        42L));
    }

    @Test
    void parse_v6EchoRequest_fields() throws Exception {
        ReceivedProbe p = parse(V6_REQUEST).info();
        assertThat(p)
                .isEqualTo(new ReceivedProbe(
                        IcmpVersion.V6,
                        InetAddress.getByName("fd00::1"),
                        InetAddress.getByName("fd00:200::7"),
                        0x1234,
                        1,
                        16,
                        64,
                        42L));
    }

    @Test
    void parse_echoReply_ignored() {
        byte[] reply = V4_REQUEST.clone();
        reply[20] = 0;
        assertThat(PeerPackets.parse(reply, reply.length, 0)).isNull();
    }

    @Test
    void answer_reply_v4SwapsAddressesWithValidChecksums() {
        byte[] r = single(V4_REQUEST, PeerAction.reply());
        assertThat(HexFormat.of().formatHex(r, 12, 20)).isEqualTo("c612c807c6120001");
        assertThat(r[20]).isEqualTo((byte) 0);
        assertThat(ones(r, 0, 20, 0)).isZero();
        assertThat(ones(r, 20, r.length - 20, 0)).isZero();
        assertThat(HexFormat.of().formatHex(r, 24, r.length)).isEqualTo("12340001000102030405060708090a0b0c0d0e0f");
    }

    @Test
    void answer_reply_v6ChecksumCoversPseudoHeader() {
        byte[] r = single(V6_REQUEST, PeerAction.reply());
        assertThat(r[40] & 0xff).isEqualTo(129);
        assertThat(ones(r, 40, r.length - 40, pseudo(r))).isZero();
    }

    @Test
    void answer_corruptChecksum_invalidInBothVersions() {
        byte[] v4 = single(V4_REQUEST, PeerAction.corruptChecksum());
        byte[] v6 = single(V6_REQUEST, PeerAction.corruptChecksum());
        assertThat(ones(v4, 20, v4.length - 20, 0)).isNotZero();
        assertThat(ones(v6, 40, v6.length - 40, pseudo(v6))).isNotZero();
        assertThat(ones(v4, 0, 20, 0)).isZero();
    }

    @Test
    void answer_truncate_shortValidMessage() {
        byte[] r = single(V4_REQUEST, PeerAction.truncate(10));
        assertThat(r).hasSize(30);
        assertThat((r[2] & 0xff) << 8 | r[3] & 0xff).isEqualTo(30);
        assertThat(ones(r, 20, 10, 0)).isZero();
    }

    @Test
    void answer_timeExceededWithMpls_rfc4884Layout() {
        byte[] r = single(V4_REQUEST, PeerAction.timeExceeded(0).withMplsLabels(List.of(16, 1048575)));
        assertThat(r).hasSize(20 + 8 + 128 + 4 + 4 + 8);
        assertThat(r[20]).isEqualTo((byte) 11);
        assertThat(r[25]).isEqualTo((byte) 32);
        assertThat(HexFormat.of().formatHex(r, 28, 28 + V4_REQUEST.length))
                .isEqualTo(HexFormat.of().formatHex(V4_REQUEST));
        int ext = 20 + 8 + 128;
        assertThat(HexFormat.of().formatHex(r, ext, r.length))
                .isEqualTo(
                        "2000" + HexFormat.of().formatHex(r, ext + 2, ext + 4) + "000c0101" + "00010001" + "fffff101");
        assertThat(ones(r, ext, r.length - ext, 0)).isZero();
        assertThat(ones(r, 20, r.length - 20, 0)).isZero();
    }

    @Test
    void answer_packetTooBigV6_mtuAndWholeProbeQuoted() {
        byte[] r = single(V6_REQUEST, PeerAction.packetTooBig(1280));
        assertThat(r[40]).isEqualTo((byte) 2);
        assertThat(HexFormat.of().formatHex(r, 44, 48)).isEqualTo("00000500");
        assertThat(HexFormat.of().formatHex(r, 48, r.length))
                .isEqualTo(HexFormat.of().formatHex(V6_REQUEST));
        assertThat(ones(r, 40, r.length - 40, pseudo(r))).isZero();
    }

    @Test
    void answer_quotingOtherProbe_identifierPlusOneChecksumValid() {
        byte[] r = single(V4_REQUEST, PeerAction.unreachable(1).quotingOtherProbe());
        assertThat(HexFormat.of().formatHex(r, 28 + 24, 28 + 26)).isEqualTo("1235");
        assertThat(ones(r, 28 + 20, V4_REQUEST.length - 20, 0)).isZero();
    }

    @Test
    void answer_flood_unrelatedRepliesThenTheReply() {
        List<byte[]> out = PeerPackets.answer(parse(V4_REQUEST), PeerAction.flood(3), new FlowPaths());
        assertThat(out).hasSize(4);
        assertThat(HexFormat.of().formatHex(out.get(1), 24, 28)).isEqualTo("edcb0001");
        assertThat(HexFormat.of().formatHex(out.get(3), 24, 28)).isEqualTo("12340001");
    }

    private static PeerPackets.Probe parse(byte[] packet) {
        return PeerPackets.parse(packet, packet.length, 42L);
    }

    private static byte[] single(byte[] request, PeerAction action) {
        List<byte[]> out = PeerPackets.answer(parse(request), action, new FlowPaths());
        assertThat(out).hasSize(1);
        return out.getFirst();
    }

    private static int pseudo(byte[] v6) {
        int sum = 0;
        for (int i = 8; i < 40; i += 2) {
            sum += (v6[i] & 0xff) << 8 | v6[i + 1] & 0xff;
        }
        return sum + (v6.length - 40) + 58;
    }

    /** The one's complement of the one's complement sum: 0 over a region whose checksum is right. */
    private static int ones(byte[] b, int offset, int length, int initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            sum += (b[offset + i] & 0xff) << 8 | (i + 1 < length ? b[offset + i + 1] & 0xff : 0);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static void putChecksum(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }
}
