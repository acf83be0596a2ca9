package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code sendmmsg} vector of one socket: {@link #CAPACITY} echo requests, each an 8-byte ICMP header of
 * its own and a destination of its own, all sharing one payload buffer (two {@code iovec}s per message), so
 * that staging a request writes 8 header bytes and an address and copies no payload.
 *
 * <p>Not thread-safe: callers serialize staging and sending.
 */
final class SendRing {
    /** Messages per {@code sendmmsg} call. */
    static final int CAPACITY = 64;

    private static final long ENTRY = Structs.MMSGHDR.byteSize();
    private static final long NAME_SIZE = SocketAddresses.MAX_SIZE;
    private static final long IOV = Structs.IOVEC.byteSize();

    private final MemorySegment headers;
    private final MemorySegment names;
    private final MemorySegment icmp;
    private final MemorySegment iovecs;
    private final MemorySegment payload;
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
        payload = arena.allocate(ReceiveRing.DATA_SIZE, 8);
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
            headers.set(JAVA_INT, header + Structs.MSG_NAMELEN, (int)
                    (ipv6 ? Structs.SOCKADDR_IN6.byteSize() : Structs.SOCKADDR_IN.byteSize()));
        }
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
        long at = 8L * i;
        int sum = fold((long) (type << 8) + identifier + sequence + payloadSum);
        icmp.set(JAVA_BYTE, at, (byte) type);
        icmp.set(JAVA_BYTE, at + 1, (byte) 0);
        icmp.set(SocketAddresses.SHORT_BE, at + 2, (short) ~sum);
        icmp.set(SocketAddresses.SHORT_BE, at + 4, (short) identifier);
        icmp.set(SocketAddresses.SHORT_BE, at + 6, (short) sequence);
    }

    /** Writes request i's IPv4 destination address. */
    void ipv4(int i, int address) {
        names.set(SocketAddresses.INT_BE, NAME_SIZE * i + SocketAddresses.IN_ADDR, address);
    }

    /** Writes request i's IPv6 destination address (port, flow and scope stay 0). */
    void ipv6(int i, long high, long low) {
        long at = NAME_SIZE * i + SocketAddresses.IN6_ADDR;
        names.set(SocketAddresses.LONG_BE, at, high);
        names.set(SocketAddresses.LONG_BE, at + 8, low);
    }

    /**
     * Sends entries {@code from} to {@code to - 1} ({@code sendmmsg}).
     *
     * @return the number sent, or -1 with errno in the capture segment when entry {@code from} failed
     */
    int send(int fd, int from, int to, MemorySegment capture) {
        MemorySegment vector = headers.asSlice(ENTRY * from, ENTRY * (to - from));
        return Libc.sendmmsg(capture, fd, vector, to - from, 0);
    }

    private static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
