package dev.icmpj;

import dev.icmpj.internal.engine.Lane;
import dev.icmpj.internal.engine.Operation;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The targets of one {@link Prober} of one family, the prober policy on the shared loop of their socket
 * setting: each target gets its burst of requests every interval, forever, from a queue of targets by their
 * next time; each request is decided by the loop at its own deadline, and a reply after it is late (a decided
 * request stays matchable for one more timeout).
 *
 * <p>Thread-safety: {@link #add}, {@link #remove} and {@link #stop} may be called from any thread (they hand
 * the work to the loop); everything else runs on the loop's thread.
 */
final class ProberRun extends Operation {

    /** Requests one run sends before the loop reads again. */
    private static final int SENDS_PER_RUN = 256;
    /**
     * How early a request may leave to share a wake-up and a send call with the one due first: each wake-up
     * and each system call costs more than the request itself, and at 10,000 targets a second the loop would
     * otherwise wake for each one. A target's requests stay one interval apart, give or take this.
     */
    private static final long SEND_AHEAD_NANOS = 1_000_000;
    /** How often the socket's kernel drop counter is read (a system call). */
    private static final long DROPS_CHECK_NANOS = 1_000_000_000L;

    /**
     * One target: its address and its next burst's time. Made by the caller's thread, which keeps it as the
     * handle to remove exactly this target: a number removed and added again from two threads at once is
     * then two targets, whichever order their tasks reach the loop in. Its mutable fields are the loop's.
     */
    static final class Target {
        /** The caller's number for it. */
        final int id;

        final InetAddress address;
        final long high;
        final long low;
        /** True for 0.0.0.0 and ::, which the kernel answers from a local address, as a ping of them takes. */
        final boolean anySource;
        /** The loop's tag for its requests: this run's own count, so that a number used again is a new tag. */
        int tag = -1;

        long next;
        /** The scheduled time of its latest burst, for the send lag. */
        long scheduled;

        /** Set by the loop when it is removed, before or after it was added there. */
        boolean removed;

        Target(int id, InetAddress address) {
            this.id = id;
            this.address = address;
            this.high = AddressBits.highOf(address);
            this.low = AddressBits.lowOf(address);
            this.anySource = address.isAnyLocalAddress();
        }
    }

    private final ProbeLoop home;
    private final Family family;
    private final PingOptions options;
    private final ProberListener listener;
    private final byte[] payload;
    private final long intervalNanos;
    /** The targets by their tag. */
    private final Map<Integer, Target> targets = new HashMap<>();

    private int tags;
    private final PriorityQueue<Target> schedule = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
    private Lane lane;

    private long dropsAtStart;
    private long dropsReported;
    private long nextDropsCheck;

    /** Set once the loop ended under this prober: no call follows. */
    private volatile Throwable failure;

    ProberRun(ProbeLoop home, Family family, PingOptions options, ProberListener listener, byte[] payload) {
        super(Nanos.saturated(options.timeout()), Nanos.saturated(options.timeout()));
        this.home = home;
        this.family = family;
        this.options = options;
        this.listener = listener;
        this.payload = payload;
        this.intervalNanos = Nanos.saturated(options.interval());
    }

    /** The kind of socket, once the loop ran this prober; null before. */
    Privilege privilege() {
        Lane known = lane;
        return known == null ? null : known.isRaw() ? Privilege.PRIVILEGED : Privilege.UNPRIVILEGED;
    }

    /** Starts probing a target made by the caller; its first burst at a random point of its first interval. */
    void add(Target target) {
        home.execute(() -> {
            if (isFinished() || target.removed) {
                return;
            }
            long offset = intervalNanos > 1 ? ThreadLocalRandom.current().nextLong(intervalNanos) : 0;
            target.tag = tags++;
            target.next = loop().now() + offset;
            targets.put(target.tag, target);
            schedule.add(target);
            loop().wake(this);
        });
    }

    /** Stops probing a target, its requests in flight forgotten; returns once the loop has seen it. */
    void remove(Target target) {
        onLoopAndWait(() -> {
            target.removed = true;
            if (target.tag >= 0) {
                targets.remove(target.tag, target);
            }
        });
    }

    /** Stops probing every target; returns once the loop has seen it. */
    void stop() {
        onLoopAndWait(() -> home.finish(this));
    }

