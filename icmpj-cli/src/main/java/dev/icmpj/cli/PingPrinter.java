package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Prints a ping's events as they happen, in iputils' words, so a long run shows its progress: the
 * {@code PING} header once the ping starts (so a failure to resolve or to open a socket prints only the
 * error), then a line per reply, duplicate and ICMP error; lost requests print nothing, as in iputils
 * without {@code -O}. Each line is flushed at once.
 *
 * <p>Also keeps the counts so far, so that an interrupted ping (Ctrl-C) still gets its statistics, as in
 * iputils: {@link #interrupt()} prints them over the requests decided by then (a request still waiting
 * for its reply is not counted as transmitted).
 *
 * <p>Thread-safe: events arrive on the engine's threads, the summary comes from the command's thread or a
 * shutdown hook; all of them take this printer's lock, briefly.
 */
final class PingPrinter implements PingListener {
    private final PrintWriter out;
    private final String target;
    private final List<Double> rtts = new ArrayList<>();
    private boolean started;
    private boolean finished;
    private long startNanos;
    private long endNanos;
    private int decided;
    private int duplicates;
    private int errors;

    /**
     * Creates a printer.
     *
     * @param out where the lines go
     * @param target the host as the user wrote it, for the header and the summary
     */
    PingPrinter(PrintWriter out, String target) {
        this.out = out;
        this.target = target;
    }

    @Override
    public synchronized void onStart(InetAddress address, PingOptions options) {
        print(PingTextFormat.header(target, address, options.payloadSize()));
        started = true;
        startNanos = System.nanoTime();
    }

    @Override
    public synchronized void onReply(InetAddress address, Reply reply) {
        decided++;
        rtts.add(reply.rtt());
        print(PingTextFormat.replyLine(reply, false));
    }

    @Override
    public synchronized void onDuplicate(InetAddress address, Reply reply) {
        duplicates++;
        print(PingTextFormat.replyLine(reply, true));
    }

    @Override
    public synchronized void onError(InetAddress address, Reply error) {
        decided++;
        errors++;
        print(PingTextFormat.errorLine(error));
    }

    @Override
    public synchronized void onLoss(InetAddress address, int sequence) {
        decided++;
    }

    @Override
    public synchronized void onComplete(Host host) {
        endNanos = System.nanoTime();
    }

    /**
     * Prints the statistics of the completed ping, unless an interrupt printed them first.
     *
     * @param host the result
     */
    synchronized void finish(Host host) {
        if (!finished) {
            finished = true;
            long end = endNanos == 0 ? System.nanoTime() : endNanos;
            printAll(PingTextFormat.summary(target, host, elapsedMillis(end)));
        }
    }

    /**
     * Prints the statistics so far, for a ping interrupted before its end; nothing once the ping finished
     * or when it never started.
     *
     * @return the exit code iputils would give (0 with a reply so far, 1 without), or empty when nothing
     *     was printed
     */
    synchronized OptionalInt interrupt() {
        if (finished || !started) {
            return OptionalInt.empty();
        }
        finished = true;
        printAll(PingTextFormat.summary(
                target, decided, rtts.size(), duplicates, errors, rtts, elapsedMillis(System.nanoTime())));
        return OptionalInt.of(rtts.isEmpty() ? 1 : 0);
    }

    /** Whole milliseconds from the start, rounded, as iputils' {@code time} field. */
    private long elapsedMillis(long end) {
        return started ? TimeUnit.NANOSECONDS.toMillis(end - startNanos + 500_000) : 0;
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }

    private void printAll(List<String> lines) {
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }
}
