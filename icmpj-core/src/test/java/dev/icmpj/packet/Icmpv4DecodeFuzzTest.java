package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecFuzzTarget.EMBEDDING_OFFSET;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.checkMessage;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.embedded;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.withIcmpv4Checksum;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link IcmpCodec#decode} of ICMPv4 messages (without IP header). The fuzzer cannot forge a checksum,
 * so each input is decoded twice: as it is (almost always a checksum mismatch) and with its checksum set
 * right, which lets the fuzzer reach the parsing behind it. See {@code icmpj-core/FUZZING.md}.
 */
class Icmpv4DecodeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        checkMessage(input, IcmpCodec.decode(IcmpVersion.V4, input, 0, input.length));

        byte[] valid = withIcmpv4Checksum(input);
        IcmpMessage m = IcmpCodec.decode(IcmpVersion.V4, valid, 0, valid.length);
        checkMessage(valid, m);
        assertThat(IcmpCodec.decode(IcmpVersion.V4, embedded(valid), EMBEDDING_OFFSET, valid.length))
                .isEqualTo(m);
    }
}
