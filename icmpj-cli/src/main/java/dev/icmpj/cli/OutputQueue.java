package dev.icmpj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that writes a command's standard output and standard error, in the order the text was
 * queued, so that neither a slow terminal nor a slow reader holds up the probes, and so that stdout and
 * stderr interleave as they were decided (stdout is flushed before any stderr line: with {@code 2>&1} a
 * summary never overtakes the lines before it).
 *
 * <p>A line is out as soon as it is decided: the writer flushes once it has caught up with the queue and 1 ms
 * passed without more, and at least every 20 ms, so a burst of lines costs a few {@code write(2)} calls and
 * a lone line is never left in a buffer. The first write that
 * fails ({@code EPIPE} when the reader went away, {@code ENOSPC} on a full disk) stops all output and runs
 * the failure action once, on the writer thread; the command then ends its run ({@link #failure()}).
 *
 * <p>A status line ({@link #status}: a progress indication, drawn only on a terminal's stderr) is erased
 * before other text is written and drawn again when the writer is idle, so it never mixes with the lines.
 *
 * <p>Thread-safe: any thread may queue text; it waits only when {@value #CAPACITY} writes are waiting.
 */
final class OutputQueue implements AutoCloseable {
    private static final Runnable STOP = () -> {};

    /**
     * Writes waiting at most: about 20 MB of lines. A reader that stops reading (a pager, a stalled pipe) then
     * holds up whoever queues, as a blocking {@code write(2)} holds up fping and iputils, instead of letting
     * a loop that runs for days queue its lines in memory.
     */
    static final int CAPACITY = 100_000;

    /** How long the writer, caught up, waits for more of a burst before it flushes. */
    private static final long LINGER_NANOS = 1_000_000;

    /** How long a burst may keep its lines in the buffer: a stream that never pauses is still flushed. */
    private static final long MAX_BURST_NANOS = 20_000_000;

    private final PrintWriter out;
    private final PrintWriter err;
    /** A {@link String} is a line for standard output (most lines: no task made for each); else a {@link Runnable}. */
    private final BlockingQueue<Object> tasks = new LinkedBlockingQueue<>(CAPACITY);

    private final Thread writer;
    private volatile Runnable onFailure = () -> {};
    private volatile boolean failed;
    private volatile boolean closed;
    /** The status line to show, or null; set by any thread, drawn by the writer. */
    private volatile String status;
    /** The status line on screen now; the writer's only. */
    private String drawn;

    /**
     * Starts the writer thread.
     *
     * @param out standard output
     * @param err standard error
     */
    OutputQueue(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
        this.writer = Thread.ofPlatform().daemon().name("icmpj-output").start(this::write);
    }

    /**
     * Sets what to do when a write fails: run once, on the writer thread; it must not block.
     *
     * @param action e.g. stop the run
     */
    void onFailure(Runnable action) {
        this.onFailure = action;
    }

    /**
     * Queues a line for standard output.
     *
     * @param line the text, without the line end
     */
    void out(String line) {
        // as println prints it: "null" for null
        enqueue(String.valueOf((Object) line));
    }

    /**
     * Queues text for standard output, printed as it is (a flood's dots and backspaces).
     *
     * @param text the text
     */
    void print(String text) {
        queue(() -> out.print(text));
    }

    /**
     * Queues a line for standard error, after everything queued for standard output so far.
     *
     * @param line the text, without the line end
     */
    void err(String line) {
        queue(() -> {
            out.flush();
            err.println(line);
            err.flush();
        });
    }

    /**
     * Queues any writing to {@link #out()} or {@link #err()}; it runs on the writer thread, in order.
     *
     * @param write what to write
     */
    void execute(Runnable write) {
        queue(write);
    }

    /**
     * Shows a status line on standard error until the next call, erased around every other write; null
     * erases it. The caller draws it only where standard error is a terminal.
     *
     * @param line the status, without control characters
     */
    void status(String line) {
        status = line;
        queue(() -> {});
    }

    /** Standard output, for writes queued with {@link #execute}. */
    PrintWriter out() {
        return out;
    }

    /** Standard error, for writes queued with {@link #execute}. */
    PrintWriter err() {
        return err;
    }

    /**
     * Tells whether a write failed; output stopped then.
     *
     * @return true after a failure
     */
    boolean failed() {
        return failed;
    }

    /**
     * Returns the first write failure of standard output.
     *
     * @return the failure, or null when none happened
     */
    WriteFailure failure() {
        if (!failed) {
            return null;
        }
        IOException cause = out instanceof CheckedPrintWriter checked ? checked.failure() : null;
        return new WriteFailure(cause);
    }

    /**
     * Waits until everything queued is written and flushed (30 s at most, then gives up on a reader that does
     * not read), then stops the writer thread. Later text is dropped. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (tasks.offer(STOP, 30, TimeUnit.SECONDS)) {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void queue(Runnable task) {
        enqueue(task);
    }

    private void enqueue(Object task) {
        if (closed || failed) {
            return;
        }
        try {
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        try {
            while (true) {
                Object task = tasks.take();
                long burstStart = System.nanoTime();
                while (task != null) {
                    if (task == STOP) {
                        status = null;
                        idle();
                        return;
                    }
                    if (!failed) {
                        if (drawn != null) {
                            erase();
                        }
                        if (task instanceof String line) {
                            out.println(line);
                        } else {
                            ((Runnable) task).run();
                        }
                    }
                    task = tasks.poll();
                    if (task == null && System.nanoTime() - burstStart < MAX_BURST_NANOS) {
                        // caught up: lines come in bursts (a sweep's by the thousand); a moment's pause lets the
                        // rest of the burst go out in one write, where waiting on the queue would be woken, and
                        // switched to, for each line (19,000 context switches for a /16's 65,534 lines)
                        TimeUnit.NANOSECONDS.sleep(LINGER_NANOS);
                        task = tasks.poll();
                    }
                }
                idle();
            }
        } catch (InterruptedException e) {
            // the JVM is exiting
        }
    }

    /** Caught up: flushes, checks standard output for an error, and draws the status line. */
    private void idle() {
        if (failed) {
            return;
        }
        // checkError flushes first
        if (out.checkError()) {
            failed = true;
            onFailure.run();
            return;
        }
        String line = status;
        if (line != null && !line.equals(drawn)) {
            err.print("\r" + line + "\u001b[K");
            drawn = line;
        } else if (line == null && drawn != null) {
            erase();
        }
        err.flush();
    }

    private void erase() {
        err.print("\r\u001b[K");
        err.flush();
        drawn = null;
    }

    /**
     * A write to standard output that failed.
     *
     * @param cause the error, or null when the writer kept none (it was not a {@link CheckedPrintWriter})
     */
    record WriteFailure(IOException cause) {
        /** The exit status of a process killed by {@code SIGPIPE}, as a shell reports the C tools' death. */
        static final int BROKEN_PIPE_EXIT = 128 + 13;

        /**
         * Tells whether the reader went away ({@code EPIPE}): the C tools die of {@code SIGPIPE} then, silently.
         *
         * @return true for a broken pipe
         */
        boolean brokenPipe() {
            return cause != null
                    && cause.getMessage() != null
                    && cause.getMessage().contains("Broken pipe");
        }

        /**
         * Returns the words of iputils' {@code close_stdout}: {@code write error: No space left on device}.
         *
         * @return the message
         */
        String message() {
            return cause == null || cause.getMessage() == null ? "write error" : "write error: " + cause.getMessage();
        }
    }
}
