package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecFuzzTarget.EMBEDDING_OFFSET;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.checkIpv4Datagram;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.embedded;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.withIcmpv4Checksum;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzzes {@link IcmpCodec#decodeIpv4} with raw IPv4 datagrams, as a raw IPv4 socket delivers them. When the
 * input starts with an IPv4 header whose total length fits, the ICMP checksum of the message in it is also
 * set right, so that the fuzzer reaches the ICMP parsing. See {@code icmpj-core/FUZZING.md}.
 */
class Ipv4DatagramFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodeIpv4(byte[] input) {
        byte[] b = withInnerChecksum(input);
        Ipv4Datagram d = IcmpCodec.decodeIpv4(b, 0, b.length);
        checkIpv4Datagram(b, d);
        assertThat(IcmpCodec.decodeIpv4(embedded(b), EMBEDDING_OFFSET, b.length))
                .isEqualTo(d);
    }

    private static byte[] withInnerChecksum(byte[] input) {
        Ipv4Header h = Ipv4Header.parse(input, 0, input.length).orElse(null);
        if (h == null || h.totalLength() < h.headerLength() || h.totalLength() > input.length) {
            return input;
        }
        byte[] icmp = withIcmpv4Checksum(Arrays.copyOfRange(input, h.headerLength(), h.totalLength()));
        byte[] b = input.clone();
        System.arraycopy(icmp, 0, b, h.headerLength(), icmp.length);
        return b;
    }
}
