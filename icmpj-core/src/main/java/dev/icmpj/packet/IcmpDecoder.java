package dev.icmpj.packet;

import java.util.Arrays;
import java.util.List;

/** Decodes ICMP messages; never throws for bytes in range. Stateless. See {@link IcmpCodec}. */
final class IcmpDecoder {

    private static final int HEADER_LENGTH = 8;
    /** Where ICMPv4 extensions without a length attribute start, after the 8-byte header. */
    private static final int LEGACY_EXTENSION_OFFSET = 128;

    private IcmpDecoder() {}

    /**
     * Decodes {@code b[off, off + len)}, whose checksum the caller has verified (or cannot verify).
     * The range must be inside {@code b}.
     */
    static IcmpMessage decode(IcmpVersion v, byte[] b, int off, int len) {
        if (len < 4) {
            return unparseable(v, b, off, len, "truncated: " + len + " bytes, shorter than an ICMP header");
        }
        int type = Bytes.u8(b, off);
        int code = Bytes.u8(b, off + 1);
        if (!IcmpTypes.isModelled(v, type)) {
            return new OtherMessage(v, type, code, Arrays.copyOfRange(b, off + 4, off + len));
        }
        if (len < HEADER_LENGTH) {
            return unparseable(
                    v,
                    b,
                    off,
                    len,
                    "truncated: " + len + " bytes, shorter than the 8-byte header of " + Bytes.name(v) + " type "
                            + type);
        }
        if (type == v.echoRequestType() || type == v.echoReplyType()) {
            return echo(v, b, off, len, type, code);
        }
        return error(v, b, off, len, type, code);
    }

    private static IcmpMessage echo(IcmpVersion v, byte[] b, int off, int len, int type, int code) {
        if (code != 0) {
            return unparseable(v, b, off, len, "echo message with code " + code + " (must be 0)");
        }
        int identifier = Bytes.u16(b, off + 4);
        int sequence = Bytes.u16(b, off + 6);
        byte[] payload = Arrays.copyOfRange(b, off + HEADER_LENGTH, off + len);
        return type == v.echoRequestType()
                ? new EchoRequest(v, identifier, sequence, payload)
                : new EchoReply(v, identifier, sequence, payload);
    }

    private static IcmpMessage error(IcmpVersion v, byte[] b, int off, int len, int type, int code) {
        boolean v4 = v == IcmpVersion.V4;
        boolean extensible = v4
                ? type == IcmpTypes.V4_DESTINATION_UNREACHABLE
                        || type == IcmpTypes.V4_TIME_EXCEEDED
                        || type == IcmpTypes.V4_PARAMETER_PROBLEM
                : type == IcmpTypes.V6_DESTINATION_UNREACHABLE || type == IcmpTypes.V6_TIME_EXCEEDED;
        int quotedLength = len - HEADER_LENGTH;
        List<ExtensionObject> extensions = List.of();
        int lengthAttribute = extensible ? (v4 ? Bytes.u8(b, off + 5) * 4 : Bytes.u8(b, off + 4) * 8) : 0;
        // RFC 4884 section 5: a length attribute that overruns the message means no extensions; so does one
        // below the 128 bytes of original datagram that section 4 requires with extensions (a nonzero "unused"
        // byte), which would otherwise cut the quote short of the IP header or the echo request in it.
        if (lengthAttribute >= IcmpEncoder.MIN_PADDED_ORIGINAL && lengthAttribute <= quotedLength) {
            quotedLength = lengthAttribute;
            int structure = off + HEADER_LENGTH + lengthAttribute;
            List<ExtensionObject> decoded = ExtensionStructure.decode(b, structure, off + len - structure);
            if (decoded != null) {
                extensions = decoded;
            }
        } else if (lengthAttribute == 0 && v4 && extensible && quotedLength >= LEGACY_EXTENSION_OFFSET + 4) {
            // RFC 4884 section 5.5: routers predating it put the structure after exactly 128 bytes, without a
            // length attribute. Only a structure with a nonzero, matching checksum and at least one object is
            // believed: an empty one is no evidence, and believing it would cut the quote to 128 bytes.
            int structure = off + HEADER_LENGTH + LEGACY_EXTENSION_OFFSET;
            List<ExtensionObject> decoded = Bytes.u16(b, structure + 2) == 0
                    ? null
                    : ExtensionStructure.decode(b, structure, off + len - structure);
            if (decoded != null && !decoded.isEmpty()) {
                extensions = decoded;
                quotedLength = LEGACY_EXTENSION_OFFSET;
            }
        }
        QuotedDatagram quoted =
                QuotedDatagram.parse(v, b, off + HEADER_LENGTH, quotedLength).orElse(null);
        if (quoted == null) {
            return unparseable(
                    v,
                    b,
                    off,
                    len,
                    Bytes.name(v) + " type " + type + " does not quote an " + (v4 ? "IPv4" : "IPv6") + " datagram");
        }
        long rest = Bytes.u32(b, off + 4);
        if (v4) {
            return switch (type) {
                case IcmpTypes.V4_DESTINATION_UNREACHABLE ->
                    new DestinationUnreachable(
                            v,
                            code,
                            code == DestinationUnreachable.CODE_FRAGMENTATION_NEEDED ? (int) rest & 0xFFFF : 0,
                            quoted,
                            extensions);
                case IcmpTypes.V4_TIME_EXCEEDED -> new TimeExceeded(v, code, quoted, extensions);
                case IcmpTypes.V4_PARAMETER_PROBLEM ->
                    new ParameterProblem(v, code, (int) (rest >>> 24), quoted, extensions);
                case IcmpTypes.V4_REDIRECT -> new Redirect(code, Bytes.inet4(b, off + 4), quoted);
                default ->
                    code == 0
                            ? new SourceQuench(quoted)
                            : unparseable(v, b, off, len, "source quench with code " + code + " (must be 0)");
            };
        }
        return switch (type) {
            case IcmpTypes.V6_DESTINATION_UNREACHABLE -> new DestinationUnreachable(v, code, 0, quoted, extensions);
            case IcmpTypes.V6_TIME_EXCEEDED -> new TimeExceeded(v, code, quoted, extensions);
            // RFC 4443 section 3.2: the receiver ignores the code of a packet too big.
            case IcmpTypes.V6_PACKET_TOO_BIG ->
                rest <= Integer.MAX_VALUE
                        ? new PacketTooBig((int) rest, quoted)
                        : unparseable(v, b, off, len, "packet too big with MTU " + rest + " out of range");
            default ->
                rest <= Integer.MAX_VALUE
                        ? new ParameterProblem(v, code, (int) rest, quoted, List.of())
                        : unparseable(v, b, off, len, "parameter problem pointer " + rest + " out of range");
        };
    }

    static UnparseableMessage unparseable(IcmpVersion v, byte[] b, int off, int len, String reason) {
        return new UnparseableMessage(v, Arrays.copyOfRange(b, off, off + len), reason);
    }
}
