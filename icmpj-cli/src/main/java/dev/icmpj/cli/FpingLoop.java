package dev.icmpj.cli;

import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Prober;
import dev.icmpj.ProberListener;
import dev.icmpj.Reply;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * fping's loop mode ({@code -l}): every target probed every period, forever, on a {@link Prober}, a line per
 * reply and per timeout (or with {@code -Q} a report every few seconds), until Ctrl-C or SIGTERM, which print
 * the per-target summaries as fping's {@code finish} does.
 *
 * <p>Constant memory however long it runs: the counters are arrays per target ({@link FpingTally}), and the
 * only other state per target is a small ring that maps the sequence numbers of its requests in flight to
 * fping's request number {@code [n]}.
 *
 * <p>Thread-safety: the listener runs on the prober's loop thread; {@link #run} on the command's thread.
 */
final class FpingLoop {
    private final Pinger pinger;
    private final FpingTargets targets;
    private final PingOptions options;
    private final FpingPrinter printer;
    private final CompletableFuture<Throwable> stop = new CompletableFuture<>();

    /** Requests of one target in flight at once, at most: one per period within the timeout, and one more. */
    private final int ring;
    /** Per target: the sequence numbers of its latest requests and their request numbers, {@code ring} each. */
    private final int[] sequences;

    private final int[] numbers;
    private final int[] nextNumber;

    /**
     * Prepares a loop.
     *
     * @param pinger the pinger whose prober runs it
     * @param targets the targets, addresses only
     * @param options how to probe each: interval (fping's period), timeout, payload, TTL, ...
     * @param printer the lines and counters
     */
    FpingLoop(Pinger pinger, FpingTargets targets, PingOptions options, FpingPrinter printer) {
        this.pinger = pinger;
        this.targets = targets;
        this.options = options;
        this.printer = printer;
        long period = Math.max(1, options.interval().toNanos());
        this.ring = (int) Math.min(64, options.timeout().toNanos() / period + 2);
        this.sequences = new int[targets.size() * ring];
        this.numbers = new int[targets.size() * ring];
        this.nextNumber = new int[targets.size()];
        Arrays.fill(sequences, -1);
    }

    /**
     * Ends the loop from another thread (standard output failed).
     *
     * @param cause why, or null
     */
    void stop(Throwable cause) {
        stop.complete(cause);
    }

    /**
     * Probes until {@link #stop} (a signal ends the process through the command's hook instead).
     *
     * @throws IcmpLibException when the prober cannot start or fails
     */
    void run() throws IcmpLibException {
        Prober started;
        try {
            started = pinger.prober(options, listener());
        } catch (UnsupportedOperationException notYet) {
            throw new CommandFailure("-l: the library's prober, which loop mode runs on, is not built yet", 4);
        }
        try (Prober prober = started) {
            for (int t = 0; t < targets.size(); t++) {
                // the prober's number for a target is its index
                prober.add(t, InetAddress.ofLiteral(targets.targets().get(t)));
            }
            try {
                Throwable failure = stop.get();
                if (failure instanceof IcmpLibException e) {
                    throw e;
                }
                if (failure != null) {
                    throw new IcmpLibException("the prober failed: " + failure, failure);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IcmpLibException("interrupted", e);
            } catch (ExecutionException cannotHappen) {
                throw new IllegalStateException(cannotHappen);
            }
        }
    }

    /**
     * Returns the listener that turns the prober's events into fping's lines; {@link #run} gives it to the
     * prober (a test may drive it by hand).
     *
     * @return the listener
     */
    ProberListener listener() {
        return new Lines();
    }

    /** fping's request number of a request in flight, from the ring of its target. */
    private int number(int target, int sequence) {
        for (int k = 0; k < ring; k++) {
            if (sequences[target * ring + k] == sequence) {
                return numbers[target * ring + k];
            }
        }
        return -1;
    }

    /** The prober's events, turned into fping's lines. Called on the prober's loop thread only. */
    private final class Lines implements ProberListener {
        @Override
        public void onSent(int target, int sequence, long lagNanos) {
            int number = nextNumber[target]++;
            int slot = target * ring + number % ring;
            sequences[slot] = sequence;
            numbers[slot] = number;
        }

        @Override
        public void onReply(int target, Reply reply) {
            printer.reply(target, number(target, reply.sequence()), reply);
        }

        @Override
        public void onLoss(int target, int sequence) {
            printer.timeout(target, number(target, sequence));
        }

        @Override
        public void onError(int target, Reply error) {
            printer.error(target, number(target, error.sequence()), error);
        }

        /** A request that could not leave: fping counts it as sent and not answered. */
        @Override
        public void onSendFailed(int target, IcmpSocketException cause) {
            nextNumber[target]++;
            printer.sendFailed(target, cause);
        }

        @Override
        public void onFailed(Throwable cause) {
            stop.complete(cause);
        }
    }
}
