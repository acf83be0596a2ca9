package dev.icmpj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.util.Arrays;
import java.util.Optional;

/**
 * The decoder invariants, shared by the Jazzer {@code @FuzzTest}s ({@link Icmpv4DecodeFuzzTest},
 * {@link Icmpv6DecodeFuzzTest}, {@link Ipv4DatagramFuzzTest}, {@link QuotedDatagramFuzzTest}) and by the seeded
 * property tests, which feed {@link #fuzzerTestOneInput} random and mutated packets.
 *
 * <p>Each {@code check} method takes the exact bytes that were decoded and what came out, and fails with an
 * {@link AssertionError} when an invariant does not hold: unparseable keeps its bytes, type and code are the
 * first two bytes, what was parsed re-encodes to itself, a quoted datagram is a slice of the bytes...
 */
final class IcmpCodecFuzzTarget {

    /** The IPv6 pseudo-header addresses of the ICMPv6 checksum. */
    static final Inet6Address SOURCE = TestPackets.v6("fd00::1");

    static final Inet6Address DESTINATION = TestPackets.v6("fd00::2");

    /** How many bytes {@link #embedded} puts before the input, to check that offsets are honoured. */
    static final int EMBEDDING_OFFSET = 3;

    private IcmpCodecFuzzTarget() {}

    /** Decodes the input as ICMPv4, ICMPv6 (with and without checksum verification) and as an IPv4 datagram. */
    static void fuzzerTestOneInput(byte[] input) {
        for (IcmpVersion v : IcmpVersion.values()) {
            checkMessage(input, IcmpCodec.decode(v, input, 0, input.length));
        }
        checkMessage(input, IcmpCodec.decodeIcmpv6(input, 0, input.length, SOURCE, DESTINATION));
        checkIpv4Datagram(input, IcmpCodec.decodeIpv4(input, 0, input.length));
    }

    /** Checks a message decoded from exactly {@code input}. */
    static void checkMessage(byte[] input, IcmpMessage m) {
        assertThat(m.description()).isNotBlank();
        assertThat(m.toString()).isNotBlank();
        assertThat(m.hashCode()).isEqualTo(m.hashCode());
        if (m instanceof UnparseableMessage u) {
            assertThat(u.bytes()).isEqualTo(input);
            assertThat(u.reason()).isNotBlank();
            assertThat(IcmpCodec.encode(u)).isEqualTo(input);
            return;
        }
        assertThat(m.type()).isEqualTo(input[0] & 0xFF);
        if (!(m instanceof PacketTooBig)) { // whose code the receiver ignores (RFC 4443 section 3.2)
            assertThat(m.code()).isEqualTo(input[1] & 0xFF);
        }
        if (m.version() == IcmpVersion.V4) { // IcmpCodec.decode verifies the ICMPv4 checksum
            assertThat(InternetChecksum.compute(input, 0, input.length)).isZero();
        }
        switch (m) {
            // Equal but for the checksum field, which IcmpCodec.encode leaves 0 for ICMPv6 and which has two
            // representations of zero.
            case EchoRequest e ->
                assertThat(withoutChecksum(IcmpCodec.encode(e))).isEqualTo(withoutChecksum(input));
            case EchoReply e -> assertThat(withoutChecksum(IcmpCodec.encode(e))).isEqualTo(withoutChecksum(input));
            case OtherMessage o ->
                assertThat(withoutChecksum(IcmpCodec.encode(o))).isEqualTo(withoutChecksum(input));
            case IcmpErrorMessage e -> {
                byte[] quoted = e.quoted().bytes();
                assertThat(e.quoted().version()).isEqualTo(m.version());
                assertThat(Arrays.equals(input, 8, 8 + quoted.length, quoted, 0, quoted.length))
                        .as("the quoted datagram is the bytes after the 8-byte header")
                        .isTrue();
                checkQuoted(m.version(), quoted, 0, quoted.length, Optional.of(e.quoted()));
            }
            default -> throw new AssertionError("unexpected message " + m);
        }
        checkReencodes(m);
    }

    /**
     * A decoded message re-encodes to itself. An error with extensions re-encodes to a fixed point: after a quote
     * truncated below its declared length, the RFC 4884 zero padding cannot be told apart from the datagram, so
     * the first round trip may lengthen the quote with the padding, and nothing else.
     */
    static void checkReencodes(IcmpMessage m) {
        byte[] encoded = IcmpCodec.encode(m);
        IcmpMessage again = IcmpCodec.decode(m.version(), encoded, 0, encoded.length);
        if (m instanceof IcmpErrorMessage e
                && e.extensions().isEmpty()
                && again instanceof IcmpErrorMessage a
                && !a.extensions().isEmpty()) {
            checkLegacyExtensionLookalike(e, a);
            return;
        }
        if (!(m instanceof IcmpErrorMessage e) || e.extensions().isEmpty()) {
            assertThat(again).isEqualTo(m);
            return;
        }
        assertThat(again).isInstanceOf(IcmpErrorMessage.class);
        IcmpErrorMessage a = (IcmpErrorMessage) again;
        assertThat(a.type()).isEqualTo(e.type());
        assertThat(a.code()).isEqualTo(e.code());
        assertThat(a.extensions()).isEqualTo(e.extensions());
        assertThat(a.quoted().source()).isEqualTo(e.quoted().source());
        assertThat(a.quoted().destination()).isEqualTo(e.quoted().destination());
        assertThat(a.quoted().ttl()).isEqualTo(e.quoted().ttl());
        assertThat(a.quoted().bytes()).startsWith(e.quoted().bytes());
        assertThat(IcmpCodec.encode(a)).isEqualTo(encoded);
    }

