package dev.icmpj;

import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One multiping across its loops: what the loops share (the targets, the results in primitive arrays indexed
 * by target and by request, the counter they claim targets from, the listener's lock) and how they end
 * together. Each loop runs a {@link SweepRun}. The sweep completes once every loop finished its claims; the
 * first failure of a loop fails it at once, with that failure, and stops the other loops (which end without a
 * failure of their own); cancelling its future stops them all.
 *
 * <p>Thread-safe: the arrays are written by the loop that claimed the target; the rest is synchronized.
 */
final class Sweep {

    /** Targets a loop claims at a time. */
    static final int CLAIM = 1024;

    final ProbeEngine engine;
    final SweepTargets targets;
    final MultipingOptions options;
    final PingOptions ping;
    final MultipingListener listener;
    final int count;
    final byte[] payload;
    final long intervalNanos;
    /** Which calls the listener overrides: only those cost a {@link Reply} or a {@link Host} per event. */
    final boolean listenerTakesReplies;

    final boolean listenerTakesDuplicates;
    final boolean listenerTakesErrors;
    final boolean listenerTakesLosses;
    final boolean listenerTakesSendFailures;
    final boolean listenerTakesCompletions;
    /** Serializes the listener's calls across the loops. */
    final Object listenerLock = new Object();

    final int[] sent;
    final int[] received;
    final int[] errors;
    final int[] duplicates;
    final int[] decided;
    final byte[] ttls;
    final float[] rtts;
    final MultipingResult result;
    /**
     * The next target no loop has claimed yet: a loop claims {@value #CLAIM} targets at a time as it runs
     * out, so a loop that runs slower (its code compiled later, its core busier) takes fewer instead of
     * finishing last. Halves fixed in advance left one loop idle for the last 25 ms of a cold /16 sweep.
     */
    final AtomicInteger unclaimed = new AtomicInteger();
    /** Requests of the whole sweep sent and not yet decided, and the most there were. */
    final AtomicInteger inFlight = new AtomicInteger();

    final AtomicInteger peakInFlight = new AtomicInteger();
    final CompletableFuture<MultipingResult> future = new CompletableFuture<>();

    private final List<SweepRun> runs = new ArrayList<>();
    private int running;
    private long kernelDrops;

    private Sweep(
            ProbeEngine engine,
            SweepTargets targets,
            MultipingOptions options,
            MultipingListener listener,
            byte[] payload) {
        this.engine = engine;
        this.targets = targets;
        this.options = options;
        this.ping = options.pingOptions();
        this.listener = listener;
        this.count = ping.count();
        this.payload = payload;
        this.intervalNanos = Nanos.saturated(ping.interval());
        this.listenerTakesReplies =
                overrides(listener, "onReply", int.class, int.class, InetAddress.class, Reply.class);
        this.listenerTakesDuplicates =
                overrides(listener, "onDuplicate", int.class, int.class, InetAddress.class, Reply.class);
        this.listenerTakesErrors = overrides(listener, "onError", int.class, int.class, InetAddress.class, Reply.class);
        this.listenerTakesLosses = overrides(listener, "onLoss", int.class, int.class, InetAddress.class, int.class);
        this.listenerTakesSendFailures =
                overrides(listener, "onSendFailed", int.class, int.class, InetAddress.class, IcmpSocketException.class);
        this.listenerTakesCompletions = overrides(listener, "onComplete", int.class, Host.class);
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
        result = new MultipingResult(
                targets.targets(),
                count,
                sent,
                received,
                errors,
                duplicates,
                ttls,
                rtts,
                targets.resolved(),
                targets.failures());
    }

    /**
     * Starts a sweep on its loops, each with its own sockets.
     *
     * @param engine the engine
     * @param targets the targets, resolved
     * @param options how to ping them
     * @param listener told of progress, one call at a time
     * @param payload the echo data of every request
     * @param loops the sweep's dedicated loops
     * @return the sweep's result; cancelling it stops every loop
     */
    static CompletableFuture<MultipingResult> start(
            ProbeEngine engine,
            SweepTargets targets,
            MultipingOptions options,
            MultipingListener listener,
            byte[] payload,
            List<ProbeLoop> loops) {
        Sweep sweep = new Sweep(engine, targets, options, listener, payload);
        if (loops.isEmpty()) {
            // nothing to send: no target, or none that resolved
            for (int target = 0; target < targets.size(); target++) {
                int index = target;
                ListenerCalls.guarded(
                        () -> listener.onFailed(index, targets.targets().get(index), targets.failure(index)),
                        "MultipingListener");
            }
            engine.complete(sweep.future, sweep.result);
            return sweep.future;
        }
        synchronized (sweep) {
            for (int k = 0; k < loops.size(); k++) {
                sweep.runs.add(new SweepRun(sweep, loops.size()));
            }
            sweep.running = loops.size();
        }
        sweep.future.whenComplete((r, e) -> {
            if (sweep.future.isCancelled()) {
                sweep.stopAll();
            }
        });
        for (int k = 0; k < loops.size(); k++) {
            engine.start(loops.get(k), sweep.runs.get(k));
        }
        return sweep.future;
    }

    /**
     * A loop's run ended: the sweep completes when it was the last, or fails with the first failure.
     *
     * @param drops the kernel's drops at that loop's sockets during the sweep
     * @param failure why it failed, or null when it finished
     */
    void runEnded(long drops, Throwable failure) {
        if (failure != null) {
            // the cause first: a loop stopped for it must not complete the sweep with anything else
            if (future.completeExceptionally(failure)) {
                stopAll();
            }
            return;
        }
        synchronized (this) {
            kernelDrops += drops;
            if (--running > 0) {
                return;
            }
        }
        result.kernelDrops(kernelDrops);
        result.peakInFlight(peakInFlight.get());
        engine.complete(future, result);
    }

    private void stopAll() {
        List<SweepRun> all;
        synchronized (this) {
            all = List.copyOf(runs);
        }
        all.forEach(SweepRun::stop);
    }

    /** Tells whether a listener's class overrides a method of {@link MultipingListener}. */
    private static boolean overrides(MultipingListener listener, String method, Class<?>... parameters) {
        try {
            return listener.getClass().getMethod(method, parameters).getDeclaringClass() != MultipingListener.class;
        } catch (NoSuchMethodException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }
}
