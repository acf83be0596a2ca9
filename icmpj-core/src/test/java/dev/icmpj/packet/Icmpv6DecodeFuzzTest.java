package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecFuzzTarget.DESTINATION;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.EMBEDDING_OFFSET;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.SOURCE;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.checkMessage;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.embedded;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.withIcmpv6Checksum;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the ICMPv6 decoders: {@link IcmpCodec#decode} (no checksum verification, as on a socket where the
 * kernel verified it) and {@link IcmpCodec#decodeIcmpv6} (pseudo-header checksum verified), on the input as it
 * is and with its checksum set right; both must agree on a message with a right checksum. See
 * {@code icmpj-core/FUZZING.md}.
 */
class Icmpv6DecodeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        IcmpMessage m = IcmpCodec.decode(IcmpVersion.V6, input, 0, input.length);
        checkMessage(input, m);
        assertThat(IcmpCodec.decode(IcmpVersion.V6, embedded(input), EMBEDDING_OFFSET, input.length))
                .isEqualTo(m);
        checkMessage(input, IcmpCodec.decodeIcmpv6(input, 0, input.length, SOURCE, DESTINATION));

        byte[] valid = withIcmpv6Checksum(input);
        IcmpMessage verified = IcmpCodec.decodeIcmpv6(valid, 0, valid.length, SOURCE, DESTINATION);
        checkMessage(valid, verified);
        assertThat(verified).isEqualTo(IcmpCodec.decode(IcmpVersion.V6, valid, 0, valid.length));
        assertThat(IcmpCodec.decodeIcmpv6(embedded(valid), EMBEDDING_OFFSET, valid.length, SOURCE, DESTINATION))
                .isEqualTo(verified);
    }
}
