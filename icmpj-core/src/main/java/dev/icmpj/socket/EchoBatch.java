package dev.icmpj.socket;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Echo requests staged for one {@link IcmpSocket#send(EchoBatch) send}: up to {@link #CAPACITY}
 * destinations and sequence numbers with one payload, TTL and traffic class, held in primitive arrays and
 * reused batch after batch, so that sending many requests makes no object per request. A Linux socket sends
 * a batch with one {@code sendmmsg} call. After the send, {@link #failure(int)} tells which requests did not
 * leave, and {@link #sentAtEpochNanos()} / {@link #sentAtMonotonicNanos()} when the batch left.
 *
 * <p>Not thread-safe: one thread stages and sends a batch.
 */
public final class EchoBatch {

    /** The most requests one batch holds. */
    public static final int CAPACITY = 64;

    private final Family family;
    private final byte[] payload;
    private final int ttl;
    private final int trafficClass;
    private final int[] ipv4 = new int[CAPACITY];
    private final long[] high = new long[CAPACITY];
    private final long[] low = new long[CAPACITY];
    private final int[] sequences = new int[CAPACITY];
    private final IcmpSocketException[] failures = new IcmpSocketException[CAPACITY];
    private int size;
    private long sentAtEpochNanos;
    private long sentAtMonotonicNanos;

    /**
     * Creates an empty batch.
     *
     * @param family the family of every destination
     * @param payload the echo data of every request; not copied, so it must not change while the batch is used
     * @param ttl the TTL / hop limit, 1..255, or 0 for the socket's
     * @param trafficClass the TOS / traffic class, 0..255, or -1 for the socket's
     */
    public EchoBatch(Family family, byte[] payload, int ttl, int trafficClass) {
        this.family = Objects.requireNonNull(family, "family");
        this.payload = Objects.requireNonNull(payload, "payload");
        IcmpRequest.requireRange(
                "payload size",
                payload.length,
                0,
                family == Family.IPV4 ? IcmpRequest.MAX_PAYLOAD_V4 : IcmpRequest.MAX_PAYLOAD_V6);
        IcmpRequest.requireRange("ttl", ttl, 0, 255);
        IcmpRequest.requireRange("trafficClass", trafficClass, -1, 255);
        this.ttl = ttl;
        this.trafficClass = trafficClass;
    }

    /** The family of every destination. */
    public Family family() {
        return family;
    }

    /** The echo data of every request (the array given, not a copy). */
    public byte[] payload() {
        return payload;
    }

    /** The TTL / hop limit, or 0 for the socket's. */
    public int ttl() {
        return ttl;
    }

    /** The TOS / traffic class, or -1 for the socket's. */
    public int trafficClass() {
        return trafficClass;
    }

    /** The number of requests staged. */
    public int size() {
        return size;
    }

    /** True when no more request fits. */
    public boolean isFull() {
        return size == CAPACITY;
    }

    /** Empties the batch for the next requests. */
    public void clear() {
        Arrays.fill(failures, 0, size, null);
        size = 0;
        sentAtEpochNanos = 0;
        sentAtMonotonicNanos = 0;
    }

    /**
     * Stages a request to an IPv4 destination.
     *
     * @param address the destination's 32 bits, most significant first ({@code 198.18.0.1} is
     *     {@code 0xC6120001})
     * @param sequence 0..65535
     * @throws IllegalStateException when the batch is full or not IPv4
     */
    public void addIpv4(int address, int sequence) {
        requireRoom(Family.IPV4);
        ipv4[size] = address;
        sequences[size++] = sequence & 0xFFFF;
    }

    /**
     * Stages a request to an IPv6 destination.
     *
     * @param high the address's first 64 bits
     * @param low its last 64 bits
     * @param sequence 0..65535
     * @throws IllegalStateException when the batch is full or not IPv6
     */
    public void addIpv6(long high, long low, int sequence) {
        requireRoom(Family.IPV6);
        this.high[size] = high;
        this.low[size] = low;
        sequences[size++] = sequence & 0xFFFF;
    }

    private void requireRoom(Family of) {
        if (size == CAPACITY) {
            throw new IllegalStateException("the batch is full: " + CAPACITY + " requests");
        }
        if (of != family) {
            throw new IllegalStateException("an " + of + " destination in an " + family + " batch");
        }
    }

    /** The sequence number of request i. */
    public int sequence(int i) {
        return sequences[Objects.checkIndex(i, size)];
    }

    /** The IPv4 destination of request i, as {@link #addIpv4} took it. */
    public int ipv4(int i) {
        return ipv4[Objects.checkIndex(i, size)];
    }

    /** The first 64 bits of the IPv6 destination of request i. */
    public long ipv6High(int i) {
        return high[Objects.checkIndex(i, size)];
    }

    /** The last 64 bits of the IPv6 destination of request i. */
    public long ipv6Low(int i) {
        return low[Objects.checkIndex(i, size)];
    }

    /**
     * Returns the destination of request i as an address (a new object).
     *
     * @param i 0..size() - 1
     * @return the address
     */
    public InetAddress destination(int i) {
        Objects.checkIndex(i, size);
        byte[] bytes = new byte[family == Family.IPV4 ? 4 : 16];
        if (family == Family.IPV4) {
            putInt(bytes, 0, ipv4[i]);
        } else {
            putLong(bytes, 0, high[i]);
            putLong(bytes, 8, low[i]);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /**
     * Returns why request i did not leave, after a send.
     *
     * @param i 0..size() - 1
     * @return the failure, or null when it was sent
     */
    public IcmpSocketException failure(int i) {
        return failures[Objects.checkIndex(i, size)];
    }

    /** {@code CLOCK_REALTIME} read right before the batch was sent, ns since the epoch; 0 before a send. */
    public long sentAtEpochNanos() {
        return sentAtEpochNanos;
    }

    /** {@code System.nanoTime()} read right before the batch was sent. */
    public long sentAtMonotonicNanos() {
        return sentAtMonotonicNanos;
    }

    int[] sequences() {
        return sequences;
    }

    int[] ipv4s() {
        return ipv4;
    }

    long[] highs() {
        return high;
    }

    long[] lows() {
        return low;
    }

    /** Records when the batch was sent; for sockets. */
    void sentAt(long epochNanos, long monotonicNanos) {
        this.sentAtEpochNanos = epochNanos;
        this.sentAtMonotonicNanos = monotonicNanos;
    }

    /** Records that request i did not leave; for sockets. */
    void failed(int i, IcmpSocketException failure) {
        failures[Objects.checkIndex(i, size)] = failure;
    }

    /**
     * Returns an address's bits as {@link #addIpv4} takes them.
     *
     * @param address an IPv4 address
     * @return its 32 bits
     */
    public static int bitsOf(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /**
     * Returns the first 64 bits of an IPv6 address, as {@link #addIpv6} takes them.
     *
     * @param address an IPv6 address
     * @return its first 64 bits
     */
    public static long highBitsOf(Inet6Address address) {
        return longAt(address.getAddress(), 0);
    }

    /**
     * Returns the last 64 bits of an IPv6 address, as {@link #addIpv6} takes them.
     *
     * @param address an IPv6 address
     * @return its last 64 bits
     */
    public static long lowBitsOf(Inet6Address address) {
        return longAt(address.getAddress(), 8);
    }

    private static long longAt(byte[] bytes, int at) {
        long bits = 0;
        for (int k = 0; k < 8; k++) {
            bits = bits << 8 | (bytes[at + k] & 0xFF);
        }
        return bits;
    }

    static void putInt(byte[] into, int at, int value) {
        for (int k = 0; k < 4; k++) {
            into[at + k] = (byte) (value >>> (24 - 8 * k));
        }
    }

    static void putLong(byte[] into, int at, long value) {
        for (int k = 0; k < 8; k++) {
            into[at + k] = (byte) (value >>> (56 - 8 * k));
        }
    }
}
