package dev.icmpj.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing side of a {@link TunPeer}: one platform thread writes each packet at its due time, waiting on a
 * condition until {@value #SPIN_NANOS} ns before it and spinning for the rest, so that delays are accurate to
 * a few microseconds; answers without delay may be written at once by the caller ({@link #writeNow}). A held packet (a reordered reply) goes out right after the next packet that is not held,
 * or at its own due time.
 *
 * <p>{@link #schedule} and {@link #writeNow} are thread-safe; {@link #stop()} joins the thread.
 */
final class ReplySender {
    private static final long SPIN_NANOS = 200_000;

    private record Emission(
            long due, long order, byte[] packet, ReceivedProbe probe, PeerAction action, boolean held) {}

    private final WakeableFd tun;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Emission> queue =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private final List<SentPacket> sent = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private long order;
    /** Held packets in the queue: releasing scans the queue only when there are some. */
    private int heldCount;

    private boolean running = true;
    private volatile IOException failure;

    ReplySender(WakeableFd tun) {
        this.tun = tun;
        this.thread =
                Thread.ofPlatform().name("tun-peer-send-" + tun.name()).daemon().unstarted(this::run);
        thread.start();
    }

    /**
     * Queues packets to be written back to back at a due time.
     *
     * @param due {@link System#nanoTime()} when to write them
     * @param held whether they wait for the next packet that is not held (due acts as the latest time)
     */
    void schedule(long due, List<byte[]> packets, ReceivedProbe probe, PeerAction action, boolean held) {
        lock.lock();
        try {
            for (byte[] packet : packets) {
                queue.add(new Emission(due, order++, packet, probe, action, held));
                heldCount += held ? 1 : 0;
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes packets at once on the calling thread, then the held ones: the fast path of answers without
     * delay, which skips waking the sender thread.
     *
     * @param errno the calling thread's errno segment
     * @param buffer a native buffer of the calling thread, 64 KiB
     * @throws IOException when the kernel refuses a packet
     */
    void writeNow(
            List<byte[]> packets, ReceivedProbe probe, PeerAction action, MemorySegment errno, MemorySegment buffer)
            throws IOException {
        long now = System.nanoTime();
        for (byte[] packet : packets) {
            write(new Emission(now, 0, packet, probe, action, false), errno, buffer);
        }
        for (Emission released : releaseHeld()) {
            write(released, errno, buffer);
        }
    }

    /** The packets written so far, in writing order. */
    List<SentPacket> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** How many packets were written so far, without copying their records. */
    int sentCount() {
        return sent.size();
    }

    /** The write error that stopped the thread, or null. */
    IOException failure() {
        return failure;
    }

    /** Stops the thread without writing what is still queued, and waits for it (5 s at most). */
    void stop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            changed.signal();
        } finally {
            lock.unlock();
        }
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment buffer = arena.allocate(65_536);
            // The first call of a downcall handle costs milliseconds; pay it now, on a bad fd (EBADF).
            Libc.write(errno, -1, buffer, 0);
            while (true) {
                Emission next = await();
                if (next == null) {
                    return;
                }
                while (System.nanoTime() < next.due) {
                    Thread.onSpinWait();
                }
                write(next, errno, buffer);
                if (!next.held) {
                    for (Emission released : releaseHeld()) {
                        write(released, errno, buffer);
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the earliest packet is due within {@link #SPIN_NANOS}, and takes it; null when stopped. */
    private Emission await() throws InterruptedException {
        lock.lock();
        try {
            while (running) {
                Emission head = queue.peek();
                if (head == null) {
                    changed.await();
                    continue;
                }
                long wait = head.due - System.nanoTime() - SPIN_NANOS;
                if (wait <= 0) {
                    Emission taken = queue.poll();
                    heldCount -= taken.held ? 1 : 0;
                    return taken;
                }
                changed.awaitNanos(wait);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private List<Emission> releaseHeld() {
        lock.lock();
        try {
            List<Emission> held = new ArrayList<>();
            if (heldCount == 0) {
                return held;
            }
            queue.removeIf(e -> e.held && held.add(e));
            heldCount = 0;
            held.sort((a, b) -> Long.compare(a.order, b.order));
            return held;
        } finally {
            lock.unlock();
        }
    }

    private void write(Emission e, MemorySegment errno, MemorySegment buffer) throws IOException {
        MemorySegment.copy(e.packet, 0, buffer, ValueLayout.JAVA_BYTE, 0, e.packet.length);
        long now = System.nanoTime();
        // recorded before the write: once the packet is out, the pinger may return and its test read the record
        SentPacket record = new SentPacket(e.probe, e.action, e.due, now, e.packet.length);
        sent.add(record);
        try {
            tun.write(errno, buffer, e.packet.length);
        } catch (IOException | RuntimeException failed) {
            sent.remove(record);
            throw failed;
        }
    }
}
