package dev.icmpj.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Virtual time for engine tests: a {@link Ticker} that moves only when the test says, a {@link LoopDriver}
 * that runs the engine's loops (their sends, reads and expiries) on the test's thread as time passes, and the
 * delivery timeline of a {@link FakeNetwork} on it. {@link #advance} runs everything due, in time order, so a
 * test sees the state at that virtual instant, however slow the machine: no test bound is in real time.
 *
 * <p>Thread-safe for {@link #read()}, {@link #at} and {@link #wakeLoops()}; {@link #advance} is for the test
 * thread.
 */
public final class FakeClock implements Ticker, LoopDriver {

    private record Event(long at, long order, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private volatile long now = 1_000_000_000L;
    private final PriorityQueue<Event> timeline = new PriorityQueue<>();

    /** A loop this clock runs, and the time it asked to run next. */
    private static final class Driven {
        final ProbeLoop loop;
        long next;

        Driven(ProbeLoop loop, long next) {
            this.loop = loop;
            this.next = next;
        }
    }

    private final List<Driven> loops = new CopyOnWriteArrayList<>();
    /** True when a message was delivered since the loops last ran: they read it at that instant. */
    private boolean deliveredSinceLoops;
    /** True when a socket was woken since the loops last ran (work given from another thread). */
    private volatile boolean wokenSinceLoops;

    private long events;

    @Override
    public long read() {
        return now;
    }

    /**
     * Runs an action when the clock reaches a time (a message's arrival).
     *
     * @param at the virtual time
     * @param action what happens then
     */
    public synchronized void at(long at, Runnable action) {
        timeline.add(new Event(at, events++, action));
    }

    /**
     * Moves the clock on while a loop runs, as work that takes time does (a read of a long queue); from the
     * loop's turn, on the thread that advances the clock.
     *
     * @param nanos how long the work took
     */
    void spend(long nanos) {
        now += nanos;
    }

    /** Makes the loops run at the current instant at the next {@link #advance}, as a socket's wakeup would. */
    void wakeLoops() {
        wokenSinceLoops = true;
    }

    /**
     * Runs a loop in virtual time, on the thread that advances the clock: at each instant when something was
     * delivered or a socket woken, and at the times the loop asks for. It never waits in
     * {@link ProbeLoop#await}.
     */
    @Override
    public void start(ProbeLoop loop) {
        loops.add(new Driven(loop, now));
    }

    /** Runs the ending turn of a loop told to end, on the calling thread (the test's): there is no thread to wait for. */
    @Override
    public void awaitEnded(ProbeLoop loop) {
        if (!loop.isDone()) {
            loop.runOnce(now);
        }
    }

    /** The number of loops started on this clock, done or not. */
    public int loopsStarted() {
        return loops.size();
    }

    /** Runs the loops that are due now; true when one ran. */
    private boolean runLoopsDue() {
        boolean delivered = deliveredSinceLoops || wokenSinceLoops;
        deliveredSinceLoops = false;
        wokenSinceLoops = false;
        boolean ran = false;
        for (Driven driven : loops) {
            if (driven.loop.isDone()) {
                continue;
            }
            if (delivered || driven.next - now <= 0) {
                driven.next = driven.loop.runOnce(now);
                ran = true;
            }
        }
        return ran;
    }

    private long nextLoop() {
        long next = Long.MAX_VALUE;
        for (Driven driven : loops) {
            if (!driven.loop.isDone()) {
                next = Math.min(next, driven.next);
            }
        }
        return next;
    }

    /** Runs what is due now: the first sends of pings just started. */
    public void settle() {
        advance(Duration.ZERO);
    }

    /**
     * Moves the clock forward, running every delivery, send and expiry due on the way, in time order
     * (at one instant: deliveries first, then the loops).
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        long target = now + duration.toNanos();
        while (now - target <= 0) {
            if (runDeliveriesDue()) {
                deliveredSinceLoops = true;
                continue;
            }
            if (runLoopsDue()) {
                continue;
            }
            long next = Math.min(nextDelivery(), nextLoop());
            if (next == Long.MAX_VALUE || next > target) {
                break;
            }
            now = Math.max(now, next);
        }
        now = Math.max(now, target);
    }

    /** Runs the deliveries due now; true when there was one. */
    private boolean runDeliveriesDue() {
        boolean ran = false;
        Runnable due;
        while ((due = pollDelivery()) != null) {
            due.run();
            ran = true;
        }
        return ran;
    }

    private synchronized Runnable pollDelivery() {
        Event head = timeline.peek();
        return head != null && head.at() <= now ? timeline.poll().action() : null;
    }

    private synchronized long nextDelivery() {
        Event head = timeline.peek();
        return head == null ? Long.MAX_VALUE : head.at();
    }
}
