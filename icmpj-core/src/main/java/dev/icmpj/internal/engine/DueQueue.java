package dev.icmpj.internal.engine;

import java.util.Arrays;

/**
 * The operations of a loop by the time each is due to run: a binary min-heap that knows each operation's
 * place ({@link Operation#queueIndex}), so a due time moves in O(log n).
 *
 * <p>Not thread-safe: its loop's thread only.
 */
final class DueQueue {

    private Operation[] heap = new Operation[8];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest due time, or {@link ProbeLoop#NOTHING_DUE}. */
    long peekDue() {
        return size == 0 ? ProbeLoop.NOTHING_DUE : heap[0].due;
    }

    /** Queues an operation that is not queued, at its {@link Operation#due}. */
    void add(Operation op) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = op;
        op.queueIndex = size;
        up(size++);
    }

    /** Removes and returns the operation due first. */
    Operation poll() {
        Operation first = heap[0];
        removeAt(0);
        return first;
    }

    /** Removes an operation, if queued. */
    void remove(Operation op) {
        if (op.queueIndex >= 0) {
            removeAt(op.queueIndex);
        }
    }

    /** Moves a queued operation to a new due time. */
    void update(Operation op, long due) {
        long was = op.due;
        op.due = due;
        if (due < was) {
            up(op.queueIndex);
        } else {
            down(op.queueIndex);
        }
    }

    private void removeAt(int at) {
        Operation gone = heap[at];
        gone.queueIndex = -1;
        size--;
        if (at == size) {
            heap[size] = null;
            return;
        }
        heap[at] = heap[size];
        heap[at].queueIndex = at;
        heap[size] = null;
        up(at);
        down(heap[at].queueIndex);
    }

    private void up(int at) {
        Operation op = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (heap[parent].due <= op.due) {
                break;
            }
            heap[at] = heap[parent];
            heap[at].queueIndex = at;
            at = parent;
        }
        heap[at] = op;
        op.queueIndex = at;
    }

    private void down(int at) {
        Operation op = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].due < heap[child].due) {
                child++;
            }
            if (op.due <= heap[child].due) {
                break;
            }
            heap[at] = heap[child];
            heap[at].queueIndex = at;
            at = child;
        }
        heap[at] = op;
        op.queueIndex = at;
    }
}
