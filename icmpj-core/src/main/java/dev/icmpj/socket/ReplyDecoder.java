package dev.icmpj.socket;

import dev.icmpj.internal.linux.QueuedError;
import dev.icmpj.internal.linux.ReceivedDatagram;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.ExtensionObject;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpErrorMessage;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.Ipv4Datagram;
import dev.icmpj.packet.PacketTooBig;
import dev.icmpj.packet.ParameterProblem;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.packet.Redirect;
import dev.icmpj.packet.SourceQuench;
import dev.icmpj.packet.TimeExceeded;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns what a socket read into {@link IcmpReply}s: decodes with the packet codec and keeps only echo
 * replies with our identifier and errors quoting one of our echo requests.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the socket's ICMP version
 * @param raw true for a raw socket (IPv4: the data starts with the IP header)
 * @param identifier our echo identifier
 * @param localAddress our bound address (the wildcard when unbound), the source of quoted requests
 * @param sentTtl the TTL our requests leave with, for errors rebuilt from the error queue
 */
record ReplyDecoder(IcmpVersion version, boolean raw, int identifier, InetAddress localAddress, int sentTtl) {

    /** RFC 4884: the original datagram's length, IP header included, when an extension follows it. */
    private static final int ORIGINAL_DATAGRAM_WITH_EXTENSION = 128;

    /**
     * Decodes one datagram.
     *
     * @param d what the socket read
     * @return the reply, or empty when the datagram is not for us or does not decode
     */
    Optional<IcmpReply> decode(ReceivedDatagram d) {
        if (d.peer() == null) {
            return Optional.empty();
        }
        if (d.error() != null) {
            return fromErrorQueue(d, d.error());
        }
        byte[] data = d.data();
        if (raw && version == IcmpVersion.V4) {
            Ipv4Datagram ip = IcmpCodec.decodeIpv4(data, 0, data.length);
            if (ip.header() == null) {
                return Optional.empty();
            }
            int icmpBytes = data.length - ip.header().headerLength();
            return accept(ip.message(), d.peer(), icmpBytes, ip.header().ttl(), d);
        }
        return accept(IcmpCodec.decode(version, data, 0, data.length), d.peer(), data.length, d.ttl(), d);
    }

    private Optional<IcmpReply> accept(
            IcmpMessage message, InetAddress source, int bytes, int ttl, ReceivedDatagram d) {
        if (message instanceof EchoReply reply) {
            if (reply.identifier() != identifier) {
                return Optional.empty();
            }
            return Optional.of(new IcmpReply(
                    source,
                    source,
                    identifier,
                    reply.sequence(),
                    bytes,
                    ttl,
                    reply.payload(),
                    reply,
                    d.receivedAtEpochNanos(),
                    d.receivedAtMonotonicNanos()));
        }
        if (message instanceof IcmpErrorMessage error) {
            Optional<EchoRequest> quoted = error.quoted().echoRequest();
            if (quoted.isEmpty() || quoted.get().identifier() != identifier) {
                return Optional.empty();
            }
            return Optional.of(new IcmpReply(
                    source,
                    error.quoted().destination(),
                    identifier,
                    quoted.get().sequence(),
                    bytes,
                    ttl,
                    quoted.get().payload(),
                    error,
                    d.receivedAtEpochNanos(),
                    d.receivedAtMonotonicNanos()));
        }
        return Optional.empty();
    }

    /** A ping socket's error queue holds our original message; the error itself comes as type and code. */
    private Optional<IcmpReply> fromErrorQueue(ReceivedDatagram d, QueuedError e) {
        if (!e.fromIcmp() || (d.peer() instanceof Inet4Address) != (version == IcmpVersion.V4)) {
            return Optional.empty();
        }
        QuotedDatagram quoted;
        IcmpMessage message;
        byte[] data = d.data();
        // RFC 4884: an extension (an MPLS label stack) follows the original datagram zero-padded to 128 bytes;
        // the error queue gives the datagram from its ICMP header on, without the IP header of our request
        int extensionAt = ORIGINAL_DATAGRAM_WITH_EXTENSION - (version == IcmpVersion.V4 ? 20 : 40);
        List<ExtensionObject> extensions = List.of();
        if (data.length > extensionAt + 4) {
            Optional<List<ExtensionObject>> decoded =
                    IcmpCodec.decodeExtensions(data, extensionAt, data.length - extensionAt);
            if (decoded.isPresent()) {
                extensions = decoded.get();
                data = Arrays.copyOf(data, extensionAt);
            }
        }
        try {
            quoted = QuotedDatagram.ofIcmp(localAddress, d.peer(), version, sentTtl, data);
            message = errorMessage(e, quoted, extensions);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (message == null) {
            return Optional.empty();
        }
        InetAddress source = e.offender() != null ? e.offender() : d.peer();
        return accept(message, source, 8 + quoted.bytes().length, d.ttl(), d);
    }

    private IcmpMessage errorMessage(QueuedError e, QuotedDatagram quoted, List<ExtensionObject> extensions) {
        if (version == IcmpVersion.V4) {
            return switch (e.type()) {
                case 3 ->
                    new DestinationUnreachable(
                            version,
                            e.code(),
                            e.code() == DestinationUnreachable.CODE_FRAGMENTATION_NEEDED ? e.info() & 0xFFFF : 0,
                            quoted,
                            extensions);
                case 4 -> new SourceQuench(quoted);
                case 5 -> e.offender() instanceof Inet4Address gateway ? new Redirect(e.code(), gateway, quoted) : null;
                case 11 -> new TimeExceeded(version, e.code(), quoted, extensions);
                case 12 -> new ParameterProblem(version, e.code(), e.info() & 0xFF, quoted, List.of());
                default -> null;
            };
        }
        return switch (e.type()) {
            case 1 -> new DestinationUnreachable(version, e.code(), 0, quoted, extensions);
            case 2 -> new PacketTooBig(e.info(), quoted);
            case 3 -> new TimeExceeded(version, e.code(), quoted, extensions);
            case 4 -> new ParameterProblem(version, e.code(), e.info(), quoted, List.of());
            default -> null;
        };
    }
}
