package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * The {@code recvmmsg} vector of one socket: {@link #BATCH} entries, each with its own {@code msghdr},
 * name, control buffer and 64 KiB data buffer, allocated once.
 *
 * <p>Not thread-safe: one receiving thread at a time.
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
    int receiveBatch(int fd, MemorySegment capture) throws Throwable {
        reset(BATCH);
        return (int)
                Libc.recvmmsg.invokeExact(capture, fd, headers, BATCH, LinuxConstants.MSG_DONTWAIT, MemorySegment.NULL);
    }

    /**
     * Reads up to one batch of the error queue without waiting ({@code recvmmsg} with {@code MSG_ERRQUEUE |
     * MSG_DONTWAIT}): with a transmit timestamp per send it fills as fast as the data queue.
     *
     * @return the number of entries filled, or -1 with errno in the capture segment
     */
    int receiveErrors(int fd, MemorySegment capture) throws Throwable {
        reset(BATCH);
        return (int) Libc.recvmmsg.invokeExact(
                capture,
                fd,
                headers,
                BATCH,
                LinuxConstants.MSG_ERRQUEUE | LinuxConstants.MSG_DONTWAIT,
                MemorySegment.NULL);
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
        MemorySegment header = header(index);
        long controlLength = Math.min(header.get(JAVA_LONG, Structs.MSG_CONTROLLEN), CONTROL_SIZE);
        MemorySegment control = controls.asSlice((long) index * CONTROL_SIZE, CONTROL_SIZE);
        int ttl = -1;
        long timestamp = 0;
        long sentAt = 0;
        MemorySegment extendedError = null;
        long headerSize = Structs.CMSGHDR.byteSize();
        for (long at = 0; at + headerSize <= controlLength; ) {
            long cmsgLength = control.get(JAVA_LONG, at);
            if (cmsgLength < headerSize || at + cmsgLength > controlLength) {
                break;
            }
            int level = control.get(JAVA_INT, at + Structs.CMSG_LEVEL);
            int type = control.get(JAVA_INT, at + Structs.CMSG_TYPE);
            long bodySize = cmsgLength - headerSize;
            MemorySegment body = control.asSlice(at + headerSize, bodySize);
            if (level == LinuxConstants.SOL_SOCKET && type == LinuxConstants.SCM_TIMESTAMPNS) {
                timestamp = body.get(JAVA_LONG, 0) * 1_000_000_000L + body.get(JAVA_LONG, Structs.TV_NSEC);
            } else if (level == LinuxConstants.SOL_SOCKET
                    && type == LinuxConstants.SCM_TIMESTAMPING
                    && bodySize >= Structs.SCM_TIMESTAMPING.byteSize()) {
                sentAt = body.get(JAVA_LONG, 0) * 1_000_000_000L + body.get(JAVA_LONG, Structs.TV_NSEC);
            } else if ((level == LinuxConstants.IPPROTO_IP && type == LinuxConstants.IP_TTL)
                    || (level == LinuxConstants.IPPROTO_IPV6 && type == LinuxConstants.IPV6_HOPLIMIT)) {
                ttl = body.get(JAVA_INT, 0);
            } else if (((level == LinuxConstants.IPPROTO_IP && type == LinuxConstants.IP_RECVERR)
                            || (level == LinuxConstants.IPPROTO_IPV6 && type == LinuxConstants.IPV6_RECVERR))
                    && bodySize >= Structs.SOCK_EXTENDED_ERR.byteSize()) {
                extendedError = body;
            }
            at += Structs.cmsgAlign(cmsgLength);
        }
        if (extendedError != null && sentAt > 0 && isTransmitTimestamp(extendedError)) {
            timestamps.accept(new TransmitTimestamp(extendedError.get(JAVA_INT, Structs.EE_DATA), sentAt));
            return;
        }
        byte[] bytes = data.asSlice((long) index * DATA_SIZE, Math.min(length, DATA_SIZE))
                .toArray(JAVA_BYTE);
        int nameLength = header.get(JAVA_INT, Structs.MSG_NAMELEN);
        MemorySegment name = names.asSlice((long) index * NAME_SIZE, NAME_SIZE);
        var peer = nameLength >= Structs.SOCKADDR_IN.byteSize() ? SocketAddresses.read(name) : null;
        QueuedError error = extendedError == null ? null : queuedError(extendedError);
        sink.accept(new ReceivedDatagram(bytes, peer, ttl, timestamp, monotonicNanos, error));
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
