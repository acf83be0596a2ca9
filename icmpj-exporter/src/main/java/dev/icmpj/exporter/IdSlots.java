package dev.icmpj.exporter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a prober's target ids to {@link TargetTable} slots, for the loop thread's callbacks: an array indexed
 * by id (ids of a prober are small and never reused), a concurrent map for any id too large for it.
 *
 * <p>One writer (the control thread), any number of readers: an entry is written with release semantics
 * after the array holding it is published, and read with acquire semantics. A callback may come for an id
 * before {@code put} has run (the engine may answer before {@code add} returns): {@link #slot} then waits a
 * little for it. A removed id reads {@link #REMOVED} at once.
 */
final class IdSlots {
    static final int ABSENT = -1;
    static final int REMOVED = -2;
    private static final int MAX_DIRECT = 1 << 24;
    private static final long WAIT_NANOS = 2_000_000;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** slot + 1 per id; 0 = absent, -1 = removed. */
    private volatile int[] direct = new int[1024];

    private final ConcurrentHashMap<Integer, Integer> large = new ConcurrentHashMap<>();

    /** Set when the prober is replaced: its late callbacks count nothing. */
    private volatile boolean closed;

    /** Makes every id read {@link #REMOVED} from now on. */
    void closeAll() {
        closed = true;
    }

    void put(int id, int slot) {
        set(id, slot + 1);
    }

    void remove(int id) {
        set(id, -1);
    }

    private void set(int id, int value) {
        if (id < 0 || id >= MAX_DIRECT) {
            large.put(id, value);
            return;
        }
        int[] a = direct;
        if (id >= a.length) {
            a = Arrays.copyOf(a, Math.max(id + 1, Math.min(MAX_DIRECT, a.length * 2)));
            direct = a;
        }
        INTS.setRelease(a, id, value);
    }

    /**
     * The slot of an id.
     *
     * @param id the engine's id
     * @return the slot, {@link #REMOVED}, or {@link #ABSENT} when no entry came within a short wait
     */
    int slot(int id) {
        if (closed) {
            return REMOVED;
        }
        int v = read(id);
        if (v == 0) {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (v == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                v = read(id);
            }
        }
        return v == 0 ? ABSENT : v < 0 ? REMOVED : v - 1;
    }

    private int read(int id) {
        if (id < 0 || id >= MAX_DIRECT) {
            Integer v = large.get(id);
            return v == null ? 0 : v;
        }
        int[] a = direct;
        return id < a.length ? (int) INTS.getAcquire(a, id) : 0;
    }
}
