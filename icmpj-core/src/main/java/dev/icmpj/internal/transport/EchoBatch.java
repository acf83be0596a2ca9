package dev.icmpj.internal.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * Echo requests staged for one {@link ProbeSocket#send}: up to {@link #CAPACITY} destinations and sequence
 * numbers with one payload, TTL, traffic class and identifier, in primitive arrays reused batch after batch,
 * so that sending many requests makes no object per request. After the send, {@link #failure(int)} tells
 * which requests did not leave, and {@link #sentAtEpochNanos()} / {@link #sentAtMonotonicNanos()} when the
 * batch left.
 *
 * <p>A request index {@code i} is 0..size() - 1 throughout.
 *
 * <p>Not thread-safe: one thread stages and sends a batch.
 */
public final class EchoBatch {

    /** The most requests one batch holds. */
    public static final int CAPACITY = 64;

    private final boolean ipv6;
    private byte[] payload;
    private int ttl;
    private int trafficClass;
    private int identifier = -1;
    private final int[] ipv4 = new int[CAPACITY];
    private final long[] high = new long[CAPACITY];
    private final long[] low = new long[CAPACITY];
    private final int[] sequences = new int[CAPACITY];
    private final IOException[] failures = new IOException[CAPACITY];
    private final IOException[] refusals = new IOException[CAPACITY];
    private int size;
    private long sentAtEpochNanos;
    private long sentAtMonotonicNanos;

    /** Creates an empty batch of IPv6 destinations (true) or IPv4 ones. */
    public EchoBatch(boolean ipv6) {
        this.ipv6 = ipv6;
    }

    /**
     * Sets what every request of the next batch carries; only while the batch is empty.
     *
     * @param payload the echo data; not copied, so it must not change while the batch is used
     * @param ttl the TTL / hop limit, 1..255, or 0 for the socket's
     * @param trafficClass the TOS / traffic class, 0..255, or -1 for the socket's
     * @param identifier the echo identifier, or -1 for the socket's (a ping socket always uses its own)
     * @return this batch
     */
    public EchoBatch carrying(byte[] payload, int ttl, int trafficClass, int identifier) {
        if (size > 0) {
            throw new IllegalStateException("the batch holds " + size + " requests");
        }
        this.payload = Objects.requireNonNull(payload, "payload");
        this.ttl = ttl;
        this.trafficClass = trafficClass;
        this.identifier = identifier;
        return this;
    }

    /** Tells whether a request with this echo data (the same array), TTL and traffic class could join. */
    public boolean admits(byte[] payload, int ttl, int trafficClass) {
        return size == 0
                || (size < CAPACITY && payload == this.payload && ttl == this.ttl && trafficClass == this.trafficClass);
    }

    /** True for IPv6 destinations. */
    public boolean isIpv6() {
        return ipv6;
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

    /** The echo identifier, or -1 for the socket's. */
    public int identifier() {
        return identifier;
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
        Arrays.fill(refusals, 0, size, null);
        size = 0;
        sentAtEpochNanos = 0;
        sentAtMonotonicNanos = 0;
    }

    /**
     * Stages a request.
     *
     * @param high the first 64 bits of an IPv6 destination (ignored for IPv4)
     * @param low the last 64 bits of an IPv6 destination, or the 32 bits of an IPv4 one
     * @param sequence 0..65535
     * @throws IllegalStateException when the batch is full or carries nothing yet
     */
    public void add(long high, long low, int sequence) {
        if (size == CAPACITY) {
            throw new IllegalStateException("the batch is full: " + CAPACITY + " requests");
        }
        if (payload == null) {
            throw new IllegalStateException("the batch carries no payload yet");
        }
        ipv4[size] = (int) low;
        this.high[size] = high;
        this.low[size] = low;
        sequences[size++] = sequence & 0xFFFF;
    }

    /** The sequence numbers staged, from index 0 (the array itself). */
    public int[] sequences() {
        return sequences;
    }

    /** The IPv4 destinations staged, from index 0 (the array itself). */
    public int[] ipv4s() {
        return ipv4;
    }

    /** The first halves of the IPv6 destinations staged, from index 0 (the array itself). */
    public long[] highs() {
        return high;
    }

    /** The last halves of the destinations staged, from index 0 (the array itself). */
    public long[] lows() {
        return low;
    }

    /** The destination of request i as an address (a new object). */
    public InetAddress destination(int i) {
        Objects.checkIndex(i, size);
        return AddressBits.address(ipv6, high[i], low[i]);
    }

    /** Why request i did not leave, after a send; null when it was sent. */
    public IOException failure(int i) {
        return failures[Objects.checkIndex(i, size)];
    }

    /** Records why request i did not leave; for sockets. */
    public void failed(int i, IOException failure) {
        failures[Objects.checkIndex(i, size)] = failure;
    }

    /**
     * Why the kernel refused request i although it counts as sent, after a send; null when the kernel took it.
     * A netfilter rule of this host dropped or rejected it on its way out ({@code EPERM}): the network's
     * answer (a reject's ICMP error still arrives for it), not a failure of the socket.
     */
    public IOException refusal(int i) {
        return refusals[Objects.checkIndex(i, size)];
    }

    /** Records the kernel's refusal of request i, which still counts as sent; for sockets. */
    public void refused(int i, IOException refusal) {
        refusals[Objects.checkIndex(i, size)] = refusal;
    }

    /** The realtime clock read right before the batch was sent, ns since the epoch; 0 before a send. */
    public long sentAtEpochNanos() {
        return sentAtEpochNanos;
    }

    /** The monotonic clock read right before the batch was sent. */
    public long sentAtMonotonicNanos() {
        return sentAtMonotonicNanos;
    }

    /** Records the realtime and monotonic clocks read right before the send; for sockets. */
    public void sentAt(long epochNanos, long monotonicNanos) {
        this.sentAtEpochNanos = epochNanos;
        this.sentAtMonotonicNanos = monotonicNanos;
    }
}
