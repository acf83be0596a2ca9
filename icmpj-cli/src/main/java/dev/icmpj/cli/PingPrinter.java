package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Prints a ping's events as they happen, in iputils' words, so a long run shows its progress: the header
 * once the first request left (so a failure to open a socket or to send prints only the error), then a line per reply,
 * duplicate and ICMP error; with {@code -O} a line per request still unanswered when the next one leaves;
 * with {@code -f} iputils' dots; with {@code -q} or {@code --json} nothing until the end.
 *
 * <p>Keeps iputils' counters ({@link PingStatistics}), so that a ping cut short (Ctrl-C, the {@code -w}
 * deadline, a closed pipe) still gets the statistics of what was sent and decided, as in iputils, and tells
 * the command when iputils would stop ({@link Control}): with {@code -w}, once {@code -c} requests are
 * answered or an ICMP error arrived; without it, a while after the last request (iputils' linger).
 *
 * <p>Threading: events arrive on the engine's threads and only count and queue text on the command's
 * {@link OutputQueue}, whose thread writes it and looks reverse names up, in event order, so neither a slow
 * terminal nor a slow resolver holds up the ping. Thread-safe.
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

    /**
     * How to print.
     *
     * @param mode what to print per event
     * @param timestamps whether lines start with iputils' {@code -D} {@code [epoch.micros]}
     * @param reportOutstanding whether to say {@code no answer yet for icmp_seq=N} ({@code -O})
     * @param audible whether each reply rings the terminal's bell ({@code -a})
     * @param broadcast whether further replies to a request are other hosts' answers to a broadcast, printed
     *     without iputils' {@code (DUP!)} mark (unless {@code verbose})
     * @param verbose iputils' {@code -v}: the socket and the address before the header, {@code ident=} in reply
     *     lines, and duplicates of a broadcast marked too
     * @param familyHint {@code -4}/{@code -6}, or {@link Family#ANY}: what {@code -v} names as the resolver's hint
     */
    record Style(
            Mode mode,
            boolean timestamps,
            boolean reportOutstanding,
            boolean audible,
            boolean broadcast,
            boolean verbose,
            Family familyHint) {
        /** A style without a family hint. */
        Style(
                Mode mode,
                boolean timestamps,
                boolean reportOutstanding,
                boolean audible,
                boolean broadcast,
                boolean verbose) {
            this(mode, timestamps, reportOutstanding, audible, broadcast, verbose, Family.ANY);
        }

        /** iputils' default lines. */
        static Style of(Mode mode) {
            return new Style(mode, false, false, false, false, false);
        }
    }

    /** Where the printer tells the command that iputils would end the ping now. Called under the printer's lock. */
    interface Control {
        /** iputils would stop now: {@code -c} requests answered before the {@code -w} deadline, or an error. */
        void stop();

        /**
         * The last request left ({@code -c} without {@code -w}): iputils waits this long more for the replies
         * still missing, then stops.
         *
         * @param lingerNanos twice the longest round trip (at least the interval), or {@code -W} without a reply
         */
        void lastSent(long lingerNanos);

        /** No control: the ping ends when the library's does. */
        Control NONE = new Control() {
            @Override
            public void stop() {}

            @Override
            public void lastSent(long lingerNanos) {}
        };
    }

    /** The shortest wait for the replies still missing after the last request (iputils' is 2 x tmax). */
    static final long MIN_LINGER_NANOS = 1_000_000_000L;

    /** The least time between two writes of flood text: iputils' display refresh, a hundredth of a second. */
    private static final long RAW_WRITE_SPACING_NANOS = 10_000_000L;

    private final OutputQueue output;
    private final String target;
    private final Style style;
    private final Function<InetAddress, String> names;
    private final List<String> headerLines;
    private final Control control;
    /** {@code -c}, or 0 without it. */
    private final long count;

    private final boolean deadline;
    private final long intervalNanos;
    private final long waitNanos;

    private final PingStatistics statistics = new PingStatistics();
    /** The echo replies and errors decided so far, for the JSON of a ping cut short; only with {@code --json}. */
    private final List<Reply> decided;

    private InetAddress address;
    private boolean started;
    private boolean headerShown;
    /** Set when iputils would have stopped: later events are not counted ({@link #freeze}). */
    private boolean frozen;

    private boolean finished;
    private int lastSentSequence = -1;
    private boolean lastSentDecided;
    private boolean flood;
    /** The flood text queued last, while the output thread has not taken it yet; guarded by this. */
    private StringBuilder openChunk;
    /** When the output thread last wrote flood text; only that thread uses it. */
    private long lastRawWriteNanos = System.nanoTime() - RAW_WRITE_SPACING_NANOS;
    /** What the kernel dropped at a flood's socket so far ({@link #onKernelDrops}). */
    private long kernelDrops;
    /** The echo identifier shown by {@code -v} ({@code ident=}), -1 without {@code -v}. */
    private int identifier = -1;
    /**
     * The requests a local firewall refused whose ICMP error has not come yet, by sequence number. iputils
     * prints {@code sendmsg: ...} for a refused request only when its error queue holds the rule's ICMP error
     * (a reject rule), after that error's line; a drop rule's refusal leaves the queue empty and iputils silent.
     */
    private final BitSet refused = new BitSet(1 << 16);
    /** The {@code sendmsg} line of the latest refusal. */
    private String refusalLine;

    /**
     * Creates a printer.
     *
     * @param output where the text goes
     * @param target the host as the user wrote it, for the summary
     * @param style what to print
     * @param names the text of an address in reply lines: the address, or iputils' {@code name (address)}
     * @param headerLines the lines printed when the ping starts ({@code PATTERN: 0x..}, {@code PING ...})
     * @param control told when iputils would stop
     * @param count {@code -c}, or 0 without it
     * @param deadline whether {@code -w} was given
     * @param interval the interval between requests, for iputils' linger
     * @param wait {@code -W}: the linger when nothing was received
     */
    PingPrinter(
            OutputQueue output,
            String target,
            Style style,
            Function<InetAddress, String> names,
            List<String> headerLines,
            Control control,
            long count,
            boolean deadline,
            java.time.Duration interval,
            java.time.Duration wait) {
        this.output = output;
        this.target = target;
        this.style = style;
        this.names = names;
        this.headerLines = List.copyOf(headerLines);
        this.control = control;
        this.count = count;
        this.deadline = deadline;
        this.intervalNanos = interval.toNanos();
        this.waitNanos = wait.toNanos();
        this.decided = style.mode() == Mode.JSON ? new ArrayList<>() : null;
    }

    @Override
    public synchronized void onStart(InetAddress address, PingOptions options) {
        this.address = address;
        // iputils prints ipg/ewma when the interval is zero, for a flood and for adaptive pacing
        this.flood = options.flood() || options.interval().isZero() || options.adaptive();
        started = true;
    }

    /** iputils' {@code -v}: its socket (stderr) and the resolved address (stdout), before the header. */
    @Override
    public synchronized void onSocket(InetAddress address, Privilege privilege, int identifier) {
        if (!style.verbose() || style.mode() == Mode.JSON || finished || frozen) {
            return;
        }
        // iputils shows ident= only on its raw socket, whose identifier it chose
        this.identifier = privilege == Privilege.PRIVILEGED ? identifier : -1;
        String socketLine = PingTextFormat.socketLine(address, privilege, identifier, style.familyHint());
        String addressLine = PingTextFormat.addressLine(target, address);
        errLine("icmpj: ping: " + socketLine);
        emit(() -> output.out().println(addressLine));
    }

    /**
     * A request the kernel refused: iputils' {@code ping: sendmsg: ...} on stderr (an {@code E} in a flood,
     * nothing with {@code -q}). A refusal by a local firewall follows its {@link #onSent}; its line waits for the
     * request's ICMP error and follows that error's line, as iputils prints them, and without such an error
     * (a drop rule) there is none, as in iputils. A request that could not leave at all is counted as sent here,
     * as iputils counts it, and its line printed at once.
     */
    @Override
    public synchronized void onSendFailed(InetAddress address, int sequence, IcmpSocketException cause) {
        if (finished || frozen) {
            return;
        }
        String line = "icmpj: ping: " + PingTextFormat.sendFailureLine(cause);
        if (sequence == lastSentSequence && !lastSentDecided && statistics.transmitted() > 0) {
            refused.set(sequence);
            refusalLine = line;
            return;
        }
        header();
        statistics.sent(sequence, System.nanoTime());
        lastSentSequence = sequence;
        lastSentDecided = false;
        sendFailureLine(line);
        afterSend();
    }

    /** iputils' report of a failed send: a line on stderr, or {@code E} in a flood, nothing when quiet. */
    private void sendFailureLine(String line) {
        switch (style.mode()) {
            case LINES -> errLine(line);
            case FLOOD -> raw("E");
            default -> {}
        }
    }

    /**
     * Prints the header once, when the first request has left: a ping whose first send fails (a broadcast
     * address without {@code -b}, no route) prints only the error, as iputils, whose probe socket's
     * {@code connect} fails before its header.
     */
    private void header() {
        if (!headerShown && style.mode() != Mode.JSON) {
            headerShown = true;
            headerLines.forEach(line -> emit(() -> output.out().println(line)));
        }
    }

    @Override
    public synchronized void onSent(InetAddress address, int sequence, long sentAtNanos) {
        if (finished || frozen) {
            return;
        }
        refused.clear(sequence);
        header();
        statistics.sent(sequence, sentAtNanos);
        if (style.reportOutstanding() && lastSentSequence >= 0 && !lastSentDecided && style.mode() == Mode.LINES) {
            line("no answer yet for icmp_seq=" + lastSentSequence);
        }
        lastSentSequence = sequence;
        lastSentDecided = false;
        if (style.mode() == Mode.FLOOD) {
            raw(".");
        }
        afterSend();
    }

    /** After a request counted as sent: once it is the {@code -c}th, iputils' wait for the missing replies. */
    private void afterSend() {
        if (count > 0 && !deadline && statistics.transmitted() == count) {
            // iputils' schedule_exit: twice the longest round trip, at least an interval; -W without a reply.
            // At least MIN_LINGER too: a flood has dozens of requests in flight, whose replies a JVM under load
            // can decide later than twice the longest round trip (6 of 200 were cut short at 2 x tmax)
            long linger = statistics.received() > 0
                    ? Math.max(Math.max(2_000 * statistics.maxMicros(), intervalNanos), MIN_LINGER_NANOS)
                    : waitNanos;
            control.lastSent(Math.min(linger, waitNanos));
        }
    }

    @Override
    public synchronized void onReply(InetAddress address, Reply reply) {
        if (finished || frozen) {
            return;
        }
        statistics.reply(reply);
        decide(reply);
        switch (style.mode()) {
            case LINES -> replyLine(reply, false);
            case FLOOD -> raw(style.audible() ? "\b \b\u0007" : "\b \b");
            default -> {}
        }
        checkStop();
    }

    @Override
    public synchronized void onDuplicate(InetAddress address, Reply reply) {
        if (finished || frozen) {
            return;
        }
        statistics.duplicate(reply);
        if (style.mode() == Mode.LINES) {
            replyLine(reply, !style.broadcast() || style.verbose());
        } else if (style.mode() == Mode.FLOOD) {
            raw(style.audible() ? "\b \b\u0007" : "\b \b");
        }
    }

    @Override
    public synchronized void onError(InetAddress address, Reply error) {
        if (finished || frozen) {
            return;
        }
        statistics.error(error);
        decide(error);
        switch (style.mode()) {
            case LINES -> {
                Reply shown = error;
                emit(() -> output.out().println(stamped(PingTextFormat.errorLine(shown, names.apply(shown.source())))));
            }
            case FLOOD -> raw("\bE");
            default -> {}
        }
        if (refused.get(error.sequence())) {
            refused.clear(error.sequence());
            sendFailureLine(refusalLine);
        }
        checkStop();
    }

    @Override
    public synchronized void onLoss(InetAddress address, int sequence) {
        refused.clear(sequence);
        if (sequence == lastSentSequence) {
            lastSentDecided = true;
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

    private void decide(Reply reply) {
        if (decided != null) {
            decided.add(reply);
        }
        if (reply.sequence() == lastSentSequence) {
            lastSentDecided = true;
        }
    }

    private void checkStop() {
        if (!deadline) {
            return;
        }
        // iputils' main_loop: with a deadline, -c answers (replies and errors) end the run, and so does an error
        if ((count > 0 && statistics.received() + statistics.errors() >= count) || statistics.errors() > 0) {
            // iputils stops at this very event: what the engine does before the command cancels it is not counted
            freeze();
            control.stop();
        }
    }

    private void replyLine(Reply reply, boolean duplicateMark) {
        String bell = style.audible() ? "\u0007" : "";
        emit(() -> output.out()
                .println(
                        stamped(PingTextFormat.replyLine(reply, names.apply(reply.source()), identifier, duplicateMark))
                                + bell));
    }

    private void line(String text) {
        emit(() -> output.out().println(stamped(text)));
    }

    /** Queues a line for standard error after everything queued so far (standard output flushed first). */
    private void errLine(String text) {
        openChunk = null;
        output.err(text);
    }

    /** Queues a write after everything queued so far; flood text queued later starts a chunk of its own. */
    private void emit(Runnable write) {
        openChunk = null;
        output.execute(write);
    }

    /**
     * Counts nothing more: the run is over for iputils (its rule, its deadline, its linger) even if the
     * engine sends or decides more before it is cancelled. The summary is then printed by {@link #finish}.
     */
    synchronized void freeze() {
        frozen = true;
    }

    /**
     * Returns whether the first request left (before that, iputils has no statistics to print).
     *
     * @return true once a request was sent
     */
    synchronized boolean anySent() {
        return statistics.transmitted() > 0;
    }

    /**
     * Returns whether any request was answered so far (iputils' exit code is 1 without).
     *
     * @return true after a reply
     */
    synchronized boolean anyReceived() {
        return statistics.received() > 0;
    }

    /**
     * Returns the progress line of a quiet ping: {@code 12 packets transmitted, 12 received}.
     *
     * @return the line
     */
    synchronized String progress() {
        return statistics.transmitted() + " packets transmitted, " + statistics.received() + " received";
    }

    /**
     * Returns the requests answered so far.
     *
     * @return replies, duplicates not counted
     */
    synchronized long received() {
        return statistics.received();
    }

    /**
     * Returns the result so far for {@code --json}: the requests sent, the replies and errors decided by now.
     *
     * @return the partial result, or null when the ping never started or this is not a JSON printer
     */
    synchronized Host partial() {
        if (!started || decided == null) {
            return null;
        }
        return Host.of(address, (int) Math.min(Integer.MAX_VALUE, statistics.transmitted()), decided, (int)
                Math.min(Integer.MAX_VALUE, statistics.duplicates()));
    }

    /**
     * Queues the statistics (or the JSON) of the ping, unless that was done already (an interrupt and the
     * end of the ping can race: whoever comes first prints). Events after it print nothing. The caller closes
     * the output to wait until it is written.
     *
     * @param host the library's result for {@code --json} (null: the result so far); ignored for text
     * @return false when a summary was printed already
     */
    synchronized boolean finish(Host host) {
        if (finished || !started) {
            return false;
        }
        header();
        finished = true;
        List<String> lines;
        if (style.mode() == Mode.JSON) {
            Host result = host != null ? host : partial();
            lines = List.of(Json.write(result.toMap()));
        } else if (style.mode() == Mode.FLOOD) {
            // iputils' finish starts with a newline: it ends the line of dots, so no blank line follows it
            raw("\n");
            lines = PingTextFormat.summary(target, statistics, flood);
            lines = lines.subList(1, lines.size());
        } else {
            lines = PingTextFormat.summary(target, statistics, flood);
        }
        lines.forEach(line -> emit(() -> output.out().println(line)));
        return true;
    }

    private String stamped(String text) {
        if (!style.timestamps()) {
            return text;
        }
        Instant now = Instant.now();
        String micros = Integer.toString(now.getNano() / 1000);
        return "[" + now.getEpochSecond() + "." + "0".repeat(6 - micros.length()) + micros + "] " + text;
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
        output.execute(() -> {
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
            output.out().print(taken);
        });
    }
}
