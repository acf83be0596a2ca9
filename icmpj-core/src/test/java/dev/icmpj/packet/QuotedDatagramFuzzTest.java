package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecFuzzTarget.EMBEDDING_OFFSET;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.checkQuoted;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.embedded;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link QuotedDatagram#parse}, the quoted datagram of an ICMP error, as IPv4 and as IPv6: it never
 * throws, not even for a range that overruns the bytes (it is then empty), and what it parses is consistent.
 * See {@code icmpj-core/FUZZING.md}.
 */
class QuotedDatagramFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        byte[] e = embedded(input);
        for (IcmpVersion v : IcmpVersion.values()) {
            var q = QuotedDatagram.parse(v, input, 0, input.length);
            checkQuoted(v, input, 0, input.length, q);
            var inside = QuotedDatagram.parse(v, e, EMBEDDING_OFFSET, input.length);
            checkQuoted(v, e, EMBEDDING_OFFSET, input.length, inside);
            assertThat(inside).isEqualTo(q);

            assertThat(QuotedDatagram.parse(v, input, 1, input.length)).isEmpty();
            assertThat(QuotedDatagram.parse(v, input, -1, input.length)).isEmpty();
            assertThat(QuotedDatagram.parse(v, e, e.length, input.length)).isEmpty();
        }
    }
}
