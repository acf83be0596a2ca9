package dev.icmpj.packet;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 header (RFC 791), without the content of its options.
 *
 * <p>Immutable and thread-safe.
 *
 * @param headerLength the header length in bytes (IHL &times; 4): 20..60, a multiple of 4
 * @param tos the type of service byte (DSCP and ECN), 0..255
 * @param totalLength the total length of the datagram in bytes, header included, 0..65535
 * @param identification the identification, 0..65535
 * @param flagsAndFragmentOffset the flags (3 bits, DF = 0x4000, MF = 0x2000) and fragment offset (13 bits)
 * @param ttl the time to live, 0..255
 * @param protocol the payload's protocol (1 for ICMP), 0..255
 * @param source the source address
 * @param destination the destination address
 */
public record Ipv4Header(
        int headerLength,
        int tos,
        int totalLength,
        int identification,
        int flagsAndFragmentOffset,
        int ttl,
        int protocol,
        Inet4Address source,
        Inet4Address destination) {

    /** The length of a header without options. */
    public static final int MIN_LENGTH = 20;

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public Ipv4Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Bytes.requireRange("headerLength", headerLength, MIN_LENGTH, 60);
        if (headerLength % 4 != 0) {
            throw new IllegalArgumentException("headerLength is " + headerLength + "; it must be a multiple of 4");
        }
        Bytes.requireRange("tos", tos, 0, 255);
        Bytes.requireRange("totalLength", totalLength, 0, 0xFFFF);
        Bytes.requireRange("identification", identification, 0, 0xFFFF);
        Bytes.requireRange("flagsAndFragmentOffset", flagsAndFragmentOffset, 0, 0xFFFF);
        Bytes.requireRange("ttl", ttl, 0, 255);
        Bytes.requireRange("protocol", protocol, 0, 255);
    }

    /**
     * Parses the IPv4 header at the start of {@code b[off, off + len)}. Neither the header checksum nor the
     * total length is checked against the bytes: a header quoted by an ICMP error comes with a truncated
     * datagram.
     *
     * @param b the bytes
     * @param off where the header starts
     * @param len how many bytes are available
     * @return the header, or empty if the version is not 4, the IHL is below 5, or the bytes are shorter
     *     than the header; also empty if the range is not inside {@code b}
     */
    public static Optional<Ipv4Header> parse(byte[] b, int off, int len) {
        if (off < 0 || len < MIN_LENGTH || len > b.length - off || Bytes.u8(b, off) >>> 4 != 4) {
            return Optional.empty();
        }
        int headerLength = (b[off] & 0x0F) * 4;
        if (headerLength < MIN_LENGTH || headerLength > len) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Header(
                headerLength,
                Bytes.u8(b, off + 1),
                Bytes.u16(b, off + 2),
                Bytes.u16(b, off + 4),
                Bytes.u16(b, off + 6),
                Bytes.u8(b, off + 8),
                Bytes.u8(b, off + 9),
                Bytes.inet4(b, off + 12),
                Bytes.inet4(b, off + 16)));
    }

    /**
     * Encodes this header with its checksum computed; options, if {@code headerLength} is above 20, are
     * zero bytes (end of option list).
     *
     * @return {@code headerLength} bytes
     */
    public byte[] encode() {
        byte[] b = new byte[headerLength];
        b[0] = (byte) (0x40 | headerLength / 4);
        b[1] = (byte) tos;
        Bytes.put16(b, 2, totalLength);
        Bytes.put16(b, 4, identification);
        Bytes.put16(b, 6, flagsAndFragmentOffset);
        b[8] = (byte) ttl;
        b[9] = (byte) protocol;
        System.arraycopy(source.getAddress(), 0, b, 12, 4);
        System.arraycopy(destination.getAddress(), 0, b, 16, 4);
        Bytes.put16(b, 10, InternetChecksum.compute(b, 0, b.length));
        return b;
    }
}
