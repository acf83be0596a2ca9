package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code sendmmsg} vector of one socket: {@link #CAPACITY} echo requests, each an 8-byte ICMP header of
 * its own and a destination of its own, all sharing one payload buffer (two {@code iovec}s per message), so
 * that staging a request writes 8 header bytes and an address and copies no payload.
 *
 * <p>A request sent alone ({@link #sendOne}) takes {@code sendto} instead: its header is written in native
 * memory right before the shared payload, its destination beside it, and nothing is copied or vectored.
 *
 * <p>Not thread-safe: callers serialize staging and sending.
 */
final class SendRing {
    /** Messages per {@code sendmmsg} call. */
    static final int CAPACITY = 64;

    private static final long ENTRY = Structs.MMSGHDR.byteSize();
    private static final long NAME_SIZE = SocketAddresses.MAX_SIZE;
    private static final long IOV = Structs.IOVEC.byteSize();
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG = JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG_UNALIGNED =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment headers;
    private final MemorySegment names;
    private final MemorySegment icmp;
    /**
     * Views of {@link #icmp} and {@link #names} for the bulk copies: with C1 a buffer's bulk put costs half a
     * {@code MemorySegment.copy} (50 ns against 108 ns for 84 bytes, measured).
     */
    private final ByteBuffer icmpView;

    private final ByteBuffer namesView;
    private final MemorySegment iovecs;
    /** One request sent alone: its 8-byte ICMP header, then the payload that every request shares. */
    private final MemorySegment request;

    private final MemorySegment payload;
    /** The destination of a request sent alone. */
    private final MemorySegment oneName;

    private final int nameLength;
    /**
     * The ICMP headers and the destinations, written on the heap ({@link HeapBytes}) and copied to native memory
     * in bulk before each {@code sendmmsg}.
     */
    private final byte[] icmpCopy = new byte[8 * CAPACITY];

    private final byte[] nameCopy;
    private byte[] stagedPayload;
    /** The ones' complement sum of the staged payload, for the checksums. */
    private int payloadSum;

    /**
     * Allocates the vector; every destination is of one family, written once here but for the address.
     *
     * @param arena the channel's arena
     * @param ipv6 true for {@code sockaddr_in6} destinations
     */
    SendRing(Arena arena, boolean ipv6) {
        headers = arena.allocate(ENTRY * CAPACITY, 8);
        names = arena.allocate(NAME_SIZE * CAPACITY, 8);
        icmp = arena.allocate(8L * CAPACITY, 8);
        iovecs = arena.allocate(IOV * 2 * CAPACITY, 8);
        request = arena.allocate(8 + ReceiveRing.DATA_SIZE, 8);
        payload = request.asSlice(8);
        oneName = arena.allocate(NAME_SIZE, 8);
        nameLength = (int) (ipv6 ? Structs.SOCKADDR_IN6.byteSize() : Structs.SOCKADDR_IN.byteSize());
        oneName.set(JAVA_SHORT, 0, (short) (ipv6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET));
        for (int i = 0; i < CAPACITY; i++) {
            long iov = IOV * 2 * i;
            iovecs.set(ADDRESS, iov, icmp.asSlice(8L * i, 8));
            iovecs.set(JAVA_LONG, iov + 8, 8);
            iovecs.set(ADDRESS, iov + IOV, payload);
            long header = ENTRY * i;
            headers.set(ADDRESS, header + Structs.MSG_NAME, names.asSlice(NAME_SIZE * i, NAME_SIZE));
            headers.set(ADDRESS, header + Structs.MSG_IOV, iovecs.asSlice(iov, IOV * 2));
            headers.set(JAVA_LONG, header + Structs.MSG_IOVLEN, 2);
            headers.set(ADDRESS, header + Structs.MSG_CONTROL, MemorySegment.NULL);
            headers.set(JAVA_LONG, header + Structs.MSG_CONTROLLEN, 0);
            names.set(JAVA_SHORT, NAME_SIZE * i, (short) (ipv6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET));
            headers.set(JAVA_INT, header + Structs.MSG_NAMELEN, nameLength);
        }
        nameCopy = names.toArray(JAVA_BYTE);
        icmpView = icmp.asByteBuffer();
        namesView = names.asByteBuffer();
    }

    /** Copies the payload of the next requests in, unless it is the array staged last. */
    void payload(byte[] bytes) {
        if (bytes == stagedPayload) {
            return;
        }
        MemorySegment.copy(bytes, 0, payload, JAVA_BYTE, 0, bytes.length);
        long sum = 0;
        for (int i = 0; i + 1 < bytes.length; i += 2) {
            sum += (bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF);
        }
        if (bytes.length % 2 == 1) {
            sum += (bytes[bytes.length - 1] & 0xFF) << 8;
        }
        payloadSum = fold(sum);
        for (int i = 0; i < CAPACITY; i++) {
            iovecs.set(JAVA_LONG, IOV * 2 * i + IOV + 8, bytes.length);
        }
        stagedPayload = bytes;
    }

    /** Writes request i's ICMP header: type, code 0, checksum over header and payload, identifier, sequence. */
    void echo(int i, int type, int identifier, int sequence) {
        int at = 8 * i;
        icmpCopy[at] = (byte) type;
        icmpCopy[at + 1] = 0;
        HeapBytes.putU16be(icmpCopy, at + 2, checksum(type, identifier, sequence));
        HeapBytes.putU16be(icmpCopy, at + 4, identifier);
        HeapBytes.putU16be(icmpCopy, at + 6, sequence);
    }

    /**
     * Sends one echo request alone ({@code sendto}), to the address written last by {@link #oneIpv4} or
     * {@link #oneIpv6}, with the payload staged last.
     *
     * @return the bytes sent, or -1 with errno in the capture segment
     */
    long sendOne(int fd, int type, int identifier, int sequence, MemorySegment capture) {
        long header = (long) type << 56
                | (long) checksum(type, identifier, sequence) << 32
                | (long) identifier << 16
                | sequence;
        request.set(BIG_ENDIAN_LONG, 0, header);
        return Libc.sendto(capture, fd, request, 8 + stagedPayload.length, 0, oneName, nameLength);
    }

    /** Writes the IPv4 destination of the next {@link #sendOne}. */
    void oneIpv4(int address) {
        oneName.set(BIG_ENDIAN_INT, SocketAddresses.IN_ADDR, address);
    }

    /** Writes the IPv6 destination of the next {@link #sendOne} (port, flow and scope stay 0). */
    void oneIpv6(long high, long low) {
        oneName.set(BIG_ENDIAN_LONG_UNALIGNED, SocketAddresses.IN6_ADDR, high);
        oneName.set(BIG_ENDIAN_LONG_UNALIGNED, SocketAddresses.IN6_ADDR + 8, low);
    }

    /** The ICMP checksum of an echo request with the staged payload. */
    private int checksum(int type, int identifier, int sequence) {
        return ~fold((long) (type << 8) + identifier + sequence + payloadSum) & 0xFFFF;
    }

    /** Writes request i's IPv4 destination address. */
    void ipv4(int i, int address) {
        HeapBytes.putI32be(nameCopy, (int) (NAME_SIZE * i + SocketAddresses.IN_ADDR), address);
    }

    /** Writes request i's IPv6 destination address (port, flow and scope stay 0). */
    void ipv6(int i, long high, long low) {
        int at = (int) (NAME_SIZE * i + SocketAddresses.IN6_ADDR);
        HeapBytes.putI64be(nameCopy, at, high);
        HeapBytes.putI64be(nameCopy, at + 8, low);
    }

    /**
     * Sends entries {@code from} to {@code to - 1} ({@code sendmmsg}).
     *
     * @return the number sent, or -1 with errno in the capture segment when entry {@code from} failed
     */
    int send(int fd, int from, int to, MemorySegment capture) {
        icmpView.put(8 * from, icmpCopy, 8 * from, 8 * (to - from));
        int name = (int) (NAME_SIZE * from);
        namesView.put(name, nameCopy, name, (int) (NAME_SIZE * (to - from)));
        return Libc.sendmmsg(capture, fd, headers, ENTRY * from, to - from, 0);
    }

    private static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
