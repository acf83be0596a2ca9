package dev.icmpj.exporter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * What one probe group measured, target by target: counters, histograms, reply TTL and state, in primitive
 * arrays indexed by a slot number, in chunks of {@value #CHUNK} slots so the table grows without moving (and
 * so without losing a write of the loop thread). A slot is handed out by {@link #allocate()} and given back
 * by {@link #free}, which keeps it out of use for a while so that a callback already under way for the old
 * target cannot land in a new one.
 *
 * <p>Threading: one writer per slot at a time, the probe loop's thread (through the {@code record...}
 * methods); any thread reads a consistent copy of a slot with {@link #read}: each slot has a sequence number,
 * odd while a write is under way (a seqlock), and a reader retries until it saw the same even number before
 * and after copying. {@link #allocate()} and {@link #free} are called by one control thread.
 */
final class TargetTable {
    static final int CHUNK = 1024;
    private static final int BUCKETS = RttBuckets.CLASSIC.length;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** A slot's state, as the landing page shows it. */
    static final byte PENDING = 0;

    static final byte UP = 1;
    static final byte LOSS = 2;
    static final byte ERROR = 3;

    private final SmokeHistory.Shape smokeShape;
    private volatile Chunk[] chunks = new Chunk[0];
    private int next;
    private final java.util.ArrayDeque<long[]> quarantine = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();

    /**
     * Creates an empty table.
     *
     * @param smokeShape how many samples a minute each target's smoke history keeps
     */
    TargetTable(SmokeHistory.Shape smokeShape) {
        this.smokeShape = smokeShape;
    }

    /** The arrays of {@value #CHUNK} slots. */
    static final class Chunk {
        final int[] version = new int[CHUNK];
        final long[] requests = new long[CHUNK];
        final long[] replies = new long[CHUNK];
        final long[] lost = new long[CHUNK];
        final long[] errors = new long[CHUNK];
        final long[] late = new long[CHUNK];
        final long[] duplicates = new long[CHUNK];
        final long[] sent = new long[CHUNK];
        final long[] sendFailures = new long[CHUNK];
        final long[] ttlChanges = new long[CHUNK];
        final short[] ttl = new short[CHUNK];
        final double[] rttSum = new double[CHUNK];
        final long[] buckets = new long[CHUNK * BUCKETS];
        final NativeBuckets[] natives = new NativeBuckets[CHUNK];
        final byte[] state = new byte[CHUNK];
        final long[] lastReplyMillis = new long[CHUNK];
        /** The last ICMP error ({@code dev.icmpj.Reply}) or send failure ({@code String}), for the page. */
        final Object[] lastError = new Object[CHUNK];

        final long[] lastErrorMillis = new long[CHUNK];
        /** ICMP errors by kind: per slot, null or entries {@code (type << 8 | code) << 48 | count}. */
        final long[][] errorKinds = new long[CHUNK][];
        /** Send failures by errno: per slot, null or entries {@code errno << 48 | count}. */
        final long[][] sendErrnos = new long[CHUNK][];

        final SmokeHistory smoke;

        Chunk(SmokeHistory.Shape shape) {
            smoke = new SmokeHistory(shape, CHUNK);
            Arrays.fill(ttl, (short) -1);
        }

        void clear(int i) {
            requests[i] = 0;
            replies[i] = 0;
            lost[i] = 0;
            errors[i] = 0;
            late[i] = 0;
            duplicates[i] = 0;
            sent[i] = 0;
            sendFailures[i] = 0;
            ttlChanges[i] = 0;
            ttl[i] = -1;
            rttSum[i] = 0;
            Arrays.fill(buckets, i * BUCKETS, (i + 1) * BUCKETS, 0);
            natives[i] = null;
            state[i] = PENDING;
            lastReplyMillis[i] = 0;
            lastError[i] = null;
            lastErrorMillis[i] = 0;
            errorKinds[i] = null;
            sendErrnos[i] = null;
            smoke.clear(i);
        }
    }

    /** A consistent copy of one slot's counters and histogram. */
    static final class Counts {
        long requests;
        long replies;
        long lost;
        long errors;
        long late;
        long duplicates;
        long sent;
        long sendFailures;
        long ttlChanges;
        int ttl;
        double rttSum;
        final long[] buckets = new long[BUCKETS];
        int schema;
        long zeroCount;
        int[] nativeIndexes = new int[0];
        long[] nativeCounts = new long[0];
        byte state;
        long lastReplyMillis;
        Object lastError;
        long lastErrorMillis;
        /** Entries {@code key << 48 | count}: ICMP errors by {@code type << 8 | code}. */
        long[] errorKinds = NONE;
        /** Entries {@code errno << 48 | count}. */
        long[] sendErrnos = NONE;
    }

    private static final long[] NONE = new long[0];
    private static final long COUNT_MASK = (1L << 48) - 1;

    /** Adds one to the entry of a key in a packed array, growing it by one for a new key; returns the array. */
    private static long[] increment(long[] entries, int key) {
        if (entries != null) {
            for (int k = 0; k < entries.length; k++) {
                if ((int) (entries[k] >>> 48) == key) {
                    entries[k]++;
                    return entries;
                }
            }
        }
        long[] grown = entries == null ? new long[1] : java.util.Arrays.copyOf(entries, entries.length + 1);
        grown[grown.length - 1] = ((long) key << 48) | 1;
        return grown;
    }

    /** The key of a packed entry. */
    static int key(long entry) {
        return (int) (entry >>> 48);
    }

    /** The count of a packed entry. */
    static long count(long entry) {
        return entry & COUNT_MASK;
    }

    /**
     * Hands out a free slot, growing the table when needed. Control thread only.
     *
     * @param nowMillis the wall clock, to release slots whose quarantine is over
     * @return the slot, cleared
     */
    int allocate(long nowMillis) {
        while (!quarantine.isEmpty() && quarantine.peekFirst()[1] <= nowMillis) {
            free.add((int) quarantine.pollFirst()[0]);
        }
        int slot;
        if (!free.isEmpty()) {
            slot = free.poll();
        } else {
            slot = next++;
            if (slot / CHUNK >= chunks.length) {
                Chunk[] grown = Arrays.copyOf(chunks, chunks.length + 1);
                grown[grown.length - 1] = new Chunk(smokeShape);
                chunks = grown;
            }
        }
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.clear(i);
        end(c, i);
        return slot;
    }

    /**
     * Gives a slot back; it is reused no sooner than {@code quarantineMillis} later. Control thread only.
     */
    void free(int slot, long nowMillis, long quarantineMillis) {
        quarantine.add(new long[] {slot, nowMillis + quarantineMillis});
    }

    Chunk chunk(int slot) {
        return chunks[slot / CHUNK];
    }

    private static void begin(Chunk c, int i) {
        int v = (int) INTS.getOpaque(c.version, i);
        INTS.setOpaque(c.version, i, v + 1);
        VarHandle.storeStoreFence();
    }

    private static void end(Chunk c, int i) {
        int v = (int) INTS.getOpaque(c.version, i);
        INTS.setRelease(c.version, i, v + 1);
    }

    void recordSent(int slot) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.sent[i]++;
        end(c, i);
    }

    void recordReply(int slot, double rttSeconds, int ttl, long nowMillis) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.requests[i]++;
        c.replies[i]++;
        c.rttSum[i] += rttSeconds;
        c.buckets[i * BUCKETS + RttBuckets.classic(RttBuckets.CLASSIC, rttSeconds)]++;
        NativeBuckets n = c.natives[i];
        if (n == null) {
            n = new NativeBuckets();
            c.natives[i] = n;
        }
        n.observe(rttSeconds);
        if (ttl >= 0) {
            if (c.ttl[i] >= 0 && c.ttl[i] != ttl) {
                c.ttlChanges[i]++;
            }
            c.ttl[i] = (short) ttl;
        }
        c.state[i] = UP;
        c.lastReplyMillis[i] = nowMillis;
        c.smoke.reply(i, rttSeconds, nowMillis);
        end(c, i);
    }

    void recordLoss(int slot, long nowMillis) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.requests[i]++;
        c.lost[i]++;
        c.state[i] = LOSS;
        c.smoke.loss(i, nowMillis);
        end(c, i);
    }

    void recordError(int slot, Object error, int type, int code, long nowMillis) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.requests[i]++;
        c.errors[i]++;
        c.errorKinds[i] = increment(c.errorKinds[i], (type & 0xFF) << 8 | (code & 0xFF));
        c.state[i] = ERROR;
        c.lastError[i] = error;
        c.lastErrorMillis[i] = nowMillis;
        c.smoke.loss(i, nowMillis);
        end(c, i);
    }

    void recordLate(int slot) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.late[i]++;
        end(c, i);
    }

    void recordDuplicate(int slot) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.duplicates[i]++;
        end(c, i);
    }

    void recordSendFailure(int slot, String error, int errno, long nowMillis) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        begin(c, i);
        c.sendFailures[i]++;
        c.sendErrnos[i] = increment(c.sendErrnos[i], errno & 0xFFFF);
        c.lastError[i] = error;
        c.lastErrorMillis[i] = nowMillis;
        end(c, i);
    }

    /**
     * Copies one slot consistently (see the class comment). Any thread.
     *
     * @param slot the slot
     * @param into where to copy
     */
    void read(int slot, Counts into) {
        Chunk c = chunk(slot);
        int i = slot % CHUNK;
        for (int attempt = 0; ; attempt++) {
            // a bound, so that a writer that died mid-write (it cannot, but) never hangs a scrape
            boolean last = attempt == 100_000;
            int v1 = (int) INTS.getAcquire(c.version, i);
            if ((v1 & 1) != 0 && !last) {
                Thread.onSpinWait();
                continue;
            }
            into.requests = c.requests[i];
            into.replies = c.replies[i];
            into.lost = c.lost[i];
            into.errors = c.errors[i];
            into.late = c.late[i];
            into.duplicates = c.duplicates[i];
            into.sent = c.sent[i];
            into.sendFailures = c.sendFailures[i];
            into.ttlChanges = c.ttlChanges[i];
            into.ttl = c.ttl[i];
            into.rttSum = c.rttSum[i];
            System.arraycopy(c.buckets, i * BUCKETS, into.buckets, 0, BUCKETS);
            NativeBuckets n = c.natives[i];
            int schema = NativeBuckets.INITIAL_SCHEMA;
            long zero = 0;
            int[] indexes = null;
            long[] counts = null;
            try {
                if (n != null) {
                    schema = n.schema;
                    zero = n.zeroCount;
                    indexes = n.indexes();
                    counts = n.nonEmptyCounts();
                }
            } catch (RuntimeException e) {
                // the writer replaced the arrays while they were copied: the version check retries
                indexes = null;
            }
            into.state = c.state[i];
            into.lastReplyMillis = c.lastReplyMillis[i];
            into.lastError = c.lastError[i];
            into.lastErrorMillis = c.lastErrorMillis[i];
            long[] kinds = c.errorKinds[i];
            long[] errnos = c.sendErrnos[i];
            into.errorKinds = kinds == null ? NONE : kinds.clone();
            into.sendErrnos = errnos == null ? NONE : errnos.clone();
            VarHandle.loadLoadFence();
            int v2 = (int) INTS.getOpaque(c.version, i);
            if (last || (v1 == v2 && (n == null || (indexes != null && indexes.length == counts.length)))) {
                into.schema = schema;
                into.zeroCount = zero;
                boolean valid = indexes != null && counts != null && indexes.length == counts.length;
                into.nativeIndexes = valid ? indexes : new int[0];
                into.nativeCounts = valid ? counts : new long[0];
                return;
            }
        }
    }

    /** The smoke history of a slot's chunk, and the slot's index in it. */
    SmokeHistory smoke(int slot) {
        return chunk(slot).smoke;
    }
}
