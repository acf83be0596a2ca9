package dev.icmpj.internal.engine;

import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.internal.transport.ReplyHandler;
import dev.icmpj.socket.IcmpSocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One socket of a {@link ProbeLoop} and what the loop keeps for it: the batch of requests staged for its next
 * send, the chains of its probes by sequence number (how a reply finds its probe, also with more than 65,536
 * in flight: a chain holds every probe with that number, told apart by destination), its sequence counter,
 * its in-flight budget and the operations waiting for room in it, and the time up to which everything that
 * reached it has been read.
 *
 * <p>Not thread-safe: its loop's thread only.
 */
public final class Lane {

    final int index;
    final ProbeSocket socket;
    final EchoBatch batch;
    /** The slots of the batch's requests, in batch order. */
    final int[] staged = new int[EchoBatch.CAPACITY];

    final ReplyHandler handler;
    private final int[] head = new int[1 << 16];
    private final boolean transmitTimestamps;
    private final long capacityBytes;
    private long usedBytes;
    private int nextSequence = 1;
    /** Every message that reached the socket before this ticker time has been read and handed on. */
    long drainedFrom = Long.MIN_VALUE;
    /** Read empty by the wait that ended the last turn: the next turn need not read it again first. */
    boolean drainedByWait;

    final List<Operation> waitingForRoom = new ArrayList<>();

    Lane(int index, ProbeSocket socket, boolean transmitTimestamps, long assumedCapacityBytes, ReplyHandler handler) {
        this.index = index;
        this.socket = socket;
        this.batch = new EchoBatch(socket.isIpv6());
        this.transmitTimestamps = transmitTimestamps;
        long granted = socket.receiveBufferBytes();
        this.capacityBytes = granted > 0 ? granted : assumedCapacityBytes;
        this.handler = handler;
        Arrays.fill(head, ProbeTable.NONE);
    }

    /** True for the IPv6 socket. */
    public boolean isIpv6() {
        return socket.isIpv6();
    }

    /** The socket's echo identifier. */
    public int identifier() {
        return socket.identifier();
    }

    /** True for a raw socket, false for a ping socket. */
    public boolean isRaw() {
        return socket.isRaw();
    }

    /** The datagrams the kernel dropped at this lane's socket since it opened. */
    public long kernelDrops() {
        return socket.kernelDrops();
    }

    /**
     * Tells whether one more request with this much echo data fits the in-flight budget; one request always
     * fits, however large.
     *
     * @param payloadSize the echo data size
     * @return true when it may be sent now
     */
    public boolean hasRoom(int payloadSize) {
        return usedBytes == 0 || usedBytes + cost(payloadSize) <= capacityBytes;
    }

    /** The budget taken by the requests in flight, in bytes. */
    public long usedBytes() {
        return usedBytes;
    }

    /** The number of operations waiting for room in the budget. */
    public int waiting() {
        return waitingForRoom.size();
    }

    long cost(int payloadSize) {
        return ReceiveBudget.costOf(payloadSize, transmitTimestamps);
    }

    void take(int payloadSize) {
        usedBytes += cost(payloadSize);
    }

    /** Gives room back; true when operations were waiting for it. */
    boolean give(int payloadSize) {
        usedBytes -= cost(payloadSize);
        return !waitingForRoom.isEmpty();
    }

    /** The first slot of a sequence number's chain, or {@link ProbeTable#NONE}. */
    int first(int sequence) {
        return head[sequence];
    }

    /** Makes a probe matchable: first in its sequence number's chain. */
    void chain(ProbeTable table, int slot) {
        int sequence = table.sequence[slot];
        table.next[slot] = head[sequence];
        head[sequence] = slot;
        table.chained[slot] = true;
    }

    /** Takes a probe out of its chain: no reply matches it any more. */
    void unchain(ProbeTable table, int slot) {
        int sequence = table.sequence[slot];
        int previous = ProbeTable.NONE;
        for (int s = head[sequence]; s != ProbeTable.NONE; s = table.next[s]) {
            if (s == slot) {
                if (previous == ProbeTable.NONE) {
                    head[sequence] = table.next[s];
                } else {
                    table.next[previous] = table.next[s];
                }
                table.chained[slot] = false;
                return;
            }
            previous = s;
        }
        throw new IllegalStateException("probe " + slot + " is not in the chain of sequence " + sequence);
    }

    /**
     * Allocates a sequence number for a request to a destination, as iputils wraps its counter: a number with
     * a request to that destination still undecided is skipped; a decided probe that holds it for late and
     * duplicate replies gives it up (it is evicted and freed).
     *
     * @param table the loop's probes
     * @param high the first half of the destination
     * @param low the second half
     * @param evicted receives the slots given up, unchained: the caller frees them
     * @return the sequence number
     * @throws IcmpSocketException when every number is in flight to that destination
     */
    int allocateSequence(ProbeTable table, long high, long low, SlotSink evicted) throws IcmpSocketException {
        for (int tries = 0; tries <= 0xFFFF; tries++) {
            int sequence = nextSequence;
            nextSequence = (nextSequence + 1) & 0xFFFF;
            if (isFree(table, sequence, high, low, evicted)) {
                return sequence;
            }
        }
        throw new IcmpSocketException(
                "65536 echo requests are in flight to one destination; no sequence number is free");
    }

    private boolean isFree(ProbeTable table, int sequence, long high, long low, SlotSink evicted) {
        for (int s = head[sequence]; s != ProbeTable.NONE; s = table.next[s]) {
            if (table.high[s] == high && table.low[s] == low && table.state[s] == ProbeTable.PENDING) {
                return false;
            }
        }
        int s = head[sequence];
        while (s != ProbeTable.NONE) {
            int after = table.next[s];
            if (table.high[s] == high && table.low[s] == low) {
                unchain(table, s);
                evicted.accept(s);
            }
            s = after;
        }
        return true;
    }

    /** Receives a slot. */
    @FunctionalInterface
    interface SlotSink {
        void accept(int slot);
    }
}
