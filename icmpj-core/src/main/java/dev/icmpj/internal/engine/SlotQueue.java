package dev.icmpj.internal.engine;

import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of (slot, time) pairs in two growing primitive rings: requests in flight in
 * send order with their deadlines, or requests due later with their times. No object per entry.
 *
 * <p>Not thread-safe.
 */
public final class SlotQueue {

    private int[] slots = new int[1024];
    private long[] times = new long[1024];
    private int head;
    private int size;

    /** Appends an entry. */
    public void add(int slot, long time) {
        if (size == slots.length) {
            grow();
        }
        int at = (head + size) & (slots.length - 1);
        slots[at] = slot;
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
        int[] newSlots = new int[slots.length * 2];
        long[] newTimes = new long[slots.length * 2];
        int first = slots.length - head;
        System.arraycopy(slots, head, newSlots, 0, first);
        System.arraycopy(slots, 0, newSlots, first, head);
        System.arraycopy(times, head, newTimes, 0, first);
        System.arraycopy(times, 0, newTimes, first, head);
        slots = newSlots;
        times = newTimes;
        head = 0;
    }

    @Override
    public String toString() {
        return "SlotQueue[size=" + size + ", capacity=" + slots.length + "]";
    }
}
