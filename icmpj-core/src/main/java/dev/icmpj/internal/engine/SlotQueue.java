package dev.icmpj.internal.engine;

import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of (slot, generation, time) entries in growing primitive rings: probes in flight
 * in send order with their deadlines, or work due later with its time. No object per entry. The generation
 * tells a stale entry (its slot freed and taken again since) from a live one.
 *
 * <p>Not thread-safe.
 */
public final class SlotQueue {

    private int[] slots = new int[16];
    private int[] generations = new int[16];
    private long[] times = new long[16];
    private int head;
    private int size;

    /**
     * Appends an entry.
     *
     * @param slot the slot
     * @param generation the slot's generation, or 0 where there is none
     * @param time its time
     */
    public void add(int slot, int generation, long time) {
        if (size == slots.length) {
            grow();
        }
        int at = (head + size) & (slots.length - 1);
        slots[at] = slot;
        generations[at] = generation;
        times[at] = time;
        size++;
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /** True when there is no entry. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The oldest entry's slot. */
    public int peekSlot() {
        requireEntry();
        return slots[head];
    }

    /** The oldest entry's generation. */
    public int peekGeneration() {
        requireEntry();
        return generations[head];
    }

    /** The oldest entry's time. */
    public long peekTime() {
        requireEntry();
        return times[head];
    }

    /** Removes the oldest entry. */
    public void remove() {
        requireEntry();
        head = (head + 1) & (slots.length - 1);
        size--;
    }

    /**
     * Returns the slot of an entry, oldest first, without removing it.
     *
     * @param i 0..size() - 1
     * @return its slot
     */
    public int slotAt(int i) {
        return slots[(head + i) & (slots.length - 1)];
    }

    /**
     * Returns the generation of an entry, oldest first.
     *
     * @param i 0..size() - 1
     * @return its generation
     */
    public int generationAt(int i) {
        return generations[(head + i) & (slots.length - 1)];
    }

    /** Removes every entry. */
    public void clear() {
        head = 0;
        size = 0;
    }

    private void requireEntry() {
        if (size == 0) {
            throw new NoSuchElementException("the queue is empty");
        }
    }

    private void grow() {
        int capacity = slots.length * 2;
        slots = unwrap(slots, new int[capacity]);
        generations = unwrap(generations, new int[capacity]);
        long[] newTimes = new long[capacity];
        int first = times.length - head;
        System.arraycopy(times, head, newTimes, 0, first);
        System.arraycopy(times, 0, newTimes, first, head);
        times = newTimes;
        head = 0;
    }

    private int[] unwrap(int[] ring, int[] into) {
        int first = ring.length - head;
        System.arraycopy(ring, head, into, 0, first);
        System.arraycopy(ring, 0, into, first, head);
        return into;
    }

    @Override
    public String toString() {
        return "SlotQueue[size=" + size + ", capacity=" + slots.length + "]";
    }
}