    /**
     * The ambiguity of RFC 4884 section 5, documented by {@link IcmpCodec#encode(IcmpMessage)}: an ICMPv4 error
     * without extensions (as when its length attribute overran the message) whose quote holds, at byte 128, what
     * reads as a valid extension structure with a nonzero checksum, is encoded without length attribute and so
     * decodes as a message of a router predating RFC 4884: the first 128 bytes quoted, then those extensions.
     */
    private static void checkLegacyExtensionLookalike(IcmpErrorMessage m, IcmpErrorMessage again) {
        byte[] quoted = m.quoted().bytes();
        assertThat(m.version()).isEqualTo(IcmpVersion.V4);
        assertThat(quoted.length).isGreaterThanOrEqualTo(128 + 4);
        assertThat(again.type()).isEqualTo(m.type());
        assertThat(again.code()).isEqualTo(m.code());
        assertThat(again.quoted())
                .isEqualTo(QuotedDatagram.parse(IcmpVersion.V4, quoted, 0, 128).orElseThrow());
        checkReencodes(again);
    }

    /** Checks an IPv4 datagram decoded from exactly {@code input}, including the ICMP message in it. */
    static void checkIpv4Datagram(byte[] input, Ipv4Datagram d) {
        Ipv4Header h = d.header();
        assertThat(Ipv4Header.parse(input, 0, input.length)).isEqualTo(Optional.ofNullable(h));
        if (h == null) {
            assertThat(d.message()).isInstanceOf(UnparseableMessage.class);
            checkMessage(input, d.message());
            return;
        }
        int hl = h.headerLength();
        byte[] encoded = h.encode(); // options become zeros: compare the fixed part, but for the checksum
        assertThat(withoutIpv4Checksum(Arrays.copyOf(encoded, Ipv4Header.MIN_LENGTH)))
                .isEqualTo(withoutIpv4Checksum(Arrays.copyOf(input, Ipv4Header.MIN_LENGTH)));
        assertThat(Ipv4Header.parse(encoded, 0, encoded.length)).contains(h);
        boolean carriesIcmp =
                h.protocol() == IcmpVersion.V4.ipProtocol() && h.totalLength() >= hl && h.totalLength() <= input.length;
        byte[] icmp = Arrays.copyOfRange(input, hl, carriesIcmp ? h.totalLength() : input.length);
        if (!carriesIcmp) {
            assertThat(d.message()).isInstanceOf(UnparseableMessage.class);
        }
        checkMessage(icmp, d.message());
    }

    /**
     * Checks what {@link QuotedDatagram#parse} made of {@code b[off, off + len)}, a range inside {@code b}: a
     * datagram exactly when an IP header of the version parses there, holding a prefix of the range.
     */
    static void checkQuoted(IcmpVersion v, byte[] b, int off, int len, Optional<QuotedDatagram> parsed) {
        Optional<?> header = v == IcmpVersion.V4 ? Ipv4Header.parse(b, off, len) : Ipv6Header.parse(b, off, len);
        assertThat(parsed.isPresent())
                .as("parsed exactly when the header parses")
                .isEqualTo(header.isPresent());
        if (parsed.isEmpty()) {
            return;
        }
        QuotedDatagram q = parsed.get();
        byte[] bytes = q.bytes();
        assertThat(q.version()).isEqualTo(v);
        assertThat(bytes.length).isLessThanOrEqualTo(len);
        assertThat(Arrays.equals(b, off, off + bytes.length, bytes, 0, bytes.length))
                .as("the quoted datagram is a prefix of the range")
                .isTrue();
        assertThat(q.headerLength())
                .isBetween(v == IcmpVersion.V4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH, bytes.length);
        assertThat(new QuotedDatagram(q.source(), q.destination(), q.protocol(), q.ttl(), bytes))
                .isEqualTo(q);
        assertThat(QuotedDatagram.parse(v, bytes, 0, bytes.length)).contains(q);
        q.echoRequest().ifPresent(echo -> {
            assertThat(q.protocol()).isEqualTo(v.ipProtocol());
            byte[] icmp = Arrays.copyOfRange(bytes, q.headerLength(), bytes.length);
            assertThat(withoutChecksum(IcmpCodec.encode(echo))).isEqualTo(withoutChecksum(icmp));
        });
    }

    /** Returns the input with {@link #EMBEDDING_OFFSET} bytes before it and two after, all {@code 0xA5}. */
    static byte[] embedded(byte[] input) {
        byte[] b = new byte[EMBEDDING_OFFSET + input.length + 2];
        Arrays.fill(b, (byte) 0xA5);
        System.arraycopy(input, 0, b, EMBEDDING_OFFSET, input.length);
        return b;
    }

    /** Returns a copy of an ICMP message with its checksum field set right for ICMPv4; as is if too short. */
    static byte[] withIcmpv4Checksum(byte[] icmp) {
        byte[] b = icmp.clone();
        if (b.length >= 4) {
            Bytes.put16(b, 2, 0);
            Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));
        }
        return b;
    }

    /** Returns a copy of an ICMPv6 message with its checksum set right for {@link #SOURCE} and {@link #DESTINATION}. */
    static byte[] withIcmpv6Checksum(byte[] icmp) {
        byte[] b = icmp.clone();
        if (b.length >= 4) {
            Bytes.put16(b, 2, 0);
            Bytes.put16(b, 2, InternetChecksum.icmpv6(SOURCE, DESTINATION, b, 0, b.length));
        }
        return b;
    }

    private static byte[] withoutChecksum(byte[] icmp) {
        byte[] copy = icmp.clone();
        copy[2] = 0;
        copy[3] = 0;
        return copy;
    }

    private static byte[] withoutIpv4Checksum(byte[] header) {
        header[10] = 0;
        header[11] = 0;
        return header;
    }
}
