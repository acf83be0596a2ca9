package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.MultipingListener;
import dev.icmpj.MultipingOptions;
import dev.icmpj.MultipingResult;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.Targets;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * fping's default and count modes for {@code icmpj multiping}: a sweep over every target, then, without
 * {@code -c}, sweeps over the targets still unanswered with a timeout grown by the backoff each time, as
 * fping's retries; every reply, timeout and ICMP error goes to the {@link FpingPrinter} as it is decided.
 * {@code --json} and {@code --ndjson} print the library's results instead of fping's lines.
 *
 * <p>Not thread-safe: one instance runs one sweep; the listener's calls come from the engine's thread, and
 * {@link #run} may be stopped from any thread through its stop future.
 */
final class FpingSweep {

    /**
     * How fast the sweep goes.
     *
     * @param packetsPerSecond requests per second over the sweep, 0 for no limit
     * @param option the option that set it, for its messages
     * @param concurrency targets in progress at once, or null for no limit
     */
    record Pacing(double packetsPerSecond, String option, Integer concurrency) {}

    private final Pinger pinger;
    private final FpingTargets targets;
    private final PingOptions options;
    private final FpingPrinter printer;
    private final OutputQueue output;
    private final boolean json;
    private final boolean ndjson;
    private final Integer fastReachable;
    private final List<Round> rounds = new ArrayList<>();
    /** With {@code --ndjson}: the targets whose line is printed; guarded by the printer's lock. */
    private final BitSet ndjsonPrinted = new BitSet();

    FpingSweep(
            Pinger pinger,
            FpingTargets targets,
            PingOptions options,
            FpingPrinter printer,
            OutputQueue output,
            boolean json,
            boolean ndjson,
            Integer fastReachable) {
        this.pinger = pinger;
        this.targets = targets;
        this.options = options;
        this.printer = printer;
        this.output = output;
        this.json = json;
        this.ndjson = ndjson;
        this.fastReachable = fastReachable;
    }

    /** One sweep: its result, and for a retry the index in all the targets of each of its own. */
    private record Round(MultipingResult result, int[] indices) {
        /** This round's result for a target of all of them, or null when it was not pinged in this round. */
        Host resultFor(int index) {
            int k = indices == null ? index : Arrays.binarySearch(indices, index);
            return k < 0 ? null : result.get(k);
        }
    }

    /**
     * Sweeps, then retries, until every target is decided or {@code stop} completes.
     *
     * @param pacing how fast
     * @param retries sweeps over the unanswered targets after the first
     * @param backoff the timeout's growth per retry
     * @param stop completes to end the run early (Ctrl-C, a failed output, {@code -X} reached)
     * @throws IcmpLibException when a socket cannot be opened or the sweep fails
     */
    @SuppressWarnings("try") // the progress line only needs closing
    void run(Pacing pacing, int retries, double backoff, CompletableFuture<Void> stop) throws IcmpLibException {
        MultipingOptions first = sweepOptions(pacing, options);
        if (ndjson) {
            for (FpingTargets.Unknown unknown : targets.failures()) {
                output.out(Json.write(json(unknown.before(), unknown.target(), null, unknown.reason())));
            }
        }
        try (Progress progress = Progress.onTerminal(
                output,
                () -> Progress.sweepLine(
                        printer.tally().decidedTargets(),
                        targets.size(),
                        printer.tally().alive()))) {
            if (!sweep(targets.targets(), null, first, stop)) {
                return;
            }
            Duration timeout = options.timeout();
            for (int round = 1; round <= retries; round++) {
                // as fping: only the targets still unanswered are tried again, not those a send failed to
                int[] unanswered = IntStream.range(0, targets.size())
                        .filter(t ->
                                !printer.tally().isAlive(t) && !printer.tally().hasSendFailed(t))
                        .toArray();
                if (unanswered.length == 0) {
                    break;
                }
                timeout = Duration.ofNanos((long) (timeout.toNanos() * backoff));
                MultipingOptions retry = first.toBuilder().timeout(timeout).build();
                if (!sweep(targets.targets().subset(unanswered), unanswered, retry, stop)) {
                    return;
                }
            }
        }
        long drops = rounds.stream().mapToLong(r -> r.result().kernelDrops()).sum();
        if (drops > 0) {
            // nothing silently turned into loss: replies the kernel dropped here are not the network's loss
            output.err("icmpj: multiping: the kernel dropped about " + drops + " replies at a full receive buffer;"
                    + " some targets reported unreachable may have answered (try --rate)");
        }
    }

    /** One sweep over some targets; false when stopped before its end. */
    private boolean sweep(Targets some, int[] indices, MultipingOptions sweepOptions, CompletableFuture<Void> stop)
            throws IcmpLibException {
        IntUnaryOperator original = k -> indices == null ? k : indices[k];
        CompletableFuture<MultipingResult> result = pinger.multipingAsync(some, sweepOptions, listener(original, stop));
        CompletableFuture.anyOf(result, stop).exceptionally(failure -> null).join();
        if (!result.isDone()) {
            result.cancel(false);
            return false;
        }
        try {
            rounds.add(new Round(result.get(), indices));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IcmpLibException("interrupted", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = FailureReporter.unwrapped(e);
            if (cause instanceof IcmpLibException library) {
                throw library;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failure(cause);
        }
        return !stop.isDone();
    }

    /**
     * What a sweep that failed with something other than the library's exception reports. Running out of heap
     * says how to get further: a sweep keeps each request until its timeout, so a /12 needs about 128 MB.
     */
    static IcmpLibException failure(Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            return new IcmpLibException(
                    "multiping ran out of memory (" + cause.getMessage() + "): every request is kept until its -t;"
                            + " give the JVM more (JAVA_OPTS=-Xmx512m) or use a lower -t",
                    cause);
        }
        return new IcmpLibException("multiping failed: " + cause, cause);
    }

    /**
     * Returns the listener of a round.
     *
     * @param original the index in all the targets of the round's target k
     * @param stop completed by {@code -X} once enough targets answered
     * @return the listener
     */
    MultipingListener listener(IntUnaryOperator original, CompletableFuture<Void> stop) {
        // only --ndjson reads a target's Host: without onComplete the engine makes none (a Host per target, its
        // address and its statistics, was a third of a /16 sweep's allocation)
        return ndjson ? new NdjsonListener(original, stop) : new Listener(original, stop);
    }

    /**
     * The engine's events, turned into fping's lines and counts. A target is complete (for the progress line)
     * once its requests of the round are decided, counted here: {@link MultipingListener#onComplete} would
     * cost a {@link Host} per target.
     */
    private class Listener implements MultipingListener {
        final IntUnaryOperator original;
        private final CompletableFuture<Void> stop;
        /** Requests per target in a round. */
        private final int requests = options.count();

        Listener(IntUnaryOperator original, CompletableFuture<Void> stop) {
            this.original = original;
            this.stop = stop;
        }

        @Override
        public void onReply(int index, int request, InetAddress address, Reply reply) {
            int target = original.applyAsInt(index);
            printer.reply(target, request, reply);
            decided(target);
            if (fastReachable != null && printer.tally().alive() >= fastReachable) {
                // fping 5.2's -X: enough targets answered, finish now
                stop.complete(null);
            }
        }

        @Override
        public void onDuplicate(int index, int request, InetAddress address, Reply reply) {
            printer.duplicate(original.applyAsInt(index), request, reply, address);
        }

        @Override
        public void onLoss(int index, int request, InetAddress address, int sequence) {
            int target = original.applyAsInt(index);
            printer.timeout(target, request);
            decided(target);
        }

        @Override
        public void onError(int index, int request, InetAddress address, Reply error) {
            int target = original.applyAsInt(index);
            printer.error(target, request, error);
            decided(target);
        }

        @Override
        public void onSendFailed(int index, int request, InetAddress address, IcmpSocketException cause) {
            int target = original.applyAsInt(index);
            printer.sendFailed(target, cause);
            decided(target);
        }

        /** One of a target's requests was decided: the target is complete after its last one. */
        private void decided(int target) {
            // several requests a target only in count mode, whose one round the per-target counts follow
            if (requests == 1 || printer.tally().decided(target) == requests) {
                printer.tally().completed(target);
            }
        }

        @Override
        public void onFailed(int index, String target, IcmpLibException cause) {
            printer.warn(target + ": " + FailureReporter.lookupReason(cause));
        }
    }

    /** With {@code --ndjson}: the events as {@link Listener}'s, and each alive target's JSON line when final. */
    private final class NdjsonListener extends Listener {
        NdjsonListener(IntUnaryOperator original, CompletableFuture<Void> stop) {
            super(original, stop);
        }

        @Override
        public void onComplete(int index, Host host) {
            if (host.isAlive()) {
                // each target once, when final: alive now, unanswered after the last round (printUnansweredNdjson)
                int target = original.applyAsInt(index);
                printer.outUnlessEnded(
                        Json.write(json(target, targets.display(target), host, null)), () -> ndjsonPrinted.set(target));
            }
        }
    }

    /**
     * Prints the JSON of every target: the library's result (from the round that found it alive, or the
     * first), or what was counted so far when the run was cut short; the targets left out with their error.
     */
    void printJson() {
        List<Object> all = new ArrayList<>(targets.size() + targets.failures().size());
        int position = 0;
        List<FpingTargets.Unknown> unknown = targets.failures();
        int next = 0;
        for (int t = 0; t <= targets.size(); t++) {
            while (next < unknown.size() && unknown.get(next).before() == t) {
                FpingTargets.Unknown failure = unknown.get(next++);
                all.add(json(position++, failure.target(), null, failure.reason()));
            }
            if (t < targets.size()) {
                all.add(json(position++, targets.display(t), result(t), null));
            }
        }
        output.out(Json.write(all));
    }

    /**
     * With {@code --ndjson}: the targets not printed yet, once every try is over (those that never answered)
     * or on Ctrl-C (also those that answered and were still in progress), after {@link FpingPrinter#stopEvents}.
     */
    void printUnansweredNdjson() {
        for (int t = 0; t < targets.size(); t++) {
            if (!ndjsonPrinted.get(t)) {
                output.out(Json.write(json(t, targets.display(t), result(t), null)));
            }
        }
    }

    /** A target's result: the round that found it alive, else the first; counted so far when cut short. */
    private Host result(int target) {
        for (Round round : rounds) {
            Host host = round.resultFor(target);
            if (host != null && host.isAlive()) {
                return host;
            }
        }
        Host first = rounds.isEmpty() ? null : rounds.getFirst().resultFor(target);
        return first != null
                ? first
                : printer.tally()
                        .host(target, InetAddress.ofLiteral(targets.targets().get(target)));
    }

    /** One target as JSON: its position and the target as shown, then {@code Host.toMap()}'s keys, then the error. */
    static Map<String, Object> json(int index, String target, Host host, String error) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", index);
        map.put("target", target);
        if (host != null && error == null) {
            map.putAll(host.toMap());
        }
        map.put("error", error);
        return map;
    }

    private static MultipingOptions sweepOptions(Pacing pacing, PingOptions per) {
        MultipingOptions.Builder options = MultipingOptions.builder().pingOptions(per);
        MultipingCommand.set(pacing.option(), () -> options.rate(pacing.packetsPerSecond()));
        if (pacing.concurrency() != null) {
            MultipingCommand.set("--concurrency", () -> options.concurrency(pacing.concurrency()));
        }
        return options.build();
    }
}
