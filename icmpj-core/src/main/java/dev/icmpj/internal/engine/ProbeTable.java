package dev.icmpj.internal.engine;

import java.util.Arrays;

/**
 * The probes of one {@link ProbeLoop}, from staging to release, in primitive arrays indexed by slot: no object
 * per probe. A slot holds one probe's owner, the owner's tag for it, its socket (lane), destination, sequence
 * number, state, send clocks and echo data, and the link of the chain of its lane's sequence number. Freed
 * slots are kept on a free list and taken again; each taking bumps the slot's generation, so that a queue
 * entry naming a slot tells whether it still names the same probe.
 *
 * <p>Not thread-safe: its loop's thread only.
 */
final class ProbeTable {

    /** A probe's states: free, staged for a send, sent and undecided, answered, errored, lost, lost and then answered. */
    static final byte FREE = 0;

    static final byte STAGED = 1;
    static final byte PENDING = 2;
    static final byte ANSWERED = 3;
    static final byte ERRORED = 4;
    static final byte LOST = 5;
    static final byte ANSWERED_LATE = 6;

    /** The end of a chain or of the free list. */
    static final int NONE = -1;

    Operation[] owner = new Operation[64];
    int[] tag = new int[64];
    int[] generation = new int[64];
    byte[] state = new byte[64];
    boolean[] anySource = new boolean[64];
    byte[] lane = new byte[64];
    long[] high = new long[64];
    long[] low = new long[64];
    int[] sequence = new int[64];
    long[] sentAtEpoch = new long[64];
    long[] sentAtMonotonic = new long[64];
    byte[][] payload = new byte[64][];
    /** The next slot of the chain of the same lane and sequence, or of the free list. */
    int[] next = new int[64];
    /** Whether the slot is in its lane's chain: matchable by a reply. */
    boolean[] chained = new boolean[64];

    private int used;
    private int freeHead = NONE;
    private int live;

    /**
     * Takes a free slot for a new probe.
     *
     * @param op its owner
     * @param tag the owner's number for it
     * @param laneIndex its lane
     * @param high the first half of its destination (0 for IPv4)
     * @param low the second half of its destination
     * @param sequence its sequence number
     * @param anySource whether an echo reply from any source answers it (a broadcast)
     * @return the slot, in state {@link #STAGED}
     */
    int allocate(Operation op, int tag, int laneIndex, long high, long low, int sequence, boolean anySource) {
        int slot;
        if (freeHead != NONE) {
            slot = freeHead;
            freeHead = next[slot];
        } else {
            if (used == owner.length) {
                grow();
            }
            slot = used++;
        }
        generation[slot]++;
        owner[slot] = op;
        this.tag[slot] = tag;
        state[slot] = STAGED;
        this.anySource[slot] = anySource;
        lane[slot] = (byte) laneIndex;
        this.high[slot] = high;
        this.low[slot] = low;
        this.sequence[slot] = sequence;
        next[slot] = NONE;
        chained[slot] = false;
        live++;
        return slot;
    }

    /** Frees a slot (unchained by the caller); its generation moves on when it is taken again. */
    void free(int slot) {
        owner[slot] = null;
        payload[slot] = null;
        state[slot] = FREE;
        chained[slot] = false;
        next[slot] = freeHead;
        freeHead = slot;
        live--;
    }

    /** True when a queue entry of this slot and generation still names its probe. */
    boolean isLive(int slot, int generation) {
        return this.generation[slot] == generation && state[slot] != FREE;
    }

    /** The number of probes staged, in flight or kept for late answers. */
    int live() {
        return live;
    }

    private void grow() {
        int n = owner.length * 2;
        owner = Arrays.copyOf(owner, n);
        tag = Arrays.copyOf(tag, n);
        generation = Arrays.copyOf(generation, n);
        state = Arrays.copyOf(state, n);
        anySource = Arrays.copyOf(anySource, n);
        lane = Arrays.copyOf(lane, n);
        high = Arrays.copyOf(high, n);
        low = Arrays.copyOf(low, n);
        sequence = Arrays.copyOf(sequence, n);
        sentAtEpoch = Arrays.copyOf(sentAtEpoch, n);
        sentAtMonotonic = Arrays.copyOf(sentAtMonotonic, n);
        payload = Arrays.copyOf(payload, n);
        next = Arrays.copyOf(next, n);
        chained = Arrays.copyOf(chained, n);
    }
}
