package dev.icmpj.packet;

import java.util.Arrays;
import java.util.Objects;

/**
 * An RFC 4884 extension object this package does not interpret (e.g. RFC 5837 interface information), or an
 * MPLS label stack object whose payload is not a whole number of entries.
 *
 * <p>Immutable and thread-safe: the payload is copied in and out and compared by content.
 *
 * @param classNumber the class number, 0..255
 * @param classType the C-Type, 0..255
 * @param payload the object's payload (after its 4-byte header), at most 65531 bytes
 */
public record UnknownExtension(int classNumber, int classType, byte[] payload) implements ExtensionObject {

    /**
     * Checks the ranges and copies the payload.
     *
     * @throws IllegalArgumentException if a field is out of range, the payload is too long, or the object is an
     *     MPLS label stack (class 1, C-Type 1, a payload of whole 4-byte entries), which is a {@link MplsLabelStack}
     */
    public UnknownExtension {
        Objects.requireNonNull(payload, "payload");
        Bytes.requireRange("classNumber", classNumber, 0, 255);
        Bytes.requireRange("classType", classType, 0, 255);
        Bytes.requireRange("payload length", payload.length, 0, 0xFFFF - 4);
        if (classNumber == MplsLabelStack.CLASS_NUMBER
                && classType == MplsLabelStack.CLASS_TYPE
                && payload.length % 4 == 0) {
            throw new IllegalArgumentException("class 1, C-Type 1 with " + payload.length / 4
                    + " whole label stack entries is an MplsLabelStack, which it would decode as");
        }
        payload = payload.clone();
    }

    /**
     * Returns a copy of the payload.
     *
     * @return a new array
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownExtension e
                && classNumber == e.classNumber
                && classType == e.classType
                && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classNumber, classType, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "UnknownExtension[classNumber=" + classNumber + ", classType=" + classType + ", payload="
                + Bytes.hex(payload) + "]";
    }
}
