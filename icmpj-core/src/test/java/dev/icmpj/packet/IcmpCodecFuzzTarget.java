package dev.icmpj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;

/**
 * The decoder's fuzz target, in the raw-bytes form Jazzer runs ({@code fuzzerTestOneInput(byte[])}); the
 * property tests feed it seeded random and mutated packets. Decodes the input as ICMPv4, ICMPv6 (with and
 * without checksum verification) and as an IPv4 datagram, and checks the invariants of whatever comes out.
 */
final class IcmpCodecFuzzTarget {

    private static final Inet6Address SOURCE = TestPackets.v6("fd00::1");
    private static final Inet6Address DESTINATION = TestPackets.v6("fd00::2");

    private IcmpCodecFuzzTarget() {}

    static void fuzzerTestOneInput(byte[] input) {
        for (IcmpVersion v : IcmpVersion.values()) {
            check(input, IcmpCodec.decode(v, input, 0, input.length));
        }
        check(input, IcmpCodec.decodeIcmpv6(input, 0, input.length, SOURCE, DESTINATION));
        Ipv4Datagram d = IcmpCodec.decodeIpv4(input, 0, input.length);
        if (d.header() == null) {
            assertThat(d.message()).isInstanceOf(UnparseableMessage.class);
        }
    }

    private static void check(byte[] input, IcmpMessage m) {
        assertThat(m.description()).isNotBlank();
        if (m instanceof UnparseableMessage u) {
            assertThat(u.bytes()).isEqualTo(input);
            return;
        }
        assertThat(m.type()).isEqualTo(input[0] & 0xFF);
        if (!(m instanceof PacketTooBig)) { // whose code the receiver ignores (RFC 4443 section 3.2)
            assertThat(m.code()).isEqualTo(input[1] & 0xFF);
        }
        if (m instanceof EchoReply reply) {
            // Equal but for the checksum field, which IcmpCodec.encode leaves 0 for ICMPv6 and which has two
            // representations of zero; an ICMPv4 reply must have come with a valid checksum.
            assertThat(withoutChecksum(IcmpCodec.encode(reply))).isEqualTo(withoutChecksum(input));
            if (m.version() == IcmpVersion.V4) {
                assertThat(InternetChecksum.compute(input, 0, input.length)).isZero();
            }
        }
        // A decoded message re-encodes to itself, except errors with extensions: after a quote truncated
        // below its declared length, the RFC 4884 padding cannot be told apart from the datagram.
        if (!(m instanceof IcmpErrorMessage e) || e.extensions().isEmpty()) {
            byte[] again = IcmpCodec.encode(m);
            assertThat(IcmpCodec.decode(m.version(), again, 0, again.length)).isEqualTo(m);
        }
    }

    private static byte[] withoutChecksum(byte[] b) {
        byte[] copy = b.clone();
        copy[2] = 0;
        copy[3] = 0;
        return copy;
    }
}
