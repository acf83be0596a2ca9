package dev.icmpj.packet;

import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes {@link IcmpMessage}s to the bytes of an ICMP message and decodes them back.
 *
 * <p>Decoding never throws for bytes inside the given range: what is not a valid message decodes to an
 * {@link UnparseableMessage} naming the reason. The range itself must be inside the array (an
 * {@link IndexOutOfBoundsException} otherwise, as for any other programming error).
 *
 * <p>Stateless and thread-safe.
 */
public final class IcmpCodec {

    private IcmpCodec() {}

    /**
     * Encodes a message. ICMPv4: the checksum is filled in. ICMPv6: the checksum field is left 0, as raw and
     * ping sockets have the kernel fill it; use {@link #encode(IcmpMessage, Inet6Address, Inet6Address)} to
     * write it to a TUN device. An error with RFC 4884 extensions gets the length attribute, its quoted
     * datagram zero-padded to at least 128 bytes (and to a multiple of 4 bytes for ICMPv4, 8 for ICMPv6), then
     * the extension structure (version 2, checksum filled in). An {@link UnparseableMessage} encodes to its
     * bytes unchanged.
     *
     * <p>{@link #decode} of the bytes gives the message back, with two exceptions that RFC 4884 makes
     * ambiguous. An error with extensions whose quoted datagram is shorter than its IP header declares (or
     * whose header declares less than its own length) decodes with the zero padding as part of the quote. An
     * ICMPv4 error without extensions that quotes more than 128 bytes, of which the bytes from 128 on read as
     * an extension structure with a valid nonzero checksum, is encoded, as RFC 4884 asks, without length
     * attribute, and so decodes as from a router that predates RFC 4884 (section 5): 128 bytes quoted, followed
     * by those extensions.
     *
     * @param m the message
     * @return a new array holding the ICMP message, without IP header
     * @throws IllegalArgumentException if an error with extensions quotes more than the length attribute can
     *     describe (1020 bytes for ICMPv4, 2040 for ICMPv6), or an extension object exceeds 65535 bytes
     */
    public static byte[] encode(IcmpMessage m) {
        Objects.requireNonNull(m, "m");
        return IcmpEncoder.encode(m);
    }

    /**
     * Encodes an ICMPv6 message with its checksum computed over the IPv6 pseudo-header of the given addresses.
     *
     * @param m the ICMPv6 message
     * @param source the IPv6 source address the message will be sent from
     * @param destination the IPv6 destination address
     * @return a new array holding the ICMPv6 message, without IP header (an {@link UnparseableMessage}'s bytes
     *     unchanged)
     * @throws IllegalArgumentException if the message is not ICMPv6, or as for {@link #encode(IcmpMessage)}
     */
    public static byte[] encode(IcmpMessage m, Inet6Address source, Inet6Address destination) {
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (m.version() != IcmpVersion.V6) {
            throw new IllegalArgumentException("only an ICMPv6 message has a pseudo-header checksum");
        }
        byte[] b = IcmpEncoder.encode(m);
        if (!(m instanceof UnparseableMessage)) {
            Bytes.put16(b, 2, InternetChecksum.icmpv6(source, destination, b, 0, b.length));
        }
        return b;
    }

