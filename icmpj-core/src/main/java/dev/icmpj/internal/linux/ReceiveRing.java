package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.icmpj.packet.InternetChecksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The {@code recvmmsg} vector of one socket: {@link #BATCH} entries, each with its own {@code msghdr},
 * name, control buffer and 64 KiB data buffer, allocated once.
 *
 * <p>Not thread-safe: one receiving thread at a time, and a delivery's fields are those of the entry read last.
 */
final class ReceiveRing {
    /** Entries per {@code recvmmsg} call. */
    static final int BATCH = 32;
    /** Data bytes per entry: the largest IP datagram. */
    static final int DATA_SIZE = 65_536;

    private static final int NAME_SIZE = 32;
    private static final int CONTROL_SIZE = 256;
    private static final long ENTRY = Structs.MMSGHDR.byteSize();
    /** Offsets in the heap copies, as ints. */
    private static final int ENTRY_BYTES = (int) ENTRY;

    private static final int NAMELEN_AT = (int) Structs.MSG_NAMELEN;
    private static final int CONTROLLEN_AT = (int) Structs.MSG_CONTROLLEN;
    private static final int LEN_AT = (int) Structs.MMSG_LEN;
    private static final int CMSG_HEADER = (int) Structs.CMSGHDR.byteSize();
    private static final int CMSG_LEVEL = (int) Structs.CMSG_LEVEL;
    private static final int CMSG_TYPE = (int) Structs.CMSG_TYPE;
    private static final int TV_NSEC = (int) Structs.TV_NSEC;

    private final MemorySegment headers;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment data;
    /**
     * Buffer views of the segments for the bulk copies: with C1 a buffer's bulk get costs half a
     * {@code MemorySegment.copy} (50 ns against 108 ns for 84 bytes, measured).
     */
    private final ByteBuffer headersView;

    private final ByteBuffer namesView;
    private final ByteBuffer controlsView;
    private final ByteBuffer dataView;

    /**
     * What the kernel wrote, copied to the heap in bulk after each receive ({@link HeapBytes}): the headers,
     * names and control messages of the entries filled, and the data of the entry being delivered.
     */
    private final byte[] headerCopy = new byte[ENTRY_BYTES * BATCH];

    private final byte[] nameCopy = new byte[NAME_SIZE * BATCH];
    private final byte[] controlCopy = new byte[CONTROL_SIZE * BATCH];
    private byte[] dataCopy = new byte[256];
    /** The entry whose data {@link #dataCopy} holds, or -1. */
    private int dataCopied = -1;
    /** The headers as first written, pointers included: {@link #reset} copies them back. */
    private final byte[] headerTemplate;
    /**
     * The entries the last receive filled: the kernel writes the lengths and flags of those alone, so only
     * they need their template back (a flood's receive fills one of 64).
     */
    private int filled;

    /** What {@link #readControl} found in the entry read last: the TTL, or -1. */
    private int ttl;
    /** The receive timestamp ({@code SCM_TIMESTAMPNS}), or 0. */
    private long timestamp;
    /** The software transmit timestamp ({@code SCM_TIMESTAMPING}), or 0. */
    private long sentAt;
    /** Where the {@code sock_extended_err} body starts in the entry's control buffer, or -1, and its size. */
    private int extendedErrorAt;

    private int extendedErrorSize;

    ReceiveRing(Arena arena) {
        headers = arena.allocate(ENTRY * BATCH, 8);
        names = arena.allocate((long) NAME_SIZE * BATCH, 8);
        controls = arena.allocate((long) CONTROL_SIZE * BATCH, 8);
        data = arena.allocate((long) DATA_SIZE * BATCH, 8);
        MemorySegment iovecs = arena.allocate(Structs.IOVEC.byteSize() * BATCH, 8);
        for (int i = 0; i < BATCH; i++) {
            MemorySegment iov = iovecs.asSlice(i * Structs.IOVEC.byteSize(), Structs.IOVEC.byteSize());
            iov.set(ADDRESS, 0, data.asSlice((long) i * DATA_SIZE, DATA_SIZE));
            iov.set(JAVA_LONG, 8, DATA_SIZE);
            MemorySegment header = header(i);
            header.set(ADDRESS, Structs.MSG_NAME, names.asSlice((long) i * NAME_SIZE, NAME_SIZE));
            header.set(ADDRESS, Structs.MSG_IOV, iov);
            header.set(JAVA_LONG, Structs.MSG_IOVLEN, 1);
            header.set(ADDRESS, Structs.MSG_CONTROL, controls.asSlice((long) i * CONTROL_SIZE, CONTROL_SIZE));
            header.set(JAVA_INT, Structs.MSG_NAMELEN, NAME_SIZE);
            header.set(JAVA_LONG, Structs.MSG_CONTROLLEN, CONTROL_SIZE);
        }
        headerTemplate = headers.toArray(JAVA_BYTE);
        headersView = headers.asByteBuffer();
        namesView = names.asByteBuffer();
        controlsView = controls.asByteBuffer();
        dataView = data.asByteBuffer();
    }

    /** The {@code msghdr} of one entry (the start of its {@code mmsghdr}). */
    MemorySegment header(int index) {
        return headers.asSlice(index * ENTRY, ENTRY);
    }

    /** Resets the fields the kernel overwrote in the last receive: one copy of the template. */
    private void reset() {
        if (filled > 0) {
            headersView.put(0, headerTemplate, 0, filled * ENTRY_BYTES);
        }
    }

    /** Copies the headers, names and control messages of the entries a receive filled to the heap. */
    private int mirror(int count) {
        // a failed call writes no entry back; the first is reset all the same, which costs one entry's copy
        filled = Math.max(count, 1);
        if (count > 0) {
            headersView.get(0, headerCopy, 0, count * ENTRY_BYTES);
            namesView.get(0, nameCopy, 0, count * NAME_SIZE);
            controlsView.get(0, controlCopy, 0, count * CONTROL_SIZE);
        }
        dataCopied = -1;
        return count;
    }

    /**
     * Reads up to one batch without waiting ({@code recvmmsg} with {@code MSG_DONTWAIT}).
     *
     * @return the number of entries filled, or -1 with errno in the capture segment
     */
    int receiveBatch(int fd, MemorySegment capture) {
        reset();
        return mirror(Libc.recvmmsg(capture, fd, headers, BATCH, LinuxConstants.MSG_DONTWAIT));
    }

    /**
     * Reads up to one batch of the error queue without waiting ({@code recvmmsg} with {@code MSG_ERRQUEUE |
     * MSG_DONTWAIT}): with a transmit timestamp per send it fills as fast as the data queue.
     *
     * @return the number of entries filled, or -1 with errno in the capture segment
     */
    int receiveErrors(int fd, MemorySegment capture) {
        reset();
        return mirror(
                Libc.recvmmsg(capture, fd, headers, BATCH, LinuxConstants.MSG_ERRQUEUE | LinuxConstants.MSG_DONTWAIT));
    }

    /** The byte count {@code recvmmsg} stored for an entry. */
    int length(int index) {
        return HeapBytes.i32(headerCopy, index * ENTRY_BYTES + LEN_AT);
    }

    /**
     * Hands one received entry on, sorted by what it is, its control messages parsed in one walk: a software
     * transmit timestamp (an {@code IP_RECVERR} / {@code IPV6_RECVERR} message of origin
     * {@code SO_EE_ORIGIN_TIMESTAMPING} with {@code ENOMSG} and {@code SCM_TSTAMP_SND}, beside an
     * {@code SCM_TIMESTAMPING} message whose first timestamp is the software one) to
     * {@link ReceiveSink#transmitTimestamp}; an echo reply with our identifier in place to
     * {@link ReceiveSink#echoReply}, with its checksum verified when the data starts with an IPv4 header (a
     * raw ICMPv4 socket: that kernel does not verify it); anything else, its bytes copied out, to
     * {@link ReceiveSink#datagram}.
     *
     * @param index the entry
     * @param length the bytes received
     * @param monotonicNanos {@code System.nanoTime()} right after the call returned
     * @param withIpHeader true when the data starts with an IPv4 header (a raw ICMPv4 socket)
     * @param replyType the echo reply type of the socket's ICMP version (0 or 129), or -1 to read none in place
     * @param identifier our identifier
     * @param sink receives the entry
     */
    void deliver(
            int index,
            int length,
            long monotonicNanos,
            boolean withIpHeader,
            int replyType,
            int identifier,
            ReceiveSink sink) {
        readControl(index);
        MemorySegment extendedError = extendedError(index);
        if (extendedError != null && sentAt > 0 && isTransmitTimestamp(extendedError)) {
            sink.transmitTimestamp(new TransmitTimestamp(extendedError.get(JAVA_INT, Structs.EE_DATA), sentAt));
            return;
        }
        if (extendedError != null || length > DATA_SIZE || length < 8 || replyType < 0) {
            copyOut(index, length, monotonicNanos, sink);
            return;
        }
        byte[] bytes = copyData(index);
        int icmp = 0;
        int hopLimit = ttl;
        if (withIpHeader) {
            icmp = (bytes[0] & 0x0F) * 4;
            hopLimit = length > 8 ? HeapBytes.u8(bytes, 8) : -1;
        }
        int nameLength = HeapBytes.i32(headerCopy, index * ENTRY_BYTES + NAMELEN_AT);
        int name = index * NAME_SIZE;
        short family = HeapBytes.i16(nameCopy, name);
        boolean named = nameLength >= Structs.SOCKADDR_IN.byteSize()
                && (family == LinuxConstants.AF_INET || family == LinuxConstants.AF_INET6);
        if (!named
                || icmp < 20 && withIpHeader
                || length - icmp < 8
                || HeapBytes.u8(bytes, icmp) != replyType
                || bytes[icmp + 1] != 0
                || HeapBytes.u16be(bytes, icmp + 4) != identifier) {
            copyOut(index, length, monotonicNanos, sink);
            return;
        }
        int ipv4 = 0;
        long high = 0;
        long low = 0;
        if (family == LinuxConstants.AF_INET) {
            ipv4 = HeapBytes.i32be(nameCopy, name + (int) SocketAddresses.IN_ADDR);
        } else {
            high = HeapBytes.i64be(nameCopy, name + (int) SocketAddresses.IN6_ADDR);
            low = HeapBytes.i64be(nameCopy, name + (int) SocketAddresses.IN6_ADDR + 8);
        }
        boolean checksumValid = !withIpHeader || InternetChecksum.compute(bytes, icmp, length - icmp) == 0;
        sink.echoReply(
                index,
                ipv4,
                high,
                low,
                identifier,
                HeapBytes.u16be(bytes, icmp + 6),
                hopLimit,
                length - icmp,
                icmp + 8,
                timestamp,
                monotonicNanos,
                checksumValid);
    }

    private void copyOut(int index, int length, long monotonicNanos, ReceiveSink sink) {
        byte[] bytes = data.asSlice((long) index * DATA_SIZE, Math.min(length, DATA_SIZE))
                .toArray(JAVA_BYTE);
        int nameLength = HeapBytes.i32(headerCopy, index * ENTRY_BYTES + NAMELEN_AT);
        MemorySegment name = names.asSlice((long) index * NAME_SIZE, NAME_SIZE);
        var peer = nameLength >= Structs.SOCKADDR_IN.byteSize() ? SocketAddresses.read(name) : null;
        MemorySegment extendedError = extendedError(index);
        QueuedError error = extendedError == null ? null : queuedError(extendedError);
        sink.datagram(new ReceivedDatagram(bytes, peer, ttl, timestamp, monotonicNanos, error));
    }

    /**
     * Tells whether bytes of an entry equal the given ones.
     *
     * @param index the entry
     * @param offset where the bytes start in its data
     * @param length how many there are
     * @param expected the bytes to compare with
     * @return true when equal
     */
    boolean bytesEqual(int index, int offset, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        byte[] bytes = copyData(index);
        return Arrays.equals(bytes, offset, offset + length, expected, 0, length);
    }

    /** Copies bytes of an entry out. */
    byte[] bytes(int index, int offset, int length) {
        return Arrays.copyOfRange(copyData(index), offset, offset + length);
    }

    /** The data of an entry on the heap (its bytes received, from 0), copied once per delivery. */
    private byte[] copyData(int index) {
        if (dataCopied == index) {
            return dataCopy;
        }
        int received = Math.min(length(index), DATA_SIZE);
        if (dataCopy.length < received) {
            dataCopy = new byte[Math.max(received, dataCopy.length * 2)];
        }
        dataView.get(index * DATA_SIZE, dataCopy, 0, received);
        dataCopied = index;
        return dataCopy;
    }

    /** Reads one entry's control messages, in one walk, into the fields below. */
    private void readControl(int index) {
        long controlLength = Math.min(HeapBytes.i64(headerCopy, index * ENTRY_BYTES + CONTROLLEN_AT), CONTROL_SIZE);
        byte[] control = controlCopy;
        int base = index * CONTROL_SIZE;
        ttl = -1;
        timestamp = 0;
        sentAt = 0;
        extendedErrorAt = -1;
        for (long at = 0; at + CMSG_HEADER <= controlLength; ) {
            long cmsgLength = HeapBytes.i64(control, base + (int) at);
            if (cmsgLength < CMSG_HEADER || at + cmsgLength > controlLength) {
                break;
            }
            int level = HeapBytes.i32(control, base + (int) at + CMSG_LEVEL);
            int type = HeapBytes.i32(control, base + (int) at + CMSG_TYPE);
            int bodySize = (int) cmsgLength - CMSG_HEADER;
            int body = base + (int) at + CMSG_HEADER;
            if (level == LinuxConstants.SOL_SOCKET && type == LinuxConstants.SCM_TIMESTAMPNS) {
                timestamp = HeapBytes.i64(control, body) * 1_000_000_000L + HeapBytes.i64(control, body + TV_NSEC);
            } else if (level == LinuxConstants.SOL_SOCKET
                    && type == LinuxConstants.SCM_TIMESTAMPING
                    && bodySize >= Structs.SCM_TIMESTAMPING.byteSize()) {
                sentAt = HeapBytes.i64(control, body) * 1_000_000_000L + HeapBytes.i64(control, body + TV_NSEC);
            } else if ((level == LinuxConstants.IPPROTO_IP && type == LinuxConstants.IP_TTL)
                    || (level == LinuxConstants.IPPROTO_IPV6 && type == LinuxConstants.IPV6_HOPLIMIT)) {
                ttl = HeapBytes.i32(control, body);
            } else if (((level == LinuxConstants.IPPROTO_IP && type == LinuxConstants.IP_RECVERR)
                            || (level == LinuxConstants.IPPROTO_IPV6 && type == LinuxConstants.IPV6_RECVERR))
                    && bodySize >= Structs.SOCK_EXTENDED_ERR.byteSize()) {
                extendedErrorAt = body - base;
                extendedErrorSize = bodySize;
            }
            at += Structs.cmsgAlign(cmsgLength);
        }
    }

    /** The {@code sock_extended_err} body {@link #readControl} found in an entry, in native memory, or null. */
    private MemorySegment extendedError(int index) {
        return extendedErrorAt < 0
                ? null
                : controls.asSlice((long) index * CONTROL_SIZE + extendedErrorAt, extendedErrorSize);
    }

    private static boolean isTransmitTimestamp(MemorySegment extendedError) {
        int origin = Byte.toUnsignedInt(extendedError.get(JAVA_BYTE, Structs.EE_ORIGIN));
        return extendedError.get(JAVA_INT, Structs.EE_ERRNO) == LinuxConstants.ENOMSG
                && origin == LinuxConstants.SO_EE_ORIGIN_TIMESTAMPING
                && extendedError.get(JAVA_INT, Structs.EE_INFO) == LinuxConstants.SCM_TSTAMP_SND;
    }

    private static QueuedError queuedError(MemorySegment body) {
        int origin = Byte.toUnsignedInt(body.get(JAVA_BYTE, Structs.EE_ORIGIN));
        long errSize = Structs.SOCK_EXTENDED_ERR.byteSize();
        var offender = body.byteSize() >= errSize + Structs.SOCKADDR_IN.byteSize()
                ? SocketAddresses.read(body.asSlice(errSize))
                : null;
        return new QueuedError(
                origin == LinuxConstants.SO_EE_ORIGIN_ICMP || origin == LinuxConstants.SO_EE_ORIGIN_ICMP6,
                Byte.toUnsignedInt(body.get(JAVA_BYTE, Structs.EE_TYPE)),
                Byte.toUnsignedInt(body.get(JAVA_BYTE, Structs.EE_CODE)),
                body.get(JAVA_INT, Structs.EE_INFO),
                offender);
    }
}