    /**
     * Runs a task on the loop and waits until it ran (or the loop ended), so that no call of the listener
     * follows; on the loop's own thread (from a listener), runs it at once. From another loop's thread (a
     * listener of another family's targets) it hands the task over without waiting: that loop may be waiting
     * for this one, and the task runs at this loop's next turn.
     */
    private void onLoopAndWait(Runnable task) {
        if (home.isLoopThread()) {
            task.run();
            return;
        }
        if (ProbeLoop.onALoopThread()) {
            home.execute(task);
            return;
        }
        CountDownLatch ran = new CountDownLatch(1);
        if (!home.execute(() -> {
            task.run();
            ran.countDown();
        })) {
            return;
        }
        boolean interrupted = false;
        while (!home.isDone()) {
            try {
                if (ran.await(10, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the loop ended under this prober, or null while it runs. */
    Throwable failure() {
        return failure;
    }

    @Override
    protected long run(long now) throws IOException {
        if (lane == null) {
            lane = loop().lane(family == Family.IPV6);
            dropsAtStart = lane.kernelDrops();
            nextDropsCheck = now + DROPS_CHECK_NANOS;
            Privilege privilege = privilege();
            safely(() -> listener.onSocket(family, privilege));
        }
        if (now >= nextDropsCheck) {
            nextDropsCheck = now + DROPS_CHECK_NANOS;
            long drops = lane.kernelDrops() - dropsAtStart;
            if (drops > dropsReported) {
                dropsReported = drops;
                safely(() -> listener.onKernelDrops(family, drops));
            }
        }
        long ahead = Math.min(SEND_AHEAD_NANOS, intervalNanos / 10);
        for (int sends = 0; !schedule.isEmpty() && schedule.peek().next - now <= ahead; ) {
            if (schedule.peek().removed) {
                schedule.poll();
                continue;
            }
            if (sends >= SENDS_PER_RUN) {
                return now;
            }
            if (!lane.hasRoom(payload.length)) {
                loop().waitForRoom(this, lane);
                return nextDropsCheck;
            }
            Target target = schedule.poll();
            target.scheduled = target.next;
            for (int k = 0; k < options.count(); k++) {
                send(target);
                sends++;
            }
            // a loop that fell more than an interval behind (a stopped process) starts again from now
            target.next = Math.max(target.scheduled + intervalNanos, now - intervalNanos);
            schedule.add(target);
        }
        return schedule.isEmpty() ? nextDropsCheck : Math.min(schedule.peek().next, nextDropsCheck);
    }

    private void send(Target target) throws IOException {
        int probe;
        try {
            probe = loop().newProbe(this, lane, target.high, target.low, target.tag, target.anySource);
        } catch (IcmpSocketException allInFlight) {
            safely(() -> listener.onSendFailed(target.id, allInFlight));
            return;
        }
        // sent with the others due at this wake-up, in one call, when the loop flushes after the run; the round
        // trip runs from the kernel's transmit timestamp of each request, which the prober's socket asks for
        loop().stage(probe, payload, options.ttl(), options.trafficClass());
    }

    @Override
    protected void onSent(int probe) {
        Target target = targets.get(loop().tag(probe));
        if (target != null) {
            int id = target.id;
            int sequence = loop().sequence(probe);
            long lag = Math.max(0, loop().sentAtMonotonicNanos(probe) - target.scheduled);
            safely(() -> listener.onSent(id, sequence, lag));
        }
    }

    @Override
    protected void onSendFailed(int tag, int sequence, IOException cause) {
        IcmpSocketException failure = ListenerCalls.sendFailure(cause);
        Target target = targets.get(tag);
        if (target != null) {
            int id = target.id;
            safely(() -> listener.onSendFailed(id, failure));
        }
    }

    @Override
    protected void onReply(int probe, ReplyView reply, long rttNanos) {
        tell(probe, reply, rttNanos, ProberListener::onReply);
    }

    @Override
    protected void onDuplicate(int probe, ReplyView reply, long rttNanos) {
        tell(probe, reply, rttNanos, ProberListener::onDuplicate);
    }

    @Override
    protected void onError(int probe, ReplyView error, long rttNanos) {
        tell(probe, error, rttNanos, ProberListener::onError);
    }

    @Override
    protected void onLoss(int probe) {
        Target target = targets.get(loop().tag(probe));
        if (target != null) {
            int id = target.id;
            int sequence = loop().sequence(probe);
            safely(() -> listener.onLoss(id, sequence));
        }
    }

    @Override
    protected void onLate(int probe, ReplyView reply, long rttNanos) {
        tell(probe, reply, rttNanos, ProberListener::onLate);
    }

    @Override
    protected void onFailed(Throwable cause) {
        failure = cause;
        safely(() -> listener.onFailed(cause));
    }

    /** One of the listener's calls with a reply. */
    @FunctionalInterface
    private interface ReplyCall {
        void call(ProberListener listener, int id, Reply reply);
    }

    /** Tells the listener of a reply to a probe whose target is still probed. */
    private void tell(int probe, ReplyView view, long rttNanos, ReplyCall call) {
        Target target = targets.get(loop().tag(probe));
        if (target != null) {
            int id = target.id;
            Reply value = ProbeReplies.of(loop(), probe, view, rttNanos, target.anySource ? null : target.address);
            safely(() -> call.call(listener, id, value));
        }
    }

    private static void safely(Runnable call) {
        ListenerCalls.guarded(call, "ProberListener");
    }
}
