package dev.icmpj;

import dev.icmpj.internal.engine.PingEngine;
import dev.icmpj.internal.engine.Probe;
import dev.icmpj.internal.engine.ProbeOwner;
import dev.icmpj.internal.engine.ReceiveWindow;
import dev.icmpj.internal.engine.SharedSocket;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One ping in progress, the ping policy on the engine's probes: sends its requests at their times, decides
 * each one (answered, error, lost), counts duplicates, and completes its future with the {@link Host} once
 * every request is decided.
 *
 * <p>Thread-safe: its sends, replies and expiries run on its socket's loop thread, {@link #fail} and the
 * cancellation of its future may come from any other; every method runs under this run's lock, so the
 * listener's calls for one ping never overlap and a reply is never processed before its request's send
 * timestamps are known.
 */
final class PingRun implements ProbeOwner {

    private static final byte PENDING = 0;
    private static final byte ANSWERED = 1;
    private static final byte ERRORED = 2;
    private static final byte LOST = 3;

    private final PingEngine engine;
    private final SharedSocket socket;
    private final InetAddress address;
    private final PingOptions options;
    private final PingListener listener;
    private final byte[] payload;
    private final CompletableFuture<Host> future = new CompletableFuture<>();
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long windowCost;
    private final List<Probe> probes = new ArrayList<>();
    /** The fate of request i (PENDING, ANSWERED, ERRORED, LOST) and the reply or error that decided it. */
    private byte[] states = new byte[8];

    private Reply[] replies = new Reply[8];
    private long start;
    private boolean started;
    private int decided;
    private int received;
    private int duplicates;
    private int errors;
    private boolean done;

    PingRun(
            PingEngine engine,
            SharedSocket socket,
            InetAddress address,
            PingOptions options,
            PingListener listener,
            byte[] payload) {
        this.engine = engine;
        this.socket = socket;
        this.address = address;
        this.options = options;
        this.listener = listener;
        this.payload = payload;
        this.intervalNanos = Nanos.saturated(options.interval());
        this.timeoutNanos = Nanos.saturated(options.timeout());
        this.windowCost = ReceiveWindow.costOf(payload.length);
    }

    CompletableFuture<Host> future() {
        return future;
    }

    /** Schedules the first request now. */
    synchronized void begin() {
        if (!engine.begin(this, socket)) {
            fail(engine.closedException());
            return;
        }
        start = engine.ticker().read();
        if (!socket.scheduler().schedule(start, this::sendNext)) {
            // the socket closed meanwhile: it failed, or the engine closed
            IcmpSocketException failure = socket.failure();
            fail(failure != null ? failure : engine.closedException());
        }
    }

    /** Sends the request that waited for room in the receive window, now. */
    private void resume() {
        socket.scheduler().schedule(engine.ticker().read(), this::sendResumed);
    }

    /** Like {@link #sendNext}; a ping that ended meanwhile passes its turn in the window on. */
    private synchronized void sendResumed() {
        if (done || future.isCancelled()) {
            if (!done) {
                end();
            }
            socket.window().wakeNext();
            return;
        }
        sendNext();
    }

    /** Sends the next request and schedules its expiry and the request after it. */
    private synchronized void sendNext() {
        if (done) {
            return;
        }
        if (future.isCancelled()) {
            end();
            return;
        }
        if (!started) {
            started = true;
            ListenerCalls.guarded(() -> listener.onStart(address, options), "PingListener");
        }
        if (!socket.window().tryAcquire(windowCost, this::resume)) {
            return;
        }
        int slot = probes.size();
        Probe probe;
        try {
            probe = socket.register(
                    address,
                    sequence -> new Probe(
                            this,
                            slot,
                            new IcmpRequest(
                                    address,
                                    socket.identifier(),
                                    sequence,
                                    payload,
                                    options.ttl(),
                                    options.trafficClass()),
                            payload));
        } catch (IcmpSocketException | RuntimeException e) {
            socket.window().release(windowCost);
            fail(e);
            return;
        }
        probe.holdsWindow = true;
        probes.add(probe);
        if (slot == states.length) {
            states = Arrays.copyOf(states, slot * 2);
            replies = Arrays.copyOf(replies, slot * 2);
        }
        try {
            long before = engine.ticker().read();
            probe.sent = socket.send(probe.request);
            if (slot == 0) {
                // the cadence runs from the first request's own send clock (the ticker's clock, read right
                // before its sendto), so a slow first send (a cold JVM) never shortens the first interval:
                // request k leaves at least k intervals after request 0, as in iputils
                start = probe.sent.sentAtMonotonicNanos();
            }
            long deadline = before + timeoutNanos;
            socket.scheduler().schedule(deadline, () -> expire(probe, deadline));
        } catch (IcmpSocketException | RuntimeException e) {
            fail(e);
            return;
        }
        int sequence = probe.sequence();
        long sentAt = probe.sent.sentAtMonotonicNanos();
        ListenerCalls.guarded(() -> listener.onSent(address, sequence, sentAt), "PingListener");
        if (probes.size() < options.count()) {
            socket.scheduler().schedule(start + saturatedProduct(intervalNanos, probes.size()), this::sendNext);
        } else {
            completeIfDecided();
        }
    }

