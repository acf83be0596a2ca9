package dev.icmpj.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The original datagram quoted by an ICMP error: its IP header and as much of its payload as the sender of
 * the error quoted (RFC 792: at least 8 bytes; RFC 1812 and RFC 4443: as much as fits).
 *
 * <p>The components are redundant on purpose: {@code bytes} always starts with an IP header, and
 * {@code source}, {@code destination}, {@code protocol} and {@code ttl} are the values in it (the constructor
 * checks it). For IPv6 the protocol is the upper-layer one, found by walking the hop-by-hop, routing,
 * fragment, destination options and authentication extension headers, and the TTL is the hop limit.
 * Build one with {@link #parse} from an error's bytes, or with {@link #ofIcmp} from a ping socket's error
 * queue.
 *
 * <p>Immutable and thread-safe: the bytes are copied in and out and compared by content.
 *
 * @param source the quoted source address (normally ours)
 * @param destination the quoted destination address (the target we probed)
 * @param protocol the quoted upper-layer protocol: 1 for ICMP, 58 for ICMPv6, 17 for UDP...
 * @param ttl the quoted TTL or hop limit, as the datagram arrived at the sender of the error
 * @param bytes the quoted IP header followed by the quoted part of its payload
 */
public record QuotedDatagram(InetAddress source, InetAddress destination, int protocol, int ttl, byte[] bytes) {

    /**
     * Checks that {@code bytes} starts with an IP header holding the other components, and copies it.
     *
     * @throws IllegalArgumentException if the addresses are of different families, {@code bytes} does not
     *     start with a header of that family, or a component differs from the header
     */
    public QuotedDatagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
        Bytes.requireRange("protocol", protocol, 0, 255);
        Bytes.requireRange("ttl", ttl, 0, 255);
        IcmpVersion version = source instanceof Inet4Address ? IcmpVersion.V4 : IcmpVersion.V6;
        Bytes.requireVersion("destination", version, destination);
        Header h = Header.read(version, bytes, 0, bytes.length);
        if (h == null) {
            throw new IllegalArgumentException(
                    "bytes do not start with an " + (version == IcmpVersion.V4 ? "IPv4" : "IPv6") + " header");
        }
        if (!h.source.equals(source)
                || !h.destination.equals(destination)
                || h.protocol != protocol
                || h.ttl != ttl
                || h.end != bytes.length) {
            throw new IllegalArgumentException("the quoted IP header (" + h + ") does not match source "
                    + AddressText.of(source) + ", destination " + AddressText.of(destination) + ", protocol "
                    + protocol + ", ttl " + ttl + " or length " + bytes.length);
        }
    }

    /**
     * Parses the datagram quoted at {@code b[off, off + len)}. Bytes beyond the length the quoted IP header
     * declares (e.g. the zero padding of RFC 4884) are dropped, unless that length is smaller than the
     * header itself, which some stacks get wrong.
     *
     * @param version the ICMP version of the error, which fixes the IP version of the quoted datagram
     * @param b the bytes
     * @param off where the quoted datagram starts
     * @param len how many bytes were quoted
     * @return the quoted datagram, or empty when the bytes do not start with a valid IP header of that
     *     version or the range is not inside {@code b}; never throws
     */
    public static Optional<QuotedDatagram> parse(IcmpVersion version, byte[] b, int off, int len) {
        Objects.requireNonNull(version, "version");
        Header h = Header.read(version, b, off, len);
        return h == null
                ? Optional.empty()
                : Optional.of(new QuotedDatagram(
                        h.source, h.destination, h.protocol, h.ttl, Arrays.copyOfRange(b, off, off + h.end)));
    }

    /**
     * Builds the quoted datagram of an error that a ping socket's error queue ({@code MSG_ERRQUEUE}) reports:
     * the kernel hands back our original ICMP message without its IP header, so this synthesizes one (IPv4:
     * 20 bytes, no options, TOS, identification and flags 0; IPv6: traffic class and flow label 0) in front of
     * {@code icmpBytes}. {@link #echoRequest()} then works as for a quoted datagram parsed from the wire.
     *
     * @param source the source of the original datagram (our address)
     * @param destination its destination (the probed target)
     * @param version the ICMP version of the original message
     * @param ttl the TTL or hop limit the original datagram was sent with, 0..255
     * @param icmpBytes the original ICMP message
     * @return the quoted datagram
     * @throws IllegalArgumentException if an address is not of the family of {@code version}, the TTL is out
     *     of range, or the message is too long for one IP datagram
     */
    public static QuotedDatagram ofIcmp(
            InetAddress source, InetAddress destination, IcmpVersion version, int ttl, byte[] icmpBytes) {
        Objects.requireNonNull(version, "version");
        Bytes.requireVersion("source", version, source);
        Bytes.requireVersion("destination", version, destination);
        Bytes.requireRange("ttl", ttl, 0, 255);
        byte[] header;
        if (version == IcmpVersion.V4) {
            Bytes.requireRange("icmpBytes length", icmpBytes.length, 0, 0xFFFF - Ipv4Header.MIN_LENGTH);
            header = new Ipv4Header(
                            Ipv4Header.MIN_LENGTH,
                            0,
                            Ipv4Header.MIN_LENGTH + icmpBytes.length,
                            0,
                            0,
                            ttl,
                            version.ipProtocol(),
                            (Inet4Address) source,
                            (Inet4Address) destination)
                    .encode();
        } else {
            Bytes.requireRange("icmpBytes length", icmpBytes.length, 0, 0xFFFF);
            header = new Ipv6Header(
                            0, 0, icmpBytes.length, version.ipProtocol(), ttl, (Inet6Address) source, (Inet6Address)
                                    destination)
                    .encode();
        }
        byte[] bytes = Arrays.copyOf(header, header.length + icmpBytes.length);
        System.arraycopy(icmpBytes, 0, bytes, header.length, icmpBytes.length);
        return new QuotedDatagram(source, destination, version.ipProtocol(), ttl, bytes);
    }

    /**
     * Returns the IP version of the quoted datagram as the ICMP version that goes with it.
     *
     * @return {@link IcmpVersion#V4} for an IPv4 datagram, {@link IcmpVersion#V6} for IPv6
     */
    public IcmpVersion version() {
        return source instanceof Inet4Address ? IcmpVersion.V4 : IcmpVersion.V6;
    }

    /**
     * Returns the length of the quoted IP header: IPv4 with its options, IPv6 with the extension headers
     * before the upper-layer protocol (or as far as they were quoted).
     *
     * @return where the upper-layer payload starts in {@link #bytes()}
     */
    public int headerLength() {
        return version() == IcmpVersion.V4 ? (bytes[0] & 0x0F) * 4 : (int) (walkIpv6(bytes, 0, bytes.length) >>> 8);
    }

    /**
     * Returns the quoted echo request, when the quoted datagram is one: its protocol is ICMP (IPv4) or ICMPv6
     * (IPv6) and at least the 8-byte header of an echo request of code 0 was quoted.
     *
     * @return the echo request, whose payload is what was quoted of it (possibly truncated); or empty
     */
    public Optional<EchoRequest> echoRequest() {
        IcmpVersion version = version();
        int h = headerLength();
        if (protocol != version.ipProtocol()
                || bytes.length - h < 8
                || Bytes.u8(bytes, h) != version.echoRequestType()
                || bytes[h + 1] != 0) {
            return Optional.empty();
        }
        return Optional.of(new EchoRequest(
                version,
                Bytes.u16(bytes, h + 4),
                Bytes.u16(bytes, h + 6),
                Arrays.copyOfRange(bytes, h + 8, bytes.length)));
    }

    /**
     * Returns a copy of the quoted bytes.
     *
     * @return a new array: the IP header and the quoted part of its payload
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Returns the quoted bytes without copying them, for the encoder. */
    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuotedDatagram q
                && source.equals(q.source)
                && destination.equals(q.destination)
                && protocol == q.protocol
                && ttl == q.ttl
                && Arrays.equals(bytes, q.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, destination, protocol, ttl, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "QuotedDatagram[source=" + AddressText.of(source) + ", destination=" + AddressText.of(destination)
                + ", protocol=" + protocol + ", ttl=" + ttl + ", bytes=" + Bytes.hex(bytes) + "]";
    }

    /**
     * The fields of a quoted IP header.
     *
     * @param end the length of the quoted datagram, trimmed to the length its header declares
     */
    private record Header(InetAddress source, InetAddress destination, int protocol, int ttl, int end) {

        /** Reads the header at {@code b[off, off + len)}; null if there is no valid one. */
        static Header read(IcmpVersion version, byte[] b, int off, int len) {
            if (version == IcmpVersion.V4) {
                Ipv4Header h = Ipv4Header.parse(b, off, len).orElse(null);
                if (h == null) {
                    return null;
                }
                int end = h.totalLength() >= h.headerLength() ? Math.min(len, h.totalLength()) : len;
                return new Header(h.source(), h.destination(), h.protocol(), h.ttl(), end);
            }
            Ipv6Header h = Ipv6Header.parse(b, off, len).orElse(null);
            if (h == null) {
                return null;
            }
            int end = Math.min(len, Ipv6Header.LENGTH + h.payloadLength());
            int protocol = (int) walkIpv6(b, off, end) & 0xFF;
            return new Header(h.source(), h.destination(), protocol, h.hopLimit(), end);
        }
    }

    /**
     * Walks the IPv6 extension headers of a quoted datagram starting with a 40-byte IPv6 header.
     *
     * @return the header length shifted left by 8, or-ed with the upper-layer protocol (the last next header
     *     reached when the extension headers are truncated)
     */
    private static long walkIpv6(byte[] b, int off, int len) {
        int next = Bytes.u8(b, off + 6);
        int at = Ipv6Header.LENGTH;
        while (len - at >= 8) {
            int length = switch (next) {
                case 0, 43, 60 -> (Bytes.u8(b, off + at + 1) + 1) * 8; // hop-by-hop, routing, destination options
                case 44 -> 8; // fragment
                case 51 -> (Bytes.u8(b, off + at + 1) + 2) * 4; // authentication header
                default -> -1;
            };
            if (length < 0 || length > len - at) {
                break;
            }
            next = Bytes.u8(b, off + at);
            at += length;
        }
        return (long) at << 8 | next;
    }
}
