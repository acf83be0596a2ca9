package dev.icmpj.socket;

import dev.icmpj.internal.linux.TransmitTimestamp;

/**
 * Associates the kernel's software transmit timestamps with the requests they belong to. The kernel keys
 * each timestamp by a per-socket count of sends ({@link TransmitTimestamp#key()}); this class keeps the same
 * count: the sender announces each request with {@link #expect} before the send call, then reports
 * {@link #sent()}; after a failed send it reports {@link #withdrawn()} when the failure used no key, or, when
 * it may have used one up, restarts the kernel's count and reports {@link #restarted()}. A timestamp that still lands on the wrong request is older than
 * that request's send clock, which the round trip's consistency check rejects.
 *
 * <p>Bounded and without an object per request: the last {@value #CAPACITY} sends, in primitive arrays, each
 * linked to the send before it with the same sequence number, so that a reply finds its request by
 * destination and sequence. Thread-safe: the sender and the receiver may be different threads.
 */
final class TransmitTimestamps {
    static final int CAPACITY = 4096;

    private static final int MASK = CAPACITY - 1;

    private final int[] keys = new int[CAPACITY];
    private final long[] highs = new long[CAPACITY];
    private final long[] lows = new long[CAPACITY];
    private final int[] sequences = new int[CAPACITY];
    private final long[] times = new long[CAPACITY];
    /** The entry of the send before this one with the same sequence number, or -1. */
    private final int[] previous = new int[CAPACITY];
    /** By sequence number: its last send's entry plus one, or 0. */
    private final int[] latest = new int[1 << 16];

    private int nextKey;
    /** Sends announced and not yet reported sent. */
    private int announced;

    /**
     * Announces a request the next send call carries (a batch announces each of its requests in order).
     *
     * @param high the first 64 bits of its IPv6 destination, 0 for IPv4
     * @param low the last 64 bits of its destination (an IPv4 address's 32 bits)
     * @param sequence its sequence number
     */
    synchronized void expect(long high, long low, int sequence) {
        int key = nextKey + announced++;
        int at = key & MASK;
        keys[at] = key;
        highs[at] = high;
        lows[at] = low;
        sequences[at] = sequence;
        times[at] = 0;
        previous[at] = latest[sequence] - 1;
        latest[sequence] = at + 1;
    }

    /** The announced requests were sent: the kernel used up their keys. */
    synchronized void sent() {
        nextKey += announced;
        announced = 0;
    }

    /** The announced requests did not leave, and the kernel used no key for them. */
    synchronized void withdrawn() {
        // unlinked newest first: the next announcement takes the same slots, and linked to a withdrawn entry
        // (itself, for a request tried again) it would cut its sequence's chain short of the sends that left
        for (int key = nextKey + announced - 1; key >= nextKey; key--) {
            int at = key & MASK;
            latest[sequences[at]] = previous[at] + 1;
        }
        announced = 0;
    }

    /** The kernel's key count was restarted at 0. */
    synchronized void restarted() {
        nextKey = 0;
        announced = 0;
    }

    /**
     * Records a transmit timestamp from the error queue.
     *
     * @param timestamp the kernel's timestamp and key
     */
    synchronized void arrived(TransmitTimestamp timestamp) {
        int at = timestamp.key() & MASK;
        if (keys[at] == timestamp.key() && isLive(timestamp.key())) {
            times[at] = timestamp.sentAtEpochNanos();
        }
    }

    /**
     * Returns the transmit timestamp of the last request sent to a destination with a sequence number.
     *
     * @param high the first 64 bits of its IPv6 destination, 0 for IPv4
     * @param low the last 64 bits of its destination
     * @param sequence the sequence number
     * @return the kernel's realtime clock at transmission in ns since the epoch, or 0 when unknown
     */
    synchronized long sentAt(long high, long low, int sequence) {
        int at = latest[sequence & 0xFFFF] - 1;
        int newerKey = Integer.MAX_VALUE;
        while (at >= 0) {
            int key = keys[at];
            // an entry overwritten since it was linked holds a newer key, or another sequence
            if (key >= newerKey || !isLive(key) || sequences[at] != sequence) {
                return 0;
            }
            if (highs[at] == high && lows[at] == low) {
                return times[at];
            }
            newerKey = key;
            at = previous[at];
        }
        return 0;
    }

    /** True for a key among the last {@value #CAPACITY} announced since the count last started. */
    private boolean isLive(int key) {
        int end = nextKey + announced;
        return key >= 0 && key < end && end - key <= CAPACITY;
    }
}
