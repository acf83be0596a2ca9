package dev.icmpj.socket;

import dev.icmpj.internal.linux.TransmitTimestamp;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Associates the kernel's software transmit timestamps with the requests they belong to. The kernel
 * keys each timestamp by a per-socket counter of sends ({@link TransmitTimestamp#key()}); this class keeps
 * the same count: the sender announces each request with {@link #expect} before {@code sendto}, then
 * reports {@link #sent()} or, after a failed {@code sendto} (which may or may not have consumed a key),
 * restarts the kernel's counter and reports {@link #restarted()}. A timestamp that still lands on the
 * wrong request is older than that request's send clock, which {@link IcmpReply#rttClock} rejects.
 *
 * <p>Bounded: the last {@value #CAPACITY} sends are remembered. Thread-safe: the sender and the receiver
 * thread call it concurrently.
 */
final class TransmitTimestamps {
    static final int CAPACITY = 4096;

    /** A send: its key, what it probed, and its transmit timestamp once known (0 before). */
    private static final class Entry {
        final int key;
        final Probe probe;
        long sentAtEpochNanos;

        Entry(int key, Probe probe) {
            this.key = key;
            this.probe = probe;
        }
    }

    /** What identifies the request a reply answers. */
    private record Probe(InetAddress destination, int sequence) {}

    private final Entry[] byKey = new Entry[CAPACITY];
    private final Map<Probe, Entry> byProbe = new HashMap<>();
    private int nextKey;

    /**
     * Announces the request the next {@code sendto} carries.
     *
     * @param destination its destination
     * @param sequence its sequence number
     */
    synchronized void expect(InetAddress destination, int sequence) {
        int slot = nextKey & (CAPACITY - 1);
        Entry evicted = byKey[slot];
        if (evicted != null) {
            byProbe.remove(evicted.probe, evicted);
        }
        Entry entry = new Entry(nextKey, new Probe(destination, sequence));
        byKey[slot] = entry;
        byProbe.put(entry.probe, entry);
    }

    /** The announced request was sent: the kernel used up its key. */
    synchronized void sent() {
        nextKey++;
    }

    /** The kernel's key counter was restarted at 0. */
    synchronized void restarted() {
        nextKey = 0;
    }

    /**
     * Records a transmit timestamp from the error queue.
     *
     * @param timestamp the kernel's timestamp and key
     */
    synchronized void arrived(TransmitTimestamp timestamp) {
        Entry entry = byKey[timestamp.key() & (CAPACITY - 1)];
        if (entry != null && entry.key == timestamp.key()) {
            entry.sentAtEpochNanos = timestamp.sentAtEpochNanos();
        }
    }

    /**
     * Returns the transmit timestamp of the last request sent to a destination with a sequence number.
     *
     * @param destination the destination
     * @param sequence the sequence number
     * @return the kernel's {@code CLOCK_REALTIME} at transmission in ns since the epoch, or 0 when unknown
     */
    synchronized long sentAt(InetAddress destination, int sequence) {
        Entry entry = byProbe.get(new Probe(destination, sequence));
        return entry == null ? 0 : entry.sentAtEpochNanos;
    }
}
