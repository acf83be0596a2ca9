package dev.icmpj.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * A well-formed ICMP message of a type this package does not model: timestamp, router advertisement,
 * neighbour solicitation, multicast listener report...
 *
 * <p>Immutable and thread-safe: the body is copied in and out and compared by content.
 *
 * @param version the ICMP version
 * @param type the type, 0..255, not one of the {@linkplain IcmpTypes#isModelled modelled types}
 * @param code the code, 0..255
 * @param body the bytes after the 4-byte header (type, code, checksum)
 */
public record OtherMessage(IcmpVersion version, int type, int code, byte[] body) implements IcmpMessage {

    /**
     * Checks the ranges and copies the body.
     *
     * @throws IllegalArgumentException if the type or code is out of range, or the type is modelled by
     *     another record (an echo or an error)
     */
    public OtherMessage {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(body, "body");
        Bytes.requireRange("type", type, 0, 255);
        Bytes.requireRange("code", code, 0, 255);
        if (IcmpTypes.isModelled(version, type)) {
            throw new IllegalArgumentException(Bytes.name(version) + " type " + type
                    + " has its own record; OtherMessage is for the types that have none");
        }
        body = body.clone();
    }

    /**
     * Returns a copy of the bytes after the 4-byte header.
     *
     * @return a new array
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String description() {
        return IcmpDescriptions.other(version, type, code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OtherMessage m
                && version == m.version
                && type == m.type
                && code == m.code
                && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, type, code, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "OtherMessage[version=" + version + ", type=" + type + ", code=" + code + ", body=" + Bytes.hex(body)
                + "]";
    }
}
