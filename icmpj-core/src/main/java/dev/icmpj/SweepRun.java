package dev.icmpj;

import dev.icmpj.internal.engine.Lane;
import dev.icmpj.internal.engine.Operation;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.engine.SlotQueue;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import java.io.IOException;
import java.net.InetAddress;

/**
 * One loop's part of a {@link Sweep}: the sweep policy on a probe loop with sockets of its own (one per
 * family). It claims targets from the sweep as it goes and sends their requests under a token bucket
 * ({@code rate}), a limit of targets in progress ({@code concurrency}) and each socket's in-flight budget;
 * request k + 1 of a target leaves one interval after request k, from a queue of re-sends. A request's tag is
 * {@code target * count + k}, the index of its RTT in the sweep's arrays; the loop matches and decides it.
 *
 * <p>Thread-safety: every method but {@link #stop()} runs on the loop's thread.
 */
final class SweepRun extends Operation {

    /** Requests one run sends before the loop reads again. */
    private static final int SENDS_PER_RUN = 256;

    private final Sweep sweep;
    private final int count;
    private final int concurrency;
    private final double rate;
    private final SweepCalls calls;
    private final SlotQueue resends = new SlotQueue();
    private TokenBucket tokens;
    private Lane ipv4;
    private Lane ipv6;
    private long dropsAtStart;

    /** The end of the claim this loop sends from ({@link #nextTarget} up to it), and the targets it claimed. */
    private int nextTarget;

    private int claimEnd;
    private int claimed;
    /** True once a claim found no target left. */
    private boolean allClaimed;

    private int active;
    private int complete;

    /**
     * Prepares one loop's part.
     *
     * @param sweep the sweep
     * @param loops how many loops share the sweep: each gets that share of the rate and the concurrency
     */
    SweepRun(Sweep sweep, int loops) {
        super(Nanos.saturated(sweep.ping.timeout()), 0);
        this.sweep = sweep;
        this.count = sweep.count;
        int limit = sweep.options.concurrency();
        this.concurrency = limit == 0 ? 0 : Math.max(1, limit / loops);
        this.rate = sweep.options.rate() / loops;
        this.calls = new SweepCalls(sweep.listenerLock, loops > 1);
    }

    /** Stops this part from any thread: it sends nothing more and ends without telling the sweep. */
    void stop() {
        ProbeLoop loop = loop();
        if (loop != null) {
            loop.execute(() -> loop.finish(this));
        }
    }

    @Override
    protected long run(long now) throws IOException {
        try {
            if (sweep.future.isDone()) {
                loop().finish(this);
                return ProbeLoop.NOTHING_DUE;
            }
            if (tokens == null) {
                tokens = new TokenBucket(rate, now);
                ipv4 = loop().lane(false);
                ipv6 = loop().lane(true);
                dropsAtStart = drops();
                if (!claim()) {
                    end();
                    return ProbeLoop.NOTHING_DUE;
                }
            }
            long due = send(now);
            // sent now, so that the re-sends they schedule count in the time returned
            loop().flush();
            return isFinished() ? ProbeLoop.NOTHING_DUE : Math.min(due, resends.isEmpty() ? due : resends.peekTime());
        } finally {
            calls.flush();
        }
    }

    /** Stages what is due, as far as the rate, the concurrency limit and the budgets allow; returns the next due. */
    private long send(long now) throws IOException {
        for (int sends = 0; ; sends++) {
            boolean resend = !resends.isEmpty() && resends.peekTime() <= now;
            boolean fresh = !resend && (concurrency == 0 || active < concurrency) && hasFreshTarget();
            if (!resend && !fresh) {
                return resends.isEmpty() ? ProbeLoop.NOTHING_DUE : resends.peekTime();
            }
            if (isFinished()) {
                return ProbeLoop.NOTHING_DUE;
            }
            if (sends == SENDS_PER_RUN) {
                return now;
            }
            int tag = resend ? resends.peekSlot() : nextTarget * count;
            int target = tag / count;
            if (fresh && sweep.targets.failure(target) != null) {
                nextTarget++;
                targetFailed(target);
                continue;
            }
            if (!tokens.take(now)) {
                return tokens.nextTokenAt(now);
            }
            Lane lane = sweep.targets.isIpv6(target) ? ipv6 : ipv4;
            if (!lane.hasRoom(sweep.payload.length)) {
                tokens.giveBack();
                loop().waitForRoom(this, lane);
                return ProbeLoop.NOTHING_DUE;
            }
            if (resend) {
                resends.remove();
            } else {
                nextTarget++;
                active++;
            }
            stage(lane, target, tag);
        }
    }

    private void stage(Lane lane, int target, int tag) throws IOException {
        sweep.sent[target]++;
        int probe;
        try {
            long high = sweep.targets.high(target);
            long low = sweep.targets.low(target);
            // 0.0.0.0 and :: (all bits 0 in either family) are answered from a local address, as a ping of them takes
            probe = loop().newProbe(this, lane, high, low, tag, high == 0 && low == 0);
        } catch (IcmpSocketException allInFlight) {
            // the same target listed more than 65,536 times: this request cannot have a sequence of its own
            scheduleResend(tag, loop().now());
            sendFailed(tag, allInFlight);
            return;
        }
        loop().stage(probe, sweep.payload, sweep.ping.ttl(), sweep.ping.trafficClass());
    }

