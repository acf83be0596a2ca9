package dev.icmpj;

import dev.icmpj.internal.engine.Lane;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One ping, the ping policy on a probe loop: request k leaves k intervals after the first one left (iputils'
 * cadence: it does not wait for replies), each alone so that its send clock is its own, as far as the
 * socket's in-flight budget allows; every request is decided once by the loop, duplicates are counted, and
 * the future completes with the {@link Host} once the last request is decided. The first
 * {@link PingOptions#preload()} requests leave at once (iputils' {@code -l}), and the cadence then runs
 * {@code preload - 1} intervals behind. With no interval it sends as fast as the budget allows. A flood
 * follows iputils' rule instead: the next request leaves when fewer than {@code preload} are unanswered, or
 * {@value #FLOOD_FALLBACK_MILLIS} ms after the last one; it runs on a loop and socket of its own, whose
 * kernel drops it reports ({@link PingListener#onKernelDrops}), read about once a second and before the end.
 * Adaptive pacing ({@link PingOptions#adaptive()}) is iputils' {@code -A}: the interval becomes the moving
 * average of the round trips, spent through iputils' token bucket, and the flood's rule once it is zero.
 *
 * <p>A broadcast ping, or a ping of the unspecified address (which the kernel answers from a local one),
 * takes an echo reply from any source: the first per request is the reply, the others are duplicates, each
 * with its source, as iputils counts them.
 *
 * <p>Thread-safety: every method but {@link #future()} and the cancellation of the future runs on the loop's
 * thread; the listener's calls for one ping never overlap.
 */
final class PingRun extends FutureOperation<Host> {

    /** Requests one turn of the loop sends before it reads again. */
    private static final int SENDS_PER_RUN = 64;
    /** How often a flood reads its socket's kernel drop counter (a system call). */
    private static final long DROPS_CHECK_NANOS = 1_000_000_000L;
    /**
     * iputils' {@code MININTERVAL}: with no interval, a request leaves at least this often, answered or not
     * ("as fast as they come back or one hundred times per second, whichever is more").
     */
    static final long FLOOD_FALLBACK_MILLIS = 10;

    private static final long FLOOD_FALLBACK_NANOS = FLOOD_FALLBACK_MILLIS * 1_000_000L;

    private final ProbeEngine engine;
    private final InetAddress address;
    private final boolean ipv6;
    private final long high;
    private final long low;
    private final boolean anySource;
    private final PingOptions options;
    private final PingListener listener;
    private final byte[] payload;
    private final long intervalNanos;
    private final boolean flood;
    private final int preload;
    private final boolean adaptive;
    private final long minimumAdaptiveNanos;
    /** The replies and errors that decided requests, compact (a flood may decide millions), or only counted. */
    private final ReplyList decidedBy;

    private Lane lane;
    private boolean started;
    /** The first request's send clock: request k leaves at start + k intervals. */
    private long start;

    private int sent;
    private int decided;
    private int duplicates;
    /** The send order of the newest request an echo reply or an ICMP error answered; -1 before any. */
    private int newestAnswered = -1;
    /** The loop's clock when the last request was sent (iputils' {@code cur_time}). */
    private long lastSendAt;
    /** Adaptive pacing: the interval in force, iputils' moving average of the RTT (8 times, in µs), its tokens. */
    private long adaptiveIntervalNanos;

    private long rttMicrosTimes8;
    private long tokensNanos;
    private long dropsAtStart;
    private long dropsReported;
    private long nextDropsCheck = ProbeLoop.NOTHING_DUE;

    /**
     * Prepares a ping; it starts when a loop runs it.
     *
     * @param engine the engine, which completes the future
     * @param address the destination
     * @param options how to ping
     * @param listener told of each request's fate
     * @param payload the echo data of every request
     * @param flood true on a loop of its own: its socket's kernel drops are reported
     */
    PingRun(
            ProbeEngine engine,
            InetAddress address,
            PingOptions options,
            PingListener listener,
            byte[] payload,
            boolean flood) {
        super(Nanos.saturated(options.timeout()), 0);
        this.engine = engine;
        this.address = address;
        this.ipv6 = address instanceof Inet6Address;
        this.high = AddressBits.highOf(address);
        this.low = AddressBits.lowOf(address);
        this.anySource = options.broadcast() || address.isAnyLocalAddress();
        this.options = options;
        this.listener = listener;
        this.payload = payload;
        this.intervalNanos = Nanos.saturated(options.interval());
        this.flood = flood;
        this.preload = options.preload();
        this.adaptive = options.adaptive();
        this.minimumAdaptiveNanos = Nanos.saturated(options.minimumAdaptiveInterval());
        this.adaptiveIntervalNanos = intervalNanos;
        this.decidedBy = options.keepReplies() ? new ReplyList(address) : ReplyList.counting(address);
    }

    @Override
    protected long run(long now) throws IOException {
        if (endedByCaller()) {
            return ProbeLoop.NOTHING_DUE;
        }
        if (!started) {
            started = true;
            lane = loop().lane(ipv6);
            if (flood) {
                dropsAtStart = lane.kernelDrops();
                nextDropsCheck = now + DROPS_CHECK_NANOS;
            }
            ListenerCalls.guarded(() -> listener.onStart(address, options), "PingListener");
            Privilege kind = lane.isRaw() ? Privilege.PRIVILEGED : Privilege.UNPRIVILEGED;
            int identifier = lane.identifier();
            ListenerCalls.guarded(() -> listener.onSocket(address, kind, identifier), "PingListener");
        }
        if (now >= nextDropsCheck) {
            nextDropsCheck = now + DROPS_CHECK_NANOS;
            reportDrops();
        }
        for (int sends = 0; sent < options.count(); sends++) {
            long at = nextSendAt(now);
            if (at > now) {
                return Math.min(at, nextDropsCheck);
            }
            if (!lane.hasRoom(payload.length)) {
                loop().waitForRoom(this, lane);
                return nextDropsCheck;
            }
            if (sends == SENDS_PER_RUN) {
                return now;
            }
            spendToken(now);
            if (!sendNext()) {
                return ProbeLoop.NOTHING_DUE;
            }
        }
        completeIfDecided();
        return nextDropsCheck;
    }

    /** When the next request may leave, by the rule of this ping's pacing; {@code now} or earlier: at once. */
    private long nextSendAt(long now) {
        if (sent < preload) {
            return now;
        }
        if (adaptive) {
            if (adaptiveIntervalNanos == 0) {
                return windowRule(now);
            }
            long available = tokensAvailable(now);
            return available >= adaptiveIntervalNanos ? now : now + (adaptiveIntervalNanos - available);
        }
        if (flood) {
            return windowRule(now);
        }
        if (intervalNanos == 0) {
            return now;
        }
        return start + saturatedProduct(intervalNanos, sent - preload + 1);
    }

    /** iputils' rule with no interval: the next request when fewer than preload are unanswered, else 10 ms on. */
    private long windowRule(long now) {
        long fallback = lastSendAt + FLOOD_FALLBACK_NANOS;
        return unanswered() < preload || now - fallback >= 0 ? now : fallback;
    }

    /**
     * iputils' count of requests in flight: those sent after the newest one answered (a lost request stops
     * counting once a later one is answered).
     */
    private int unanswered() {
        return sent - (newestAnswered + 1);
    }

    /** iputils' token bucket: the time since the last send plus the tokens left, at most preload intervals. */
    private long tokensAvailable(long now) {
        long sinceLast = Math.max(0, now - lastSendAt);
        long cap = saturatedProduct(adaptiveIntervalNanos, preload);
        return sinceLast > cap - tokensNanos ? cap : sinceLast + tokensNanos;
    }

    /** Takes the next request's turn: one interval of tokens (adaptive pacing), and the time of this send. */
    private void spendToken(long now) {
        if (adaptive) {
            tokensNanos = sent < preload ? 0 : Math.max(0, tokensAvailable(now) - adaptiveIntervalNanos);
        }
        lastSendAt = now;
    }

    /**
     * Sends the next request alone. A method of its own, called once per request, so that a cold JVM compiles
     * it after a flood's first few hundred requests.
     *
     * @return false when the ping failed (no sequence number was free)
     */
    private boolean sendNext() throws IOException {
        int probe;
        try {
            probe = loop().newProbe(this, lane, high, low, sent, anySource);
        } catch (IcmpSocketException e) {
            fail(e);
            return false;
        }
        sent++;
        loop().stage(probe, payload, options.ttl(), options.trafficClass());
        loop().flush();
        return true;
    }

    @Override
    protected void onSent(int probe) {
        int sequence = loop().sequence(probe);
        long sentAt = loop().sentAtMonotonicNanos(probe);
        if (loop().tag(probe) == 0) {
            // the cadence runs from the first request's own send clock, so a slow first send (a cold JVM) never
            // shortens the first interval: request k leaves at least k intervals after request 0, as in iputils
            start = sentAt;
        }
        try {
            listener.onSent(address, sequence, sentAt);
        } catch (RuntimeException e) {
            ListenerCalls.ignored(e, "PingListener");
        }
    }

    /**
     * A request that could not leave: the first one fails the ping (no route, a broadcast not allowed: the
     * ping cannot work), a later one counts as sent and lost (a route that went away), as iputils counts it,
     * and the ping goes on.
     */
    @Override
    protected void onSendFailed(int tag, int sequence, IOException cause) {
        if (tag == 0) {
            fail(cause);
            return;
        }
        decided++;
        IcmpSocketException failure = ListenerCalls.sendFailure(cause);
        ListenerCalls.guarded(() -> listener.onSendFailed(address, sequence, failure), "PingListener");
        ListenerCalls.guarded(() -> listener.onLoss(address, sequence), "PingListener");
        completeIfDecided();
    }

    /** A local firewall refused a request, which counts as sent and stays in flight. */
    @Override
    protected void onSendRefused(int probe, IOException refusal) {
        int sequence = loop().sequence(probe);
        IcmpSocketException failure = ListenerCalls.sendFailure(refusal);
        ListenerCalls.guarded(() -> listener.onSendFailed(address, sequence, failure), "PingListener");
    }

    /**
     * An echo reply or an ICMP error answered a request: the newest answered moves on (a flood's window), and
     * adaptive pacing takes the round trip into its average (iputils' {@code gather_statistics}, duplicates
     * included; its {@code update_interval}: the average in whole milliseconds, rounded).
     */
    private void answered(int probe, long rttNanos, boolean timed) {
        newestAnswered = Math.max(newestAnswered, loop().tag(probe));
        if (adaptive && timed) {
            long micros = rttNanos / 1_000;
            rttMicrosTimes8 = rttMicrosTimes8 == 0 ? micros * 8 : rttMicrosTimes8 + micros - rttMicrosTimes8 / 8;
            long millis = (rttMicrosTimes8 / 8 + 500) / 1_000;
            adaptiveIntervalNanos = Math.max(millis * 1_000_000L, minimumAdaptiveNanos);
        }
        if (adaptive || flood) {
            // the next request may be due now: a window freed, an interval changed
            loop().wake(this);
        }
    }

    @Override
    protected void onReply(int probe, ReplyView view, long rttNanos) {
        Reply reply = ProbeReplies.of(loop(), probe, view, rttNanos, anySource ? null : address);
        answered(probe, rttNanos, true);
        decided++;
        decidedBy.add(reply);
        try {
            listener.onReply(address, reply);
        } catch (RuntimeException e) {
            ListenerCalls.ignored(e, "PingListener");
        }
        completeIfDecided();
    }

    @Override
    protected void onDuplicate(int probe, ReplyView view, long rttNanos) {
        duplicates++;
        Reply reply = ProbeReplies.of(loop(), probe, view, rttNanos, anySource ? null : address);
        answered(probe, rttNanos, true);
        ListenerCalls.guarded(() -> listener.onDuplicate(address, reply), "PingListener");
    }

    @Override
    protected void onError(int probe, ReplyView view, long rttNanos) {
        Reply error = ProbeReplies.of(loop(), probe, view, rttNanos, anySource ? null : address);
        answered(probe, rttNanos, false);
        decided++;
        decidedBy.add(error);
        ListenerCalls.guarded(() -> listener.onError(address, error), "PingListener");
        completeIfDecided();
    }

    @Override
    protected void onLoss(int probe) {
        int sequence = loop().sequence(probe);
        decided++;
        ListenerCalls.guarded(() -> listener.onLoss(address, sequence), "PingListener");
        completeIfDecided();
    }

    /** Tells the listener the socket's kernel drops since the start, when they grew: a flood's socket is its own. */
    private void reportDrops() {
        long drops = lane.kernelDrops() - dropsAtStart;
        if (drops > dropsReported) {
            dropsReported = drops;
            ListenerCalls.guarded(() -> listener.onKernelDrops(address, drops), "PingListener");
        }
    }

    private void completeIfDecided() {
        if (isFinished() || sent < options.count() || decided < sent) {
            return;
        }
        Host host = Host.of(address, sent, decidedBy.snapshot(), duplicates);
        if (flood) {
            reportDrops();
        }
        ListenerCalls.guarded(() -> listener.onComplete(host), "PingListener");
        succeed(engine, host);
    }

    private static long saturatedProduct(long nanos, int times) {
        long product = nanos * times;
        return Math.multiplyHigh(nanos, times) != 0 || product < 0 ? Nanos.FOREVER : Math.min(product, Nanos.FOREVER);
    }
}
