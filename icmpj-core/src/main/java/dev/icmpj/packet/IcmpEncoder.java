package dev.icmpj.packet;

import java.util.List;

/** Encodes {@link IcmpMessage}s to bytes; stateless. See {@link IcmpCodec#encode(IcmpMessage)}. */
final class IcmpEncoder {

    /** RFC 4884: with extensions, the original datagram field is zero-padded to at least 128 bytes. */
    static final int MIN_PADDED_ORIGINAL = 128;

    private static final int HEADER_LENGTH = 8;

    private IcmpEncoder() {}

    /** Encodes a message; the ICMPv4 checksum is filled in, the ICMPv6 one left 0. */
    static byte[] encode(IcmpMessage m) {
        byte[] b = switch (m) {
            case EchoRequest e -> echo(e.type(), e.identifier(), e.sequence(), e.payload());
            case EchoReply e -> echo(e.type(), e.identifier(), e.sequence(), e.payload());
            case DestinationUnreachable d -> error(d, d.nextHopMtu(), true);
            case TimeExceeded t -> error(t, 0, true);
            case ParameterProblem p ->
                p.version() == IcmpVersion.V4 ? error(p, (long) p.pointer() << 24, true) : error(p, p.pointer(), false);
            case Redirect r -> error(r, Bytes.u32(r.gateway().getAddress(), 0), false);
            case SourceQuench s -> error(s, 0, false);
            case PacketTooBig p -> error(p, p.mtu(), false);
            case OtherMessage o -> {
                byte[] body = o.body();
                yield withHeader(o.type(), o.code(), body, 4, 4 + body.length);
            }
            case UnparseableMessage u -> u.bytes();
        };
        if (m.version() == IcmpVersion.V4 && !(m instanceof UnparseableMessage)) {
            Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));
        }
        return b;
    }

    private static byte[] echo(int type, int identifier, int sequence, byte[] payload) {
        byte[] b = withHeader(type, 0, payload, HEADER_LENGTH, HEADER_LENGTH + payload.length);
        Bytes.put16(b, 4, identifier);
        Bytes.put16(b, 6, sequence);
        return b;
    }

    /**
     * Encodes an error: the header with {@code rest} in bytes 4..7, the quoted datagram and, if any, the
     * RFC 4884 extensions with the length attribute (ICMPv4: byte 5, 32-bit words; ICMPv6: byte 4, 64-bit
     * words).
     */
    private static byte[] error(IcmpErrorMessage m, long rest, boolean extensible) {
        byte[] quoted = m.quoted().bytesUnsafe();
        List<ExtensionObject> extensions = m.extensions();
        if (!extensible || extensions.isEmpty()) {
            byte[] b = withHeader(m.type(), m.code(), quoted, HEADER_LENGTH, HEADER_LENGTH + quoted.length);
            Bytes.put32(b, 4, rest);
            return b;
        }
        int word = m.version() == IcmpVersion.V4 ? 4 : 8;
        int padded = Math.max(MIN_PADDED_ORIGINAL, (quoted.length + word - 1) / word * word);
        if (padded / word > 0xFF) {
            throw new IllegalArgumentException("the quoted datagram is " + quoted.length + " bytes; with RFC 4884"
                    + " extensions an " + Bytes.name(m.version()) + " error can quote at most " + 0xFF * word);
        }
        byte[] structure = ExtensionStructure.encode(extensions);
        byte[] b = withHeader(m.type(), m.code(), quoted, HEADER_LENGTH, HEADER_LENGTH + padded + structure.length);
        Bytes.put32(b, 4, rest);
        b[m.version() == IcmpVersion.V4 ? 5 : 4] = (byte) (padded / word);
        System.arraycopy(structure, 0, b, HEADER_LENGTH + padded, structure.length);
        return b;
    }

    /** Allocates {@code length} bytes holding type, code and, at {@code bodyOffset}, the body. */
    private static byte[] withHeader(int type, int code, byte[] body, int bodyOffset, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) type;
        b[1] = (byte) code;
        System.arraycopy(body, 0, b, bodyOffset, body.length);
        return b;
    }
}
