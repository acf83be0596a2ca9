package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

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

    private final MemorySegment headers;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment data;

    /** The bytes {@link #bytesEqual} compared with last, as a segment. */
    private byte[] compared;

    private MemorySegment comparedSegment;

    /** What {@link #readControl} found in the entry read last: the TTL, or -1. */
    private int ttl;
    /** The receive timestamp ({@code SCM_TIMESTAMPNS}), or 0. */
    private long timestamp;
    /** The software transmit timestamp ({@code SCM_TIMESTAMPING}), or 0. */
    private long sentAt;
    /** The {@code sock_extended_err} body, or null. */
    private MemorySegment extendedError;

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
        }
    }

    /** The {@code msghdr} of one entry (the start of its {@code mmsghdr}). */
    MemorySegment header(int index) {
        return headers.asSlice(index * ENTRY, ENTRY);
    }

    /** Resets the fields the kernel overwrites, for the first {@code count} entries. */
    void reset(int count) {
        for (int i = 0; i < count; i++) {
            long base = i * ENTRY;
            headers.set(JAVA_INT, base + Structs.MSG_NAMELEN, NAME_SIZE);
            headers.set(JAVA_LONG, base + Structs.MSG_CONTROLLEN, CONTROL_SIZE);
            headers.set(JAVA_INT, base + Structs.MSG_FLAGS, 0);
            headers.set(JAVA_INT, base + Structs.MMSG_LEN, 0);
        }
    }

    /**
     * Reads up to one batch without waiting ({@code recvmmsg} with {@code MSG_DONTWAIT}).
     *
     * @return the number of entries filled, or -1 with errno in the capture segment
     */
    int receiveBatch(int fd, MemorySegment capture) {
        reset(BATCH);
        return Libc.recvmmsg(capture, fd, headers, BATCH, LinuxConstants.MSG_DONTWAIT);
    }

    /**
     * Reads up to one batch of the error queue without waiting ({@code recvmmsg} with {@code MSG_ERRQUEUE |
     * MSG_DONTWAIT}): with a transmit timestamp per send it fills as fast as the data queue.
     *
     * @return the number of entries filled, or -1 with errno in the capture segment
     */
    int receiveErrors(int fd, MemorySegment capture) {
        reset(BATCH);
        return Libc.recvmmsg(capture, fd, headers, BATCH, LinuxConstants.MSG_ERRQUEUE | LinuxConstants.MSG_DONTWAIT);
    }

    /** The byte count {@code recvmmsg} stored for an entry. */
    int length(int index) {
        return headers.get(JAVA_INT, index * ENTRY + Structs.MMSG_LEN);
    }

    /**
     * Parses one received entry's control messages, in one walk, and hands it on: a software transmit
     * timestamp (an {@code IP_RECVERR} / {@code IPV6_RECVERR} message of origin
     * {@code SO_EE_ORIGIN_TIMESTAMPING} with {@code ENOMSG} and {@code SCM_TSTAMP_SND}, beside an
     * {@code SCM_TIMESTAMPING} message whose first timestamp is the software one) to {@code timestamps};
     * anything else, its bytes copied out, to {@code sink}.
     *
     * @param index the entry
     * @param length the bytes received
     * @param monotonicNanos {@code System.nanoTime()} right after the call returned
     * @param sink receives a datagram or an ICMP error
     * @param timestamps receives a transmit timestamp
     */
    void deliver(
            int index,
            int length,
            long monotonicNanos,
            Consumer<? super ReceivedDatagram> sink,
            Consumer<? super TransmitTimestamp> timestamps) {
        readControl(index);
        if (extendedError != null && sentAt > 0 && isTransmitTimestamp(extendedError)) {
            timestamps.accept(new TransmitTimestamp(extendedError.get(JAVA_INT, Structs.EE_DATA), sentAt));
            return;
        }
        copyOut(index, length, monotonicNanos, sink);
    }

    private void copyOut(int index, int length, long monotonicNanos, Consumer<? super ReceivedDatagram> sink) {
        byte[] bytes = data.asSlice((long) index * DATA_SIZE, Math.min(length, DATA_SIZE))
                .toArray(JAVA_BYTE);
        int nameLength = header(index).get(JAVA_INT, Structs.MSG_NAMELEN);
        MemorySegment name = names.asSlice((long) index * NAME_SIZE, NAME_SIZE);
        var peer = nameLength >= Structs.SOCKADDR_IN.byteSize() ? SocketAddresses.read(name) : null;
        QueuedError error = extendedError == null ? null : queuedError(extendedError);
        sink.accept(new ReceivedDatagram(bytes, peer, ttl, timestamp, monotonicNanos, error));
    }

    /**
     * Hands one received datagram on in place when it is an echo reply with our identifier: its fields are
     * read from the buffers, nothing is copied. Anything else is copied out to {@code others}, as
     * {@link #deliver} does.
     *
     * @param index the entry
     * @param length the bytes received
     * @param monotonicNanos {@code System.nanoTime()} right after the call returned
     * @param withIpHeader true when the data starts with an IPv4 header (a raw ICMPv4 socket)
     * @param replyType the echo reply type of the socket's ICMP version (0 or 129)
     * @param identifier our identifier
     * @param sink receives our echo replies
     * @param others receives the rest
     */
    void deliverInPlace(
            int index,
            int length,
            long monotonicNanos,
            boolean withIpHeader,
            int replyType,
            int identifier,
            EchoSink sink,
            Consumer<? super ReceivedDatagram> others) {
        readControl(index);
        long base = (long) index * DATA_SIZE;
        int icmp = 0;
        int hopLimit = ttl;
        if (withIpHeader) {
            icmp = length > 0 ? (data.get(JAVA_BYTE, base) & 0x0F) * 4 : 0;
            hopLimit = length > 8 ? data.get(JAVA_BYTE, base + 8) & 0xFF : -1;
        }
        int nameLength = header(index).get(JAVA_INT, Structs.MSG_NAMELEN);
        long name = (long) index * NAME_SIZE;
        short family = names.get(JAVA_SHORT, name);
        boolean named = nameLength >= Structs.SOCKADDR_IN.byteSize()
                && (family == LinuxConstants.AF_INET || family == LinuxConstants.AF_INET6);
        if (extendedError != null
                || !named
                || length > DATA_SIZE
                || icmp < 20 && withIpHeader
                || length - icmp < 8
                || (data.get(JAVA_BYTE, base + icmp) & 0xFF) != replyType
                || data.get(JAVA_BYTE, base + icmp + 1) != 0
                || Short.toUnsignedInt(data.get(SocketAddresses.SHORT_BE, base + icmp + 4)) != identifier) {
            copyOut(index, length, monotonicNanos, others);
            return;
        }
        int ipv4 = 0;
        long high = 0;
        long low = 0;
        if (family == LinuxConstants.AF_INET) {
            ipv4 = names.get(SocketAddresses.INT_BE, name + SocketAddresses.IN_ADDR);
        } else {
            high = names.get(SocketAddresses.LONG_BE, name + SocketAddresses.IN6_ADDR);
            low = names.get(SocketAddresses.LONG_BE, name + SocketAddresses.IN6_ADDR + 8);
        }
        sink.echoReply(
                index,
                ipv4,
                high,
                low,
                identifier,
                Short.toUnsignedInt(data.get(SocketAddresses.SHORT_BE, base + icmp + 6)),
                hopLimit,
                length - icmp,
                icmp + 8,
                timestamp,
                monotonicNanos);
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
        if (expected != compared) {
            compared = expected;
            comparedSegment = MemorySegment.ofArray(expected);
        }
        long at = (long) index * DATA_SIZE + offset;
        return MemorySegment.mismatch(data, at, at + length, comparedSegment, 0, length) == -1;
    }

    /** Copies bytes of an entry out. */
    byte[] bytes(int index, int offset, int length) {
        return data.asSlice((long) index * DATA_SIZE + offset, length).toArray(JAVA_BYTE);
    }

    /** Reads one entry's control messages, in one walk, into the fields below. */
    private void readControl(int index) {
        MemorySegment header = header(index);
        long controlLength = Math.min(header.get(JAVA_LONG, Structs.MSG_CONTROLLEN), CONTROL_SIZE);
        MemorySegment control = controls.asSlice((long) index * CONTROL_SIZE, CONTROL_SIZE);
        ttl = -1;
        timestamp = 0;
        sentAt = 0;
        extendedError = null;
        long headerSize = Structs.CMSGHDR.byteSize();
        for (long at = 0; at + headerSize <= controlLength; ) {
            long cmsgLength = control.get(JAVA_LONG, at);
            if (cmsgLength < headerSize || at + cmsgLength > controlLength) {
                break;
            }
            int level = control.get(JAVA_INT, at + Structs.CMSG_LEVEL);
            int type = control.get(JAVA_INT, at + Structs.CMSG_TYPE);
            long bodySize = cmsgLength - headerSize;
            long body = at + headerSize;
            if (level == LinuxConstants.SOL_SOCKET && type == LinuxConstants.SCM_TIMESTAMPNS) {
                timestamp =
                        control.get(JAVA_LONG, body) * 1_000_000_000L + control.get(JAVA_LONG, body + Structs.TV_NSEC);
            } else if (level == LinuxConstants.SOL_SOCKET
                    && type == LinuxConstants.SCM_TIMESTAMPING
                    && bodySize >= Structs.SCM_TIMESTAMPING.byteSize()) {
                sentAt = control.get(JAVA_LONG, body) * 1_000_000_000L + control.get(JAVA_LONG, body + Structs.TV_NSEC);
            } else if ((level == LinuxConstants.IPPROTO_IP && type == LinuxConstants.IP_TTL)
                    || (level == LinuxConstants.IPPROTO_IPV6 && type == LinuxConstants.IPV6_HOPLIMIT)) {
                ttl = control.get(JAVA_INT, body);
            } else if (((level == LinuxConstants.IPPROTO_IP && type == LinuxConstants.IP_RECVERR)
                            || (level == LinuxConstants.IPPROTO_IPV6 && type == LinuxConstants.IPV6_RECVERR))
                    && bodySize >= Structs.SOCK_EXTENDED_ERR.byteSize()) {
                extendedError = control.asSlice(body, bodySize);
            }
            at += Structs.cmsgAlign(cmsgLength);
        }
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