    @Override
    protected void onSent(int probe) {
        scheduleResend(loop().tag(probe), loop().sentAtMonotonicNanos(probe));
        sweep.peakInFlight.accumulateAndGet(sweep.inFlight.incrementAndGet(), Math::max);
    }

    /** A request that cannot leave (no route, ...) is decided at once; the sweep goes on. */
    @Override
    protected void onSendFailed(int tag, int sequence, IOException cause) {
        scheduleResend(tag, loop().now());
        sendFailed(tag, ListenerCalls.sendFailure(cause));
    }

    private void sendFailed(int tag, IcmpSocketException failure) {
        int target = tag / count;
        if (sweep.listenerTakesSendFailures) {
            InetAddress address = sweep.targets.address(target);
            tell(() -> sweep.listener.onSendFailed(target, tag % count, address, failure));
        }
        decideOne(target);
    }

    private void scheduleResend(int tag, long sentAt) {
        if (tag % count + 1 < count) {
            resends.add(tag + 1, 0, sentAt + sweep.intervalNanos);
        }
    }

    @Override
    protected void onReply(int probe, ReplyView reply, long rttNanos) {
        sweep.inFlight.decrementAndGet();
        int tag = loop().tag(probe);
        int target = tag / count;
        sweep.rtts[tag] = (float) (rttNanos / 1e6);
        sweep.received[target]++;
        if (reply.ttl() > 0) {
            sweep.ttls[target] = (byte) reply.ttl();
        }
        if (sweep.listenerTakesReplies) {
            Reply value = ProbeReplies.of(loop(), probe, reply, rttNanos, null);
            InetAddress address = reply.source();
            tell(() -> sweep.listener.onReply(target, tag % count, address, value));
        }
        decideOne(target);
    }

    @Override
    protected void onDuplicate(int probe, ReplyView reply, long rttNanos) {
        int tag = loop().tag(probe);
        int target = tag / count;
        sweep.duplicates[target]++;
        if (sweep.listenerTakesDuplicates) {
            Reply value = ProbeReplies.of(loop(), probe, reply, rttNanos, null);
            InetAddress address = reply.source();
            tell(() -> sweep.listener.onDuplicate(target, tag % count, address, value));
        }
    }

    @Override
    protected void onError(int probe, ReplyView error, long rttNanos) {
        sweep.inFlight.decrementAndGet();
        int tag = loop().tag(probe);
        int target = tag / count;
        sweep.errors[target]++;
        if (sweep.listenerTakesErrors) {
            Reply value = ProbeReplies.of(loop(), probe, error, rttNanos, null);
            InetAddress address = sweep.targets.address(target);
            tell(() -> sweep.listener.onError(target, tag % count, address, value));
        }
        decideOne(target);
    }

    @Override
    protected void onLoss(int probe) {
        sweep.inFlight.decrementAndGet();
        lose(loop().tag(probe), loop().sequence(probe));
    }

    private void lose(int tag, int sequence) {
        int target = tag / count;
        if (sweep.listenerTakesLosses) {
            InetAddress address = sweep.targets.address(target);
            tell(() -> sweep.listener.onLoss(target, tag % count, address, sequence));
        }
        decideOne(target);
    }

    private void decideOne(int target) {
        if (++sweep.decided[target] < count) {
            return;
        }
        active--;
        complete++;
        if (sweep.listenerTakesCompletions) {
            Host host = sweep.result.get(target);
            tell(() -> sweep.listener.onComplete(target, host));
        }
        if (allClaimed && complete == claimed) {
            end();
        } else if (concurrency != 0) {
            // room for another target
            loop().wake(this);
        }
    }

    private void tell(Runnable call) {
        if (calls.tell(call)) {
            // held back: made at the end of the next run, which is due now
            loop().wake(this);
        }
    }

    /** True when this loop has a target not sent yet, claiming more when its claim is used up. */
    private boolean hasFreshTarget() {
        if (nextTarget < claimEnd) {
            return true;
        }
        if (allClaimed) {
            return false;
        }
        if (claim()) {
            return true;
        }
        if (complete == claimed) {
            // every target it claimed was decided before it found none left
            end();
        }
        return false;
    }

    /** Claims the next targets no loop has; false when none are left. */
    private boolean claim() {
        int n = sweep.targets.size();
        int start = sweep.unclaimed.getAndAdd(Sweep.CLAIM);
        if (start >= n || start < 0) {
            allClaimed = true;
            return false;
        }
        nextTarget = start;
        claimEnd = Math.min(n, start + Sweep.CLAIM);
        claimed += claimEnd - start;
        return true;
    }

    private void targetFailed(int target) {
        complete++;
        IcmpLibException cause = sweep.targets.failure(target);
        String text = sweep.targets.targets().get(target);
        tell(() -> sweep.listener.onFailed(target, text, cause));
        if (allClaimed && complete == claimed) {
            end();
        }
    }

    private long drops() {
        return (ipv4 == null ? 0 : ipv4.kernelDrops()) + (ipv6 == null ? 0 : ipv6.kernelDrops());
    }

    /** This loop's claims are all decided: it ends, and tells the sweep. */
    private void end() {
        if (isFinished()) {
            return;
        }
        calls.flush();
        loop().finish(this);
        sweep.runEnded(drops() - dropsAtStart, null);
    }

    @Override
    protected void onFailed(Throwable cause) {
        calls.flush();
        sweep.runEnded(0, cause);
    }
}
