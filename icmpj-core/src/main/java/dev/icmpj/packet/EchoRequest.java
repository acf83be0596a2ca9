package dev.icmpj.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * An ICMP echo request (ICMPv4 type 8, ICMPv6 type 128, code 0).
 *
 * <p>Immutable and thread-safe: the payload is copied in and out and compared by content.
 *
 * @param version the ICMP version
 * @param identifier the echo identifier, 0..65535
 * @param sequence the echo sequence number, 0..65535
 * @param payload the echo data (may be empty)
 */
public record EchoRequest(IcmpVersion version, int identifier, int sequence, byte[] payload) implements IcmpMessage {

    /**
     * Checks the ranges and copies the payload.
     *
     * @throws IllegalArgumentException if the identifier or the sequence is outside 0..65535
     */
    public EchoRequest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(payload, "payload");
        Bytes.requireRange("identifier", identifier, 0, 0xFFFF);
        Bytes.requireRange("sequence", sequence, 0, 0xFFFF);
        payload = payload.clone();
    }

    /**
     * Returns a copy of the echo data.
     *
     * @return a new array
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Returns the length of the echo data without copying it.
     *
     * @return the payload length in bytes
     */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * Tells whether the echo data equals the given bytes, without copying it.
     *
     * @param b the expected bytes
     * @param off where they start in {@code b}
     * @param len how many there are
     * @return true if the payload has exactly {@code len} bytes equal to {@code b[off, off + len)}
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public boolean payloadEquals(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        return Arrays.equals(payload, 0, payload.length, b, off, off + len);
    }

    @Override
    public int type() {
        return version.echoRequestType();
    }

    @Override
    public int code() {
        return 0;
    }

    @Override
    public String description() {
        return version == IcmpVersion.V4 ? "Echo Request" : "Echo request";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoRequest e
                && version == e.version
                && identifier == e.identifier
                && sequence == e.sequence
                && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, identifier, sequence, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "EchoRequest[version=" + version + ", identifier=" + identifier + ", sequence=" + sequence + ", payload="
                + Bytes.hex(payload) + "]";
    }
}
