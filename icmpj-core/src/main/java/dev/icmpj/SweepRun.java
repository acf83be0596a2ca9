package dev.icmpj;

import dev.icmpj.internal.engine.PingEngine;
import dev.icmpj.internal.engine.Probe;
import dev.icmpj.internal.engine.ProbeOwner;
import dev.icmpj.internal.engine.ReceiveWindow;
import dev.icmpj.internal.engine.SharedSocket;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketUnavailableException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One multiping in progress, the sweep policy on the engine's probes: many targets through one socket per
 * family. State per target and per request lives in primitive arrays indexed by the target's ordinal (a
 * request's slot is {@code target * count + k}); requests leave in order, under a token bucket
 * ({@code rate}), a limit of targets in progress ({@code concurrency}) and the sockets' receive windows;
 * request k + 1 of a target leaves one interval after request k, from a FIFO of re-sends; expiries come
 * from one FIFO of requests in send order, since every request has the same timeout.
 *
 * <p>Thread-safe: every method runs under this sweep's lock.
 */
final class SweepRun implements ProbeOwner {

    private static final byte UNSENT = 0;
    private static final byte PENDING = 1;
    private static final byte ANSWERED = 2;
    private static final byte ERRORED = 3;
    private static final byte LOST = 4;

    /** Requests one turn of the send loop sends before it yields the scheduler to expiries. */
    private static final int SENDS_PER_TURN = 1024;

    /** A target's next request and when it is due. */
    private record Resend(int target, int k, long due) {}

    private final PingEngine engine;
    private final Targets targets;
    private final PingOptions per;
    private final MultipingListener listener;
    private final CompletableFuture<MultipingResult> future = new CompletableFuture<>();
    private final int count;
    private final int concurrency;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final byte[] payload;
    private final long windowCost;
    private final double rate;
    /** Tokens at the start: 10 ms worth. */
    private final double initialTokens;
    /** The most tokens saved up: 100 ms worth, so that a late scheduler catches up and the rate holds. */
    private final double burst;

    private final int[] sent;
    private final int[] received;
    private final int[] errors;
    private final int[] duplicates;
    private final int[] decided;
    private final byte[] ttls;
    private final float[] rtts;
    private final byte[] states;
    private final Map<Integer, InetAddress> resolved;
    private final Map<Integer, IcmpLibException> failures;
    private final MultipingResult result;

    private final Map<Family, SharedSocket> open = new HashMap<>();
    /** Each socket's kernel drop count when the sweep began. */
    private final Map<Family, Long> dropsAtStart = new HashMap<>();

    private final ArrayDeque<Resend> resends = new ArrayDeque<>();
    private final ArrayDeque<Probe> inFlight = new ArrayDeque<>();
    private final Runnable resumeFromWindow = this::resume;
    private int nextTarget;
    private int active;
    private int complete;
    private double tokens;
    private long tokensAt;
    private boolean pumpScheduled;
    private long expiryScheduledFor = Long.MIN_VALUE;
    private boolean done;

