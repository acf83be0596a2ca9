package dev.icmpj.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link IcmpCodec} decodes bytes that are not a valid ICMP message to: too short, a bad checksum, an
 * error quoting something that is not an IP datagram...
 *
 * <p>Immutable and thread-safe: the bytes are copied in and out and compared by content.
 *
 * @param version the ICMP version the bytes were decoded as
 * @param bytes the bytes that were decoded
 * @param reason why they are not a valid message, e.g. {@code "checksum mismatch"}
 */
public record UnparseableMessage(IcmpVersion version, byte[] bytes, String reason) implements IcmpMessage {

    /** Checks presence and copies the bytes. */
    public UnparseableMessage {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(reason, "reason");
        bytes = bytes.clone();
    }

    /**
     * Returns a copy of the bytes that were decoded.
     *
     * @return a new array
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the first byte, where an ICMP message has its type.
     *
     * @return 0..255, or -1 when there are no bytes
     */
    @Override
    public int type() {
        return bytes.length > 0 ? Bytes.u8(bytes, 0) : -1;
    }

    /**
     * Returns the second byte, where an ICMP message has its code.
     *
     * @return 0..255, or -1 when there are fewer than two bytes
     */
    @Override
    public int code() {
        return bytes.length > 1 ? Bytes.u8(bytes, 1) : -1;
    }

    @Override
    public String description() {
        return "unparseable ICMP message: " + reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnparseableMessage m
                && version == m.version
                && Arrays.equals(bytes, m.bytes)
                && reason.equals(m.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, Arrays.hashCode(bytes), reason);
    }

    @Override
    public String toString() {
        return "UnparseableMessage[version=" + version + ", bytes=" + Bytes.hex(bytes) + ", reason=" + reason + "]";
    }
}
