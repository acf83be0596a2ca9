package dev.icmpj.packet;

import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    @Test
    void compute_rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to 0x2ddf0, folded 0xddf2, complement 0x220d.
        byte[] b = hex("00 01 f2 03 f4 f5 f6 f7");

        assertThat(InternetChecksum.compute(b, 0, b.length)).isEqualTo(0x220d);
    }

    @Test
    void compute_overDataWithItsChecksum_isZero() {
        byte[] b = hex("00 01 f2 03 f4 f5 f6 f7 22 0d");

        assertThat(InternetChecksum.compute(b, 0, b.length)).isZero();
    }

    @Test
    void compute_oddLength_padsTheLastByteWithZero() {
        // 0x0102 + 0x0300 = 0x0402, complement 0xfbfd
        assertThat(InternetChecksum.compute(hex("01 02 03"), 0, 3)).isEqualTo(0xfbfd);
    }

    @Test
    void compute_range_sumsOnlyThatRange() {
        byte[] b = hex("ff ff 00 01 f2 03 f4 f5 f6 f7 ff");

        assertThat(InternetChecksum.compute(b, 2, 8)).isEqualTo(0x220d);
    }

    @Test
    void compute_allZeros_isFfff() {
        assertThat(InternetChecksum.compute(new byte[8], 0, 8)).isEqualTo(0xffff);
        assertThat(InternetChecksum.compute(new byte[0], 0, 0)).isEqualTo(0xffff);
    }

    @Test
    void compute_carriesManyTimes() {
        byte[] b = new byte[65536];
        java.util.Arrays.fill(b, (byte) 0xff);

        // 32768 words of 0xffff: the one's complement sum is 0xffff, its complement 0
        assertThat(InternetChecksum.compute(b, 0, b.length)).isZero();
    }

    @Test
    void compute_rangeOutsideArray_throws() {
        assertThatThrownBy(() -> InternetChecksum.compute(new byte[4], 2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void icmpv6_echoRequestOnLoopback() {
        // pseudo-header ::1 -> ::1, length 8, next header 58: 0001 + 0001 + 0008 + 003a = 0x0044;
        // message 8000 0000 1234 0001: 0x9235; total 0x9279, complement 0x6d86
        byte[] b = hex("80 00 00 00 12 34 00 01");

        assertThat(InternetChecksum.icmpv6(v6("::1"), v6("::1"), b, 0, b.length))
                .isEqualTo(0x6d86);
    }

    @Test
    void icmpv6_overMessageWithItsChecksum_isZero() {
        byte[] b = hex("80 00 6d 86 12 34 00 01");

        assertThat(InternetChecksum.icmpv6(v6("::1"), v6("::1"), b, 0, b.length))
                .isZero();
        assertThat(InternetChecksum.icmpv6(v6("::1"), v6("fd00::1"), b, 0, b.length))
                .isNotZero();
    }
}