    /**
     * Prepares a sweep; nothing is sent before {@link #begin}.
     *
     * @param engine the engine
     * @param targets the targets
     * @param options how to ping them
     * @param listener told of progress
     * @param sockets the open socket of each family among the targets
     * @param resolved the addresses of the targets that are host names, by index
     * @param failures why the other host names are not pinged, by index
     * @param payload the echo data of every request
     */
    SweepRun(
            PingEngine engine,
            Targets targets,
            MultipingOptions options,
            MultipingListener listener,
            Map<Family, SharedSocket> sockets,
            Map<Integer, InetAddress> resolved,
            Map<Integer, IcmpLibException> failures,
            byte[] payload) {
        this.engine = engine;
        this.targets = targets;
        this.per = options.perTarget();
        this.listener = listener;
        this.open.putAll(sockets);
        this.count = per.count();
        this.concurrency = options.concurrency();
        this.intervalNanos = Nanos.saturated(per.interval());
        this.timeoutNanos = Nanos.saturated(per.timeout());
        this.payload = payload;
        this.windowCost = ReceiveWindow.costOf(payload.length, options.transmitTimestamps());
        this.rate = options.rate();
        this.initialTokens = Math.max(1, rate / 100);
        this.burst = Math.max(1, rate / 10);
        int n = targets.size();
        long probes = (long) n * count;
        if (probes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " targets times count " + count + " is more than "
                    + (Integer.MAX_VALUE - 8) + " requests in one multiping");
        }
        sent = new int[n];
        received = new int[n];
        errors = new int[n];
        duplicates = new int[n];
        decided = new int[n];
        ttls = new byte[n];
        rtts = new float[(int) probes];
        Arrays.fill(rtts, Float.NaN);
        states = new byte[(int) probes];
        this.resolved = resolved;
        this.failures = failures;
        this.result =
                new MultipingResult(targets, count, sent, received, errors, duplicates, ttls, rtts, resolved, failures);
    }

    CompletableFuture<MultipingResult> future() {
        return future;
    }

    /** Starts sending now; completes at once when there is nothing to ping. */
    synchronized void begin() {
        boolean accepted = engine.begin(this, null);
        for (SharedSocket socket : open.values()) {
            accepted &= engine.begin(this, socket);
        }
        if (!accepted) {
            fail(engine.closedException());
            return;
        }
        tokensAt = engine.ticker().read();
        tokens = initialTokens;
        open.forEach((family, socket) -> dropsAtStart.put(family, socket.kernelDrops()));
        if (targets.size() == 0) {
            finish();
            return;
        }
        schedulePump(tokensAt);
    }

    private void schedulePump(long at) {
        if (!pumpScheduled) {
            pumpScheduled = true;
            if (!engine.scheduler().schedule(at, this::pump)) {
                fail(engine.closedException());
            }
        }
    }

    /** Room in a receive window: send again, on the scheduler thread. */
    private void resume() {
        engine.scheduler().schedule(engine.ticker().read(), this::resumed);
    }

    private synchronized void resumed() {
        if (done) {
            // pass the turn in the window on to whoever waits next
            open.values().forEach(socket -> socket.window().wakeNext());
            return;
        }
        pump();
    }

    /** Sends what is due, as far as the rate, the concurrency limit and the windows allow. */
    private synchronized void pump() {
        pumpScheduled = false;
        if (done) {
            return;
        }
        if (future.isCancelled()) {
            end();
            return;
        }
        long now = engine.ticker().read();
        for (int turn = 0; turn < SENDS_PER_TURN; turn++) {
            Resend resend = resends.peek();
            boolean due = resend != null && resend.due() - now <= 0;
            boolean fresh = !due && nextTarget < targets.size() && (concurrency == 0 || active < concurrency);
            if (!due && !fresh) {
                if (resend != null) {
                    schedulePump(resend.due());
                }
                return;
            }
            int target = due ? resend.target() : nextTarget;
            if (fresh && failures.containsKey(target)) {
                nextTarget++;
                targetFailed(target);
                continue;
            }
            if (!takeToken(now)) {
                schedulePump(now + (long) Math.ceil((1 - tokens) / rate * 1e9));
                return;
            }
            SharedSocket socket = socket(target);
            if (!socket.window().tryAcquire(windowCost, resumeFromWindow)) {
                tokens += 1;
                return;
            }
            if (due) {
                resends.poll();
            } else {
                nextTarget++;
                active++;
            }
            send(socket, target, due ? resend.k() : 0);
            if (done) {
                return;
            }
        }
        schedulePump(now);
    }

    private boolean takeToken(long now) {
        if (rate == 0) {
            return true;
        }
        tokens = Math.min(burst, tokens + (now - tokensAt) * rate / 1e9);
        tokensAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private SharedSocket socket(int target) {
        Family family = Family.of(address(target));
        SharedSocket socket = open.get(family);
        if (socket == null) {
            throw new IllegalStateException("no " + family + " socket was opened for target " + target);
        }
        return socket;
    }

    private InetAddress address(int target) {
        InetAddress address = targets.address(target);
        return address != null ? address : resolved.get(target);
    }

    private void send(SharedSocket socket, int target, int k) {
        InetAddress address = address(target);
        int slot = target * count + k;
        Probe probe;
        try {
            probe = socket.register(
                    address,
                    sequence -> new Probe(
                            this,
                            slot,
                            new IcmpRequest(
                                    address, socket.identifier(), sequence, payload, per.ttl(), per.trafficClass()),
                            payload));
        } catch (IcmpSocketException | RuntimeException e) {
            socket.window().release(windowCost);
            fail(e);
            return;
        }
        probe.holdsWindow = true;
        sent[target]++;
        states[slot] = PENDING;
        long sentAt;
        try {
            probe.sent = socket.send(probe.request);
            sentAt = probe.sent.sentAtMonotonicNanos();
        } catch (SocketUnavailableException e) {
            fail(e);
            return;
        } catch (IcmpSocketException e) {
            // this destination cannot be sent to (no route, ...): that request is lost, the sweep goes on
            socket.remove(probe);
            releaseWindow(socket, probe);
            lose(target, slot, probe.sequence());
            probe.decide();
            scheduleResend(target, k, engine.ticker().read());
            decideOne(target);
            return;
        }
        inFlight.add(probe);
        scheduleExpiry(sentAt + timeoutNanos);
        scheduleResend(target, k, sentAt);
    }

    private void scheduleResend(int target, int k, long sentAt) {
        if (k + 1 < count) {
            resends.add(new Resend(target, k + 1, sentAt + intervalNanos));
        }
    }

    private void scheduleExpiry(long deadline) {
        if (expiryScheduledFor != Long.MIN_VALUE && expiryScheduledFor - deadline <= 0) {
            return;
        }
        // an earlier expiry task may still come: it finds nothing due, or reschedules
        expiryScheduledFor = deadline;
        engine.scheduler().schedule(deadline, this::expire);
    }

    /** Ends the wait of every request whose timeout has passed, oldest first. */
    private synchronized void expire() {
        expiryScheduledFor = Long.MIN_VALUE;
        if (done) {
            return;
        }
        long now = engine.ticker().read();
        Probe head;
        while ((head = inFlight.peek()) != null) {
            long deadline = head.sent.sentAtMonotonicNanos() + timeoutNanos;
            if (deadline - now > 0) {
                scheduleExpiry(deadline);
                break;
            }
            SharedSocket socket = open.get(Family.of(head.request.destination()));
            if (!socket.drainedSince(deadline)) {
                // its reply may be in the kernel's queue, unread: decide once the receive thread has caught up
                scheduleExpiry(now + SharedSocket.DRAIN_RECHECK_NANOS);
                break;
            }
            inFlight.poll();
            socket.remove(head);
            if (states[head.slot] == PENDING) {
                releaseWindow(socket, head);
                int target = head.slot / count;
                lose(target, head.slot, head.sequence());
                head.decide();
                decideOne(target);
                if (done) {
                    return;
                }
            }
        }
        schedulePump(now);
    }

    @Override
    public synchronized void onMessage(Probe probe, IcmpReply message) {
        if (done || probe.sent == null) {
            return;
        }
        int slot = probe.slot;
        int target = slot / count;
        long rttNanos = message.rttNanos(probe.sent);
        switch (states[slot]) {
            case PENDING -> {
                releaseWindow(open.get(Family.of(probe.request.destination())), probe);
                if (rttNanos > timeoutNanos) {
                    lose(target, slot, probe.sequence());
                } else if (message.isEchoReply()) {
                    states[slot] = ANSWERED;
                    rtts[slot] = (float) (rttNanos / 1e6);
                    received[target]++;
                    if (message.ttl() > 0) {
                        ttls[target] = (byte) message.ttl();
                    }
                    if (listener != MultipingListener.NONE) {
                        Reply reply = reply(message, probe, rttNanos);
                        ListenerCalls.guarded(
                                () -> listener.onReply(target, slot % count, probe.request.destination(), reply),
                                "MultipingListener");
                    }
                } else {
                    states[slot] = ERRORED;
                    errors[target]++;
                    if (listener != MultipingListener.NONE) {
                        Reply error = reply(message, probe, rttNanos);
                        ListenerCalls.guarded(
                                () -> listener.onError(target, slot % count, probe.request.destination(), error),
                                "MultipingListener");
                    }
                }
                probe.decide();
                decideOne(target);
            }
            case ANSWERED -> {
                if (message.isEchoReply()) {
                    duplicates[target]++;
                }
            }
            default -> {
                // decided already: a late echo reply or a second error changes nothing
            }
        }
    }

    private static Reply reply(IcmpReply message, Probe probe, long rttNanos) {
        return new Reply(
                message.source(),
                message.sequence(),
                message.bytesReceived(),
                message.ttl(),
                rttNanos / 1e6,
                message.rttClock(probe.sent),
                message.message());
    }

    private void lose(int target, int slot, int sequence) {
        states[slot] = LOST;
        if (listener != MultipingListener.NONE) {
            InetAddress address = address(target);
            ListenerCalls.guarded(() -> listener.onLoss(target, slot % count, address, sequence), "MultipingListener");
        }
    }

    private void releaseWindow(SharedSocket socket, Probe probe) {
        if (probe.holdsWindow) {
            probe.holdsWindow = false;
            socket.window().release(windowCost);
        }
    }

    private void decideOne(int target) {
        if (++decided[target] == count) {
            active--;
            complete++;
            if (listener != MultipingListener.NONE) {
                Host host = result.get(target);
                ListenerCalls.guarded(() -> listener.onTarget(target, host), "MultipingListener");
            }
            if (complete == targets.size()) {
                finish();
            } else if (concurrency != 0 && nextTarget < targets.size()) {
                schedulePump(engine.ticker().read());
            }
        }
    }

    private void targetFailed(int target) {
        complete++;
        IcmpLibException cause = failures.get(target);
        ListenerCalls.guarded(() -> listener.onTargetFailed(target, targets.get(target), cause), "MultipingListener");
        if (complete == targets.size()) {
            finish();
        }
    }

    private void finish() {
        end();
        long drops = 0;
        for (Map.Entry<Family, SharedSocket> socket : open.entrySet()) {
            drops += socket.getValue().kernelDrops() - dropsAtStart.getOrDefault(socket.getKey(), 0L);
        }
        result.kernelDrops(drops);
        engine.complete(future, result);
    }

    @Override
    public synchronized void fail(Throwable cause) {
        if (!done) {
            end();
            future.completeExceptionally(cause);
        }
    }

    /** Marks this sweep done, forgets its requests in flight and gives their room back. */
    private void end() {
        done = true;
        for (Probe probe : inFlight) {
            SharedSocket socket = open.get(Family.of(probe.request.destination()));
            socket.remove(probe);
            releaseWindow(socket, probe);
        }
        inFlight.clear();
        resends.clear();
        engine.ended(this);
    }
}
