package dev.icmpj.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Virtual time for engine tests: a {@link Ticker} that moves only when the test says, a
 * {@link ProbeScheduler#manual manual} scheduler whose sends and expiries run as time passes, and the
 * delivery timeline of a {@link FakeNetwork} on it. {@link #advance} runs everything due, in time order,
 * and waits until the engine's receive threads have handled every delivered message, so a test sees the
 * state at that virtual instant, however slow the machine: no test bound is in real time.
 *
 * <p>Thread-safe for {@link #read()}; {@link #advance} is for the test thread.
 */
public final class FakeClock implements Ticker, LoopDriver {

    private record Event(long at, long order, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    /** How long {@link #advance} waits in real time for a receive thread before it calls the test hung. */
    private static final long SETTLE_LIMIT_NANOS = Duration.ofSeconds(30).toNanos();

    private volatile long now = 1_000_000_000L;
    private final ProbeScheduler scheduler = ProbeScheduler.manual(this);
    private final PriorityQueue<Event> timeline = new PriorityQueue<>();
    private final List<FakeIcmpSocket> sockets = new CopyOnWriteArrayList<>();

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

    private long events;

    @Override
    public long read() {
        return now;
    }

    /** The scheduler to give the engine. */
    public ProbeScheduler scheduler() {
        return scheduler;
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

    void watch(FakeIcmpSocket socket) {
        sockets.add(socket);
    }

    /**
     * Runs a loop in virtual time, on the thread that advances the clock: at each instant when something was
     * delivered and at the times the loop asks for. It never waits in {@link ProbeLoop#await}.
     */
    @Override
    public void start(ProbeLoop loop) {
        for (var socket : loop.sockets()) {
            if (socket instanceof FakeIcmpSocket fake) {
                fake.drivenByLoop();
            }
        }
        loops.add(new Driven(loop, now));
    }

    /** The number of loops started on this clock, done or not. */
    public int loopsStarted() {
        return loops.size();
    }

    /** Runs the loops that are due now; true when one ran. */
    private boolean runLoopsDue() {
        boolean delivered = deliveredSinceLoops;
        deliveredSinceLoops = false;
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
     * (at one instant: deliveries first, then the scheduler's tasks).
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        long target = now + duration.toNanos();
        while (true) {
            awaitQuiet();
            if (runDeliveriesDue()) {
                deliveredSinceLoops = true;
                continue;
            }
            if (scheduler.runDue() > 0 || runLoopsDue()) {
                continue;
            }
            long next = Math.min(Math.min(scheduler.nextDeadline(), nextDelivery()), nextLoop());
            if (next == Long.MAX_VALUE || next > target) {
                break;
            }
            now = Math.max(now, next);
        }
        now = target;
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

    /** Waits until every socket's receive thread has handled what was delivered to it. */
    private void awaitQuiet() {
        long start = System.nanoTime();
        for (FakeIcmpSocket socket : sockets) {
            while (!socket.isQuiet()) {
                if (System.nanoTime() - start > SETTLE_LIMIT_NANOS) {
                    throw new AssertionError("a receive thread did not handle its messages within 30 s");
                }
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }
}
