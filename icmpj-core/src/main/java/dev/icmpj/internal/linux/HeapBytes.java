package dev.icmpj.internal.linux;

import java.nio.ByteOrder;

/**
 * Reads and writes integers in byte arrays: in network order for packet fields, in the platform's order for
 * the kernel's structs. The rings copy what the kernel wrote into arrays in bulk and parse them with these
 * rather than reading native memory field by field: in a cold JVM each {@code MemorySegment} access shape
 * runs interpreted through a chain of method handles and waits for its own compilations, while these are a
 * few shifts (measured: a cold /16 sweep spent its first 150 ms sending slowly in that interpreted code).
 *
 * <p>Stateless and thread-safe.
 */
final class HeapBytes {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private HeapBytes() {}

    /** An unsigned byte. */
    static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    /** An unsigned 16-bit integer in network order. */
    static int u16be(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }

    /** A 32-bit integer in network order. */
    static int i32be(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24
                | (bytes[at + 1] & 0xFF) << 16
                | (bytes[at + 2] & 0xFF) << 8
                | (bytes[at + 3] & 0xFF);
    }

    /** A 64-bit integer in network order. */
    static long i64be(byte[] bytes, int at) {
        return (long) i32be(bytes, at) << 32 | (i32be(bytes, at + 4) & 0xFFFF_FFFFL);
    }

    /** A 16-bit integer in the platform's order. */
    static short i16(byte[] bytes, int at) {
        int a = bytes[at] & 0xFF;
        int b = bytes[at + 1] & 0xFF;
        return (short) (LITTLE_ENDIAN ? b << 8 | a : a << 8 | b);
    }

    /** A 32-bit integer in the platform's order. */
    static int i32(byte[] bytes, int at) {
        int be = i32be(bytes, at);
        return LITTLE_ENDIAN ? Integer.reverseBytes(be) : be;
    }

    /** A 64-bit integer in the platform's order. */
    static long i64(byte[] bytes, int at) {
        long be = i64be(bytes, at);
        return LITTLE_ENDIAN ? Long.reverseBytes(be) : be;
    }

    /** Writes an unsigned 16-bit integer in network order. */
    static void putU16be(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    /** Writes a 32-bit integer in network order. */
    static void putI32be(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    /** Writes a 64-bit integer in network order. */
    static void putI64be(byte[] bytes, int at, long value) {
        putI32be(bytes, at, (int) (value >>> 32));
        putI32be(bytes, at + 4, (int) value);
    }
}