    @Override
    public synchronized void onMessage(Probe probe, IcmpReply message) {
        if (done || probe.sent == null) {
            return;
        }
        long rttNanos = message.rttNanos(probe.sent);
        Reply reply = new Reply(
                message.source(),
                message.sequence(),
                message.bytesReceived(),
                message.ttl(),
                rttNanos / 1e6,
                message.rttClock(probe.sent),
                message.message());
        int slot = probe.slot;
        switch (states[slot]) {
            case PENDING -> {
                releaseWindow(probe);
                if (rttNanos > timeoutNanos) {
                    lose(probe);
                } else if (message.isEchoReply()) {
                    states[slot] = ANSWERED;
                    replies[slot] = reply;
                    received++;
                    ListenerCalls.guarded(() -> listener.onReply(address, reply), "PingListener");
                } else {
                    states[slot] = ERRORED;
                    replies[slot] = reply;
                    errors++;
                    ListenerCalls.guarded(() -> listener.onError(address, reply), "PingListener");
                }
                probe.decide();
                decided++;
                completeIfDecided();
            }
            case ANSWERED -> {
                if (message.isEchoReply()) {
                    duplicates++;
                    ListenerCalls.guarded(() -> listener.onDuplicate(address, reply), "PingListener");
                }
            }
            default -> {
                // decided already: a late echo reply or a second error changes nothing
            }
        }
    }

    /**
     * Ends a request's wait: lost if still pending, once every message that arrived by its deadline has been
     * read (else it tries again shortly); no later message can match it.
     */
    private synchronized void expire(Probe probe, long deadline) {
        if (done) {
            return;
        }
        if (!socket.drainedSince(deadline)) {
            socket.scheduler()
                    .schedule(engine.ticker().read() + SharedSocket.DRAIN_RECHECK_NANOS, () -> expire(probe, deadline));
            return;
        }
        socket.remove(probe);
        if (states[probe.slot] == PENDING) {
            releaseWindow(probe);
            lose(probe);
            probe.decide();
            decided++;
            completeIfDecided();
        }
    }

    @Override
    public synchronized void fail(Throwable cause) {
        if (!done) {
            end();
            future.completeExceptionally(cause);
        }
    }

    private void releaseWindow(Probe probe) {
        if (probe.holdsWindow) {
            probe.holdsWindow = false;
            socket.window().release(windowCost);
        }
    }

    private void lose(Probe probe) {
        states[probe.slot] = LOST;
        int sequence = probe.sequence();
        ListenerCalls.guarded(() -> listener.onLoss(address, sequence), "PingListener");
    }

    private void completeIfDecided() {
        if (probes.size() < options.count() || decided < probes.size()) {
            return;
        }
        end();
        Host host = summarize();
        ListenerCalls.guarded(() -> listener.onComplete(host), "PingListener");
        engine.complete(future, host);
    }

    /** Marks this ping done and releases its sequence numbers. */
    private void end() {
        done = true;
        for (Probe probe : probes) {
            socket.remove(probe);
            releaseWindow(probe);
        }
        engine.ended(this);
    }

    private Host summarize() {
        List<Reply> decidedBy = new ArrayList<>(received + errors);
        for (int i = 0; i < probes.size(); i++) {
            if (replies[i] != null) {
                decidedBy.add(replies[i]);
            }
        }
        if (options.keepReplies()) {
            return Host.of(address, probes.size(), decidedBy, duplicates);
        }
        ReplyList counted = ReplyList.counting(address);
        decidedBy.forEach(counted::add);
        return Host.of(address, probes.size(), counted.snapshot(), duplicates);
    }

    private static long saturatedProduct(long nanos, int times) {
        long product = nanos * times;
        return Math.multiplyHigh(nanos, times) != 0 || product < 0 ? Nanos.FOREVER : Math.min(product, Nanos.FOREVER);
    }
}
