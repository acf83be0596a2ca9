package dev.icmpj.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 4884 ICMP extension structure: a 4-byte header (version 2, reserved, checksum) followed by
 * objects, each a 4-byte header (length, class number, C-Type) and a payload; stateless.
 */
final class ExtensionStructure {

    /** The extension structure version of RFC 4884. */
    private static final int VERSION = 2;

    private static final int HEADER_LENGTH = 4;

    private ExtensionStructure() {}

    /**
     * Encodes an extension structure with its checksum.
     *
     * @throws IllegalArgumentException if an object is longer than its 16-bit length field allows
     */
    static byte[] encode(List<ExtensionObject> objects) {
        int length = HEADER_LENGTH;
        for (ExtensionObject o : objects) {
            length += objectLength(o);
        }
        byte[] b = new byte[length];
        b[0] = (byte) (VERSION << 4);
        int at = HEADER_LENGTH;
        for (ExtensionObject o : objects) {
            int objectLength = objectLength(o);
            Bytes.put16(b, at, objectLength);
            b[at + 2] = (byte) o.classNumber();
            b[at + 3] = (byte) o.classType();
            switch (o) {
                case MplsLabelStack s -> {
                    for (int i = 0; i < s.labels().size(); i++) {
                        Bytes.put32(b, at + 4 + 4 * i, s.labels().get(i).entry());
                    }
                }
                case UnknownExtension u -> System.arraycopy(u.payload(), 0, b, at + 4, objectLength - 4);
            }
            at += objectLength;
        }
        Bytes.put16(b, 2, InternetChecksum.compute(b, 0, length));
        return b;
    }

    /**
     * Decodes the extension structure at {@code b[off, off + len)}.
     *
     * @return the objects, or null if the structure is invalid: not version 2, a checksum mismatch (a zero
     *     checksum means none was sent), or an object length that is below 4 or overruns the bytes
     */
    static List<ExtensionObject> decode(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH || Bytes.u8(b, off) >>> 4 != VERSION) {
            return null;
        }
        if (Bytes.u16(b, off + 2) != 0 && InternetChecksum.compute(b, off, len) != 0) {
            return null;
        }
        List<ExtensionObject> objects = new ArrayList<>(2);
        int end = off + len;
        for (int at = off + HEADER_LENGTH; at < end; ) {
            int objectLength = end - at >= 4 ? Bytes.u16(b, at) : 0;
            if (objectLength < 4 || objectLength > end - at) {
                return null;
            }
            objects.add(object(b, at, objectLength));
            at += objectLength;
        }
        return List.copyOf(objects);
    }

    private static ExtensionObject object(byte[] b, int at, int objectLength) {
        int classNumber = Bytes.u8(b, at + 2);
        int classType = Bytes.u8(b, at + 3);
        int payloadLength = objectLength - 4;
        if (classNumber == MplsLabelStack.CLASS_NUMBER
                && classType == MplsLabelStack.CLASS_TYPE
                && payloadLength % 4 == 0) {
            MplsLabel[] labels = new MplsLabel[payloadLength / 4];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = MplsLabel.ofEntry(Bytes.u32(b, at + 4 + 4 * i));
            }
            return new MplsLabelStack(List.of(labels));
        }
        byte[] payload = new byte[payloadLength];
        System.arraycopy(b, at + 4, payload, 0, payloadLength);
        return new UnknownExtension(classNumber, classType, payload);
    }

    private static int objectLength(ExtensionObject o) {
        int length = 4
                + switch (o) {
                    case MplsLabelStack s -> 4 * s.labels().size();
                    case UnknownExtension u -> u.payload().length;
                };
        Bytes.requireRange("extension object length", length, 4, 0xFFFF);
        return length;
    }
}
