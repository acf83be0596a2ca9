package dev.icmpj.packet;

import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v4;
import static dev.icmpj.packet.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpHeaderTest {

    @Test
    void ipv4Encode_computesTheHeaderChecksum() {
        Ipv4Header h = new Ipv4Header(20, 0, 32, 0xabcd, 0x4000, 64, 1, v4("198.18.0.1"), v4("198.18.0.2"));

        assertThat(h.encode()).isEqualTo(hex(IcmpCodecGoldenTest.QUOTED_IPV4_HEADER));
        assertThat(Ipv4Header.parse(h.encode(), 0, 20)).contains(h);
    }

    @Test
    void ipv4EncodeWithOptions_padsWithEndOfOptionList() {
        Ipv4Header h = new Ipv4Header(28, 0xb8, 28, 1, 0, 1, 17, v4("198.19.0.1"), v4("198.19.0.2"));
        byte[] b = h.encode();

        assertThat(b).hasSize(28).startsWith(hex("47 b8 001c"));
        assertThat(InternetChecksum.compute(b, 0, b.length)).isZero();
        assertThat(Ipv4Header.parse(b, 0, b.length)).contains(h);
    }

    @Test
    void ipv4Parse_garbage_isEmpty() {
        byte[] b = new Ipv4Header(24, 0, 24, 1, 0, 1, 1, v4("198.19.0.1"), v4("198.19.0.2")).encode();

        assertThat(Ipv4Header.parse(b, 0, 23)).isEmpty();
        assertThat(Ipv4Header.parse(b, 0, 30)).isEmpty();
        b[0] = 0x55;
        assertThat(Ipv4Header.parse(b, 0, 24)).isEmpty();
    }

    @Test
    void ipv4_outOfRange_throwsNamingTheField() {
        assertThatThrownBy(() -> new Ipv4Header(22, 0, 0, 0, 0, 0, 0, v4("198.19.0.1"), v4("198.19.0.2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headerLength is 22; it must be a multiple of 4");
        assertThatThrownBy(() -> new Ipv4Header(20, 0, 65536, 0, 0, 0, 0, v4("198.19.0.1"), v4("198.19.0.2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("totalLength is 65536; it must be between 0 and 65535");
    }

    @Test
    void ipv6_encodeAndParse() {
        Ipv6Header h = new Ipv6Header(0xb8, 0xfedcb, 8, 58, 255, v6("fd00::1"), v6("fd00::2"));
        byte[] b = h.encode();

        assertThat(b).startsWith(hex("6b 8f edcb 0008 3a ff fd00"));
        assertThat(Ipv6Header.parse(b, 0, b.length)).contains(h);
        assertThat(Ipv6Header.parse(b, 0, 39)).isEmpty();
        b[0] = 0x4b;
        assertThat(Ipv6Header.parse(b, 0, 40)).isEmpty();
    }

    @Test
    void ipv6_ipv4MappedAddress_staysAnInet6Address() {
        byte[] b = new Ipv6Header(0, 0, 0, 58, 1, v6("::1"), v6("::1")).encode();
        b[18] = (byte) 0xff; // source ::ffff:198.18.0.1 (::ffff:c612:1)
        b[19] = (byte) 0xff;
        b[20] = (byte) 0xc6;
        b[21] = (byte) 0x12;

        assertThat(Ipv6Header.parse(b, 0, 40).orElseThrow().source().getHostAddress())
                .isEqualTo("0:0:0:0:0:ffff:c612:1");
    }

    @Test
    void ipv6_outOfRange_throwsNamingTheField() {
        assertThatThrownBy(() -> new Ipv6Header(0, 0x100000, 0, 58, 1, v6("fd00::1"), v6("fd00::2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flowLabel is 1048576; it must be between 0 and 1048575");
    }
}