    /**
     * Decodes the ICMP message at {@code b[off, off + len)} (without IP header). ICMPv4: the checksum is
     * verified (a mismatch gives an {@link UnparseableMessage} with reason {@code "checksum mismatch"}).
     * ICMPv6: the checksum is not verified, since that needs the addresses (the kernel verifies it on raw
     * ICMPv6 and ping sockets); see {@link #decodeIcmpv6}. RFC 4884 extensions of time exceeded,
     * destination unreachable and ICMPv4 parameter problem messages are decoded when the length attribute is
     * set (to at least the 128 bytes RFC 4884 requires) and the extension structure is valid; otherwise the
     * message is kept without them, quoting everything after its header. An ICMPv4 error without length
     * attribute whose quote has a valid extension structure with a nonzero checksum at byte 128 is read as
     * coming from a router that predates RFC 4884 (RFC 4884 section 5.5).
     *
     * @param v the ICMP version
     * @param b the bytes
     * @param off where the message starts
     * @param len its length
     * @return the message; never null, never throws for a range inside {@code b}
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public static IcmpMessage decode(IcmpVersion v, byte[] b, int off, int len) {
        Objects.requireNonNull(v, "v");
        Objects.checkFromIndexSize(off, len, b.length);
        if (v == IcmpVersion.V4 && len >= 4 && InternetChecksum.compute(b, off, len) != 0) {
            return IcmpDecoder.unparseable(v, b, off, len, "checksum mismatch");
        }
        return IcmpDecoder.decode(v, b, off, len);
    }

    /**
     * Decodes the ICMPv6 message at {@code b[off, off + len)}, verifying its checksum over the IPv6
     * pseudo-header of the given addresses (a mismatch gives an {@link UnparseableMessage} with reason
     * {@code "checksum mismatch"}).
     *
     * @param b the bytes
     * @param off where the message starts
     * @param len its length
     * @param source the IPv6 source address the message came from
     * @param destination the IPv6 destination address it was sent to
     * @return the message; never null, never throws for a range inside {@code b}
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public static IcmpMessage decodeIcmpv6(byte[] b, int off, int len, Inet6Address source, Inet6Address destination) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.checkFromIndexSize(off, len, b.length);
        if (len >= 4 && InternetChecksum.icmpv6(source, destination, b, off, len) != 0) {
            return IcmpDecoder.unparseable(IcmpVersion.V6, b, off, len, "checksum mismatch");
        }
        return IcmpDecoder.decode(IcmpVersion.V6, b, off, len);
    }

    /**
     * Decodes an RFC 4884 extension structure (version 2, checksum checked when set) with its objects, such as
     * an RFC 4950 MPLS label stack: for ICMP errors whose header is gone, as a ping socket's error queue gives
     * them (the structure then follows the zero-padded original datagram).
     *
     * @param b the bytes
     * @param off where the structure starts
     * @param len its length, to the end of the message
     * @return the objects, or empty when the bytes are not a valid structure
     */
    public static Optional<List<ExtensionObject>> decodeExtensions(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        return Optional.ofNullable(ExtensionStructure.decode(b, off, len));
    }

    /**
     * Decodes an IPv4 datagram carrying an ICMP message, as a raw IPv4 socket delivers it: the IP header
     * (version 4, IHL at least 5, total length at least the header length and at most {@code len}; bytes past
     * the total length are ignored) and the ICMP message in it, decoded as by {@link #decode}.
     *
     * @param b the bytes
     * @param off where the datagram starts
     * @param len how many bytes were received
     * @return the datagram; if the bytes do not start with a valid IPv4 header, its header is null and its
     *     message an {@link UnparseableMessage} holding all the bytes; if the header is valid but the
     *     protocol is not ICMP or the lengths disagree, the header is set and the message is an
     *     {@link UnparseableMessage} holding the bytes after the header. Never throws for a range inside
     *     {@code b}
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public static Ipv4Datagram decodeIpv4(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        Ipv4Header h = Ipv4Header.parse(b, off, len).orElse(null);
        if (h == null) {
            String reason = len < Ipv4Header.MIN_LENGTH
                    ? "truncated IPv4 header: " + len + " bytes"
                    : Bytes.u8(b, off) >>> 4 != 4
                            ? "IP version " + (Bytes.u8(b, off) >>> 4) + ", not 4"
                            : "IPv4 header length " + (b[off] & 0x0F) * 4 + " does not fit " + len + " bytes";
            return new Ipv4Datagram(null, IcmpDecoder.unparseable(IcmpVersion.V4, b, off, len, reason));
        }
        int hl = h.headerLength();
        if (h.protocol() != IcmpVersion.V4.ipProtocol()) {
            return new Ipv4Datagram(
                    h,
                    IcmpDecoder.unparseable(
                            IcmpVersion.V4, b, off + hl, len - hl, "IP protocol " + h.protocol() + " is not ICMP"));
        }
        if (h.totalLength() < hl || h.totalLength() > len) {
            return new Ipv4Datagram(
                    h,
                    IcmpDecoder.unparseable(
                            IcmpVersion.V4,
                            b,
                            off + hl,
                            len - hl,
                            "IPv4 total length " + h.totalLength() + " disagrees with " + len + " bytes received"));
        }
        return new Ipv4Datagram(h, decode(IcmpVersion.V4, b, off + hl, h.totalLength() - hl));
    }
}
