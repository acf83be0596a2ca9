package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import dev.icmpj.ReplyList;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Prints a ping's events as they happen, in iputils' words, so a long run shows its progress: the
 * {@code PING} header once the ping starts (so a failure to resolve or to open a socket prints only the
 * error), then a line per reply, duplicate and ICMP error; with {@code -O} a line per request still
 * unanswered when the next one leaves; with {@code -f} iputils' dots; with {@code -q} or {@code --json}
 * nothing until the end.
 *
 * <p>Also keeps what was sent and decided so far, so that a ping cut short (Ctrl-C, the {@code -w} deadline)
 * still gets its statistics or its JSON, as in iputils: {@link #partial()} is the result over the requests
 * sent and the replies and errors decided by then.
 *
 * <p>Threading: events arrive on the engine's threads and only record and queue; the lines are written, and
 * reverse names looked up, on one output thread of this printer, in event order, so neither a slow terminal
 * nor a slow resolver holds up the ping. Thread-safe.
 */
final class PingPrinter implements PingListener {

    /** What to print per event. */
    enum Mode {
        /** A line per reply, duplicate and error (iputils' default). */
        LINES,
        /** A dot per request, a backspace per reply, {@code E} per error (iputils' {@code -f}). */
        FLOOD,
        /** Nothing but the header and the statistics ({@code -q}). */
        QUIET,
        /** Nothing but the JSON result at the end ({@code --json}). */
        JSON
    }

    /** The least time between two writes of flood text: iputils' display refresh, a hundredth of a second. */
    private static final long RAW_WRITE_SPACING_NANOS = 10_000_000L;

    private final PrintWriter out;
    private final String target;
    private final Mode mode;
    private final boolean timestamps;
    private final boolean reportOutstanding;
    private final Function<InetAddress, String> names;
    private final String patternLine;
    private final ExecutorService output = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("icmpj-output").factory());

    private InetAddress address;
    private boolean started;
    private boolean finished;
    private int sent;
    private long firstSendNanos;
    /** The last send, or the last echo reply's send time plus its measured RTT, if later. */
    private long lastEventNanos;
    /**
     * By sequence number: when the request still undecided with it was sent, and its place in the send order
     * (0: none undecided); arrays rather than a map, so that a flood makes no object per request.
     */
    private final long[] undecidedSentAt = new long[1 << 16];

    private final int[] undecidedOrder = new int[1 << 16];
    /** iputils' {@code pipe}: the most requests outstanding when one of them was decided. */
    private int pipe;

    /**
     * The replies and errors decided so far: kept compactly for the JSON ({@link ReplyList}), only counted for the
     * text summary ({@link ReplyList#counting}), so that a flood of any length takes constant memory.
     */
    private ReplyList decided;

    private int duplicates;
    /** What the kernel dropped at a flood's socket so far ({@link #onKernelDrops}). */
    private long kernelDrops;

    private int lastSentSequence = -1;
    private boolean lastSentDecided;
    /** The flood text queued last, while the output thread has not taken it yet; guarded by this. */
    private StringBuilder openChunk;
    /** When the output thread last wrote flood text; only that thread uses it. */
    private long lastRawWriteNanos = System.nanoTime() - RAW_WRITE_SPACING_NANOS;

    /**
     * Creates a printer.
     *
     * @param out where the lines go
     * @param target the host as the user wrote it, for the header and the summary
     * @param mode what to print per event
     * @param timestamps whether lines start with iputils' {@code -D} {@code [epoch.micros]}
     * @param reportOutstanding whether to say {@code no answer yet for icmp_seq=N} ({@code -O})
     * @param names the text of an address in reply lines: the address, or iputils' {@code name (address)}
     * @param patternLine a line printed before the header ({@code PATTERN: 0x..} for {@code -p}), or null
     */
    PingPrinter(
            PrintWriter out,
            String target,
            Mode mode,
            boolean timestamps,
            boolean reportOutstanding,
            Function<InetAddress, String> names,
            String patternLine) {
        this.out = out;
        this.target = target;
        this.mode = mode;
        this.timestamps = timestamps;
        this.reportOutstanding = reportOutstanding;
        this.names = names;
        this.patternLine = patternLine;
    }

    @Override
    public synchronized void onStart(InetAddress address, PingOptions options) {
        this.address = address;
        decided = mode == Mode.JSON ? new ReplyList(address) : ReplyList.counting(address);
        started = true;
        if (mode != Mode.JSON) {
            if (patternLine != null) {
                line(patternLine);
            }
            line(PingTextFormat.header(target, address, options.payloadSize()));
        }
    }

    @Override
    public synchronized void onSent(InetAddress address, int sequence, long sentAtNanos) {
        long now = sentAtNanos;
        if (sent++ == 0) {
            firstSendNanos = now;
        }
        lastEventNanos = Math.max(lastEventNanos, now);
        undecidedSentAt[sequence] = now;
        undecidedOrder[sequence] = sent;
        if (reportOutstanding && lastSentSequence >= 0 && !lastSentDecided && mode == Mode.LINES) {
            String text = "no answer yet for icmp_seq=" + lastSentSequence;
            emit(() -> out.println(stamped(text)));
        }
        lastSentSequence = sequence;
        lastSentDecided = false;
        if (mode == Mode.FLOOD) {
            raw(".");
        }
    }

    @Override
    public synchronized void onReply(InetAddress address, Reply reply) {
        decide(reply);
        switch (mode) {
            case LINES ->
                emit(() -> out.println(stamped(PingTextFormat.replyLine(reply, names.apply(reply.source()), false))));
            case FLOOD -> raw("\b \b");
            default -> {}
        }
    }

    @Override
    public synchronized void onDuplicate(InetAddress address, Reply reply) {
        duplicates++;
        if (mode == Mode.LINES) {
            emit(() -> out.println(stamped(PingTextFormat.replyLine(reply, names.apply(reply.source()), true))));
        }
    }

    @Override
    public synchronized void onError(InetAddress address, Reply error) {
        decide(error);
        switch (mode) {
            case LINES ->
                emit(() -> out.println(stamped(PingTextFormat.errorLine(error, names.apply(error.source())))));
            case FLOOD -> raw("E");
            default -> {}
        }
    }

    @Override
    public synchronized void onKernelDrops(InetAddress address, long drops) {
        kernelDrops = drops;
    }

    /**
     * Returns the warning for what the kernel dropped at a flood's socket, iputils having none: replies the
     * network delivered that count as lost.
     *
     * @return the line, or null when nothing was dropped
     */
    synchronized String dropsWarning() {
        return kernelDrops == 0
                ? null
                : "icmpj: ping: the kernel dropped " + kernelDrops + " datagrams at a full receive buffer; replies"
                        + " among them count as lost, though the network delivered them";
    }

    @Override
    public synchronized void onLoss(InetAddress address, int sequence) {
        undecidedOrder[sequence] = 0;
        if (sequence == lastSentSequence) {
            lastSentDecided = true;
        }
    }

    private void decide(Reply reply) {
        decided.add(reply);
        int order = undecidedOrder[reply.sequence()];
        if (order != 0) {
            undecidedOrder[reply.sequence()] = 0;
            pipe = Math.max(pipe, sent - order + 1);
            if (reply.isEchoReply()) {
                // the end of a request is its send plus its measured RTT, not when this JVM got round to it;
                // like iputils, a late ICMP error does not extend the time
                lastEventNanos =
                        Math.max(lastEventNanos, undecidedSentAt[reply.sequence()] + (long) (reply.rtt() * 1e6));
            }
        }
        if (reply.sequence() == lastSentSequence) {
            lastSentDecided = true;
        }
    }

    /**
     * Returns the result so far: the requests sent, the replies and errors decided by now.
     *
     * @return the partial result, or null when the ping never started
     */
    synchronized Host partial() {
        return started ? Host.of(address, sent, decided.snapshot(), duplicates) : null;
    }

    /**
     * Prints the statistics (or the JSON) of a result and waits until everything is written, unless that was
     * done already (an interrupt and the end of the ping can race: whoever comes first prints).
     *
     * @param host the result, complete or partial
     * @return false when a summary was printed already
     */
    boolean finish(Host host) {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
            if (mode == Mode.JSON) {
                emit(() -> out.println(Json.write(host.toMap())));
            } else {
                if (mode == Mode.FLOOD) {
                    raw("\n");
                }
                long elapsed = elapsedMillis();
                int outstanding = pipe;
                emit(() -> PingTextFormat.summary(target, host, elapsed, outstanding)
                        .forEach(out::println));
            }
        }
        drain();
        return true;
    }

    /**
     * Whole milliseconds from the first request to the last send or the last echo reply (its send plus its
     * RTT), as iputils' {@code time}: {@code 0ms} for one loopback ping, however cold this JVM.
     */
    private long elapsedMillis() {
        return sent == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(lastEventNanos - firstSendNanos + 500_000);
    }

    /** Waits until the output thread wrote everything queued, then stops it. */
    private void drain() {
        output.shutdown();
        try {
            if (!output.awaitTermination(30, TimeUnit.SECONDS)) {
                output.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String stamped(String text) {
        if (!timestamps) {
            return text;
        }
        Instant now = Instant.now();
        String micros = Integer.toString(now.getNano() / 1000);
        return "[" + now.getEpochSecond() + "." + "0".repeat(6 - micros.length()) + micros + "] " + text;
    }

    private void line(String text) {
        emit(() -> out.println(text));
    }

    /**
     * Queues text printed as it is (a flood's dots and backspaces), joined to the text queued right before it
     * when that is still waiting for the output thread: the bytes and their order stay iputils', but a flood
     * costs a hand-off and a write per hundredth of a second, not per request. Called under this printer's
     * lock.
     */
    private void raw(String text) {
        if (openChunk != null) {
            openChunk.append(text);
            return;
        }
        StringBuilder chunk = new StringBuilder(text);
        openChunk = chunk;
        queue(() -> {
            // the output thread writes flood text at most a hundred times a second, so text keeps joining the
            // open chunk meanwhile: a hand-off per request would cost more than the request itself
            long wait = lastRawWriteNanos + RAW_WRITE_SPACING_NANOS - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            lastRawWriteNanos = System.nanoTime();
            String taken;
            synchronized (this) {
                taken = chunk.toString();
                if (openChunk == chunk) {
                    openChunk = null;
                }
            }
            out.print(taken);
        });
    }

    /** Queues output for the output thread, after everything queued so far. Called under this printer's lock. */
    private void emit(Runnable print) {
        openChunk = null;
        queue(print);
    }

    /** Hands output to the output thread; flushes after each item. */
    private void queue(Runnable print) {
        try {
            output.execute(() -> {
                print.run();
                out.flush();
            });
        } catch (RejectedExecutionException finishedAlready) {
            // an event after the summary (a late duplicate) prints nothing, as in iputils
        }
    }
}
