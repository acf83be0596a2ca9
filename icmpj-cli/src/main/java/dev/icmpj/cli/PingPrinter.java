package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Reply;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/**
 * Prints a ping's events as they happen, in iputils' words, so a long run shows its progress: the
 * {@code PING} header once the ping starts (so a failure to resolve or to open a socket prints only the
 * error), then a line per reply, duplicate and ICMP error. Also times the run from its start to its
 * completion for the summary line.
 *
 * <p>Lost requests print nothing, as in iputils without {@code -O}. Each line is flushed at once.
 *
 * <p>Thread-safe for one ping: the engine never overlaps a ping's calls, and the times are published
 * through volatile fields for the thread that prints the summary.
 */
final class PingPrinter implements PingListener {
    private final PrintWriter out;
    private final String target;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * Creates a printer.
     *
     * @param out where the lines go
     * @param target the host as the user wrote it, for the header
     */
    PingPrinter(PrintWriter out, String target) {
        this.out = out;
        this.target = target;
    }

    @Override
    public void onStart(InetAddress address, PingOptions options) {
        print(PingTextFormat.header(target, address, options.payloadSize()));
        startNanos = System.nanoTime();
    }

    @Override
    public void onReply(InetAddress address, Reply reply) {
        print(PingTextFormat.replyLine(reply, false));
    }

    @Override
    public void onDuplicate(InetAddress address, Reply reply) {
        print(PingTextFormat.replyLine(reply, true));
    }

    @Override
    public void onError(InetAddress address, Reply error) {
        print(PingTextFormat.errorLine(error));
    }

    @Override
    public void onComplete(Host host) {
        endNanos = System.nanoTime();
    }

    /**
     * Returns the time from {@link #onStart} to {@link #onComplete}, as iputils' {@code time} field.
     *
     * @return whole milliseconds, rounded; 0 when the ping did not start
     */
    long elapsedMillis() {
        long start = startNanos;
        long end = endNanos;
        return start == 0 || end == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(end - start + 500_000);
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}
