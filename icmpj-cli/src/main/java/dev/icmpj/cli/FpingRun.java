package dev.icmpj.cli;

import dev.icmpj.socket.IcmpLibException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The life of one {@code icmpj multiping} run, as fping lives it: the run ends when every target is decided,
 * or at Ctrl-C or SIGTERM (fping's {@code finish} then prints what it has: the unreachable targets, the
 * summaries, the statistics, and exits with its usual code), or when standard output fails (a reader that
 * went away ends the process as {@code SIGPIPE} ends fping, exit 141).
 *
 * <p>Not thread-safe: one run on the command's thread; the interrupt hook runs on the JVM's shutdown thread
 * and {@link FpingPrinter#finish} runs once, whoever comes first.
 */
final class FpingRun {
    private final OutputQueue output;
    private final FpingPrinter printer;
    private final Duration reportEvery;
    /** Set by whoever prints the ending first: the run's end or the interrupt hook. */
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * Prepares a run.
     *
     * @param output the command's output
     * @param printer fping's lines and counters
     * @param reportEvery {@code -Q} (count and loop modes), or null
     */
    FpingRun(OutputQueue output, FpingPrinter printer, Duration reportEvery) {
        this.output = output;
        this.printer = printer;
        this.reportEvery = reportEvery;
    }

    /** Starts fping's {@code -Q} reports, when asked for: the first one period after the start. */
    private Thread reports() {
        if (reportEvery == null) {
            return null;
        }
        return Thread.ofPlatform().daemon().name("icmpj-report").start(() -> {
            long every = reportEvery.toNanos();
            long next = System.nanoTime() + every;
            try {
                while (true) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                    printer.report();
                    while (next - System.nanoTime() <= 0) {
                        next += every;
                    }
                }
            } catch (InterruptedException ended) {
                // the run ended
            }
        });
    }

    private static void stop(Thread reports) {
        if (reports != null) {
            reports.interrupt();
        }
    }

    /**
     * Runs a sweep (default and count modes) to its end.
     *
     * @param sweep the sweep
     * @param pacing how fast
     * @param retries sweeps of the unanswered targets after the first
     * @param backoff the timeout's growth per retry
     * @param json {@code --json}: the JSON of every target instead of fping's ending
     * @param ndjson {@code --ndjson}: the unanswered targets' JSON lines at the end
     * @return the exit code
     * @throws IcmpLibException when a socket cannot be opened or the sweep fails
     */
    int sweep(FpingSweep sweep, FpingSweep.Pacing pacing, int retries, double backoff, boolean json, boolean ndjson)
            throws IcmpLibException {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        output.onFailure(() -> stop.complete(null));
        Runnable structured = () -> {
            if (json) {
                sweep.printJson();
            } else if (ndjson) {
                sweep.printUnansweredNdjson();
            }
        };
        Thread onInterrupt = hook(structured);
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Thread reports = reports();
        try {
            sweep.run(pacing, retries, backoff, stop);
        } finally {
            stop(reports);
            removeShutdownHook(onInterrupt);
        }
        return end(structured);
    }

    /**
     * Runs a loop until Ctrl-C or SIGTERM (the hook ends the process) or a failed output.
     *
     * @param loop the loop
     * @return the exit code, after a failed output
     * @throws IcmpLibException when the prober cannot start or fails
     */
    int loop(FpingLoop loop) throws IcmpLibException {
        output.onFailure(() -> loop.stop(null));
        Thread onInterrupt = hook(() -> {});
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Thread reports = reports();
        try {
            loop.run();
        } finally {
            stop(reports);
            removeShutdownHook(onInterrupt);
        }
        return end(() -> {});
    }

    /** fping's {@code finish} (after the JSON, if any), written out, and the exit code. */
    private int end(Runnable before) {
        if (ended.compareAndSet(false, true)) {
            // on Ctrl-C the engine still runs: its events must not change the JSON nor print a target twice
            printer.stopEvents();
            before.run();
        }
        int code = printer.finish();
        output.close();
        return exitCode(code);
    }

    /** On Ctrl-C or SIGTERM: what fping prints at its end, then the process ends with fping's code. */
    private Thread hook(Runnable before) {
        return Thread.ofPlatform()
                .name("icmpj-interrupt")
                .unstarted(() -> Runtime.getRuntime().halt(end(before)));
    }

    private int exitCode(int fpings) {
        OutputQueue.WriteFailure failure = output.failure();
        if (failure != null) {
            if (failure.brokenPipe()) {
                return OutputQueue.WriteFailure.BROKEN_PIPE_EXIT;
            }
            output.err().println("icmpj: multiping: " + failure.message());
            output.err().flush();
            return 4;
        }
        return fpings;
    }

    /** Unregisters the interrupt hook; once the JVM is shutting down, the hook has already run. */
    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook printed fping's ending and ends the process
        }
    }
}
