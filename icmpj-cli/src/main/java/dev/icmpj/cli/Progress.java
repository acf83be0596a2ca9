package dev.icmpj.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress line on stderr for a long sweep, when stderr is a terminal: {@code 12345/65534 targets done,
 * 12000 alive}, redrawn four times a second by a daemon thread and erased when the sweep ends. Elsewhere
 * (a pipe, a file, a short sweep) it prints nothing.
 *
 * <p>Thread-safe.
 */
class Progress implements AutoCloseable {
    /** Sweeps of fewer targets are too short for a progress line. */
    static final int MIN_TARGETS = 1000;

    private static final Progress NONE = new Progress();

    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger alive = new AtomicInteger();

    private Progress() {}

    /**
     * Returns a progress line for a sweep, or one that prints nothing.
     *
     * @param err standard error
     * @param total the targets of the sweep
     * @return the progress
     */
    static Progress onTerminal(PrintWriter err, int total) {
        if (total < MIN_TARGETS || System.console() == null || !System.console().isTerminal()) {
            return NONE;
        }
        return new Drawn(err, total);
    }

    /**
     * Counts a completed target.
     *
     * @param answered whether it answered
     */
    void done(boolean answered) {
        done.incrementAndGet();
        if (answered) {
            alive.incrementAndGet();
        }
    }

    /**
     * The line for a state of the sweep.
     *
     * @param done targets completed
     * @param total targets in all
     * @param alive targets that answered
     * @return e.g. {@code 12345/65534 targets done (18%), 12000 alive}
     */
    static String line(int done, int total, int alive) {
        return done + "/" + total + " targets done (" + (total == 0 ? 100 : done * 100L / total) + "%), " + alive
                + " alive";
    }

    @Override
    public void close() {}

    /** The progress line drawn on a terminal. */
    private static final class Drawn extends Progress {
        private final PrintWriter err;
        private final int total;
        private final Thread drawer;

        Drawn(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
            this.drawer = Thread.ofPlatform().daemon().name("icmpj-progress").start(this::draw);
        }

        private void draw() {
            try {
                while (true) {
                    Thread.sleep(250);
                    synchronized (err) {
                        err.print("\r" + line(super.done.get(), total, super.alive.get()) + "\u001b[K");
                        err.flush();
                    }
                }
            } catch (InterruptedException stop) {
                // the sweep ended
            }
        }

        @Override
        public void close() {
            drawer.interrupt();
            try {
                drawer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (err) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
