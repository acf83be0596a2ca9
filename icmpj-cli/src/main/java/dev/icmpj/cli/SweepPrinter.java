package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.MultipingResult;
import dev.icmpj.Reply;
import dev.icmpj.Targets;
import dev.icmpj.socket.IcmpLibException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of fping 5.1 for {@code icmpj multiping}: {@code X is alive}, {@code X : [0], 64 bytes, 0.021 ms
 * (0.021 avg, 0% loss)}, the per-target summaries of {@code -c} and {@code -C}, the {@code -s} statistics,
 * and the JSON of one target.
 *
 * <p>Thread-safe: events arrive on the engine's threads and print under this printer's lock. Lines are
 * buffered and flushed every {@value #FLUSH_EVERY} lines and at the end, so a sweep of a /16 does not make a
 * system call per line.
 */
final class SweepPrinter {
    private static final int FLUSH_EVERY = 256;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Targets targets;
    private final boolean perReply;
    /** Per target, in count mode: replies so far and their RTT sum, for fping's running average. */
    private final int[] replies;

    private final double[] rttSums;
    private int unflushed;

    SweepPrinter(PrintWriter out, PrintWriter err, Targets targets, boolean perReply) {
        this.out = out;
        this.err = err;
        this.targets = targets;
        this.perReply = perReply;
        this.replies = perReply ? new int[targets.size()] : null;
        this.rttSums = perReply ? new double[targets.size()] : null;
    }

    /** True when each reply is printed (fping's {@code -c} lines). */
    boolean perReply() {
        return perReply;
    }

    /** fping's per-reply line, in count mode. */
    synchronized void reply(int index, int request, Reply reply) {
        if (!perReply) {
            return;
        }
        replies[index]++;
        rttSums[index] += reply.rtt();
        int loss = (request + 1 - replies[index]) * 100 / (request + 1);
        line(targets.get(index) + " : [" + request + "], " + reply.bytes() + " bytes, "
                + PingTextFormat.replyTime(reply.rtt()) + " ms ("
                + PingTextFormat.replyTime(rttSums[index] / replies[index])
                + " avg, " + loss + "% loss)");
    }

    /** A target answered: its address for {@code -a}, or {@code X is alive} in the default mode. */
    synchronized void alive(int index, Host host, boolean addressOnly, boolean aliveLine, boolean withRtt) {
        if (addressOnly) {
            line(targets.get(index));
        } else if (aliveLine) {
            line(targets.get(index) + " is alive"
                    + (withRtt ? " (" + PingTextFormat.replyTime(host.rtts().getFirst()) + " ms)" : ""));
        }
    }

    /** A name that did not resolve: fping's {@code name: reason}, or its JSON line. */
    synchronized void failed(int index, String target, IcmpLibException cause, boolean ndjson) {
        if (ndjson) {
            line(Json.write(json(index, target, null, cause)));
        } else {
            out.flush();
            err.println(target + ": " + FailureReporter.lookupReason(cause));
            err.flush();
        }
    }

    /** One target as a JSON line, as it completes. */
    synchronized void ndjson(int index, Host host, IcmpLibException failure) {
        line(Json.write(json(index, targets.get(index), host, failure)));
    }

    /** One target as JSON: its index and the target as given, then {@code Host.toMap()}'s keys, then the error. */
    static Map<String, Object> json(int index, String target, Host host, IcmpLibException failure) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("index", index);
        map.put("target", target);
        if (host != null && failure == null) {
            map.putAll(host.toMap());
        }
        map.put("error", failure == null ? null : failure.getMessage());
        return map;
    }

    /** fping's {@code -c} summary: {@code X : xmt/rcv/%loss = 2/2/0%, min/avg/max = 0.021/0.028/0.035}. */
    static String summaryLine(String target, Host host) {
        int sent = host.packetsSent();
        int received = host.packetsReceived();
        String line = target + " : xmt/rcv/%loss = " + sent + "/" + received + "/"
                + (sent == 0 ? 0 : (sent - received) * 100 / sent) + "%";
        if (received == 0) {
            return line;
        }
        return line + ", min/avg/max = " + PingTextFormat.replyTime(host.minRtt()) + "/"
                + PingTextFormat.replyTime(host.avgRtt()) + "/" + PingTextFormat.replyTime(host.maxRtt());
    }

    /** fping's {@code -C} line: {@code X : 0.026 0.036}, {@code -} for a request not answered. */
    static String rttList(String target, MultipingResult result, int index) {
        StringBuilder line = new StringBuilder(target).append(" :");
        for (int k = 0; k < result.count(); k++) {
            double rtt = result.rtt(index, k);
            line.append(' ').append(Double.isNaN(rtt) ? "-" : PingTextFormat.replyTime(rtt));
        }
        return line.toString();
    }

    /** fping's {@code -s} block. */
    static void statistics(
            PrintWriter err, int targets, int alive, int unknown, List<MultipingResult> rounds, long startedNanos) {
        long sent = 0;
        long received = 0;
        long errors = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        double sum = 0;
        for (MultipingResult round : rounds) {
            for (Host host : round) {
                sent += host.packetsSent();
                received += host.packetsReceived();
                errors += host.errors();
                for (double rtt : host.rtts()) {
                    min = Math.min(min, rtt);
                    max = Math.max(max, rtt);
                    sum += rtt;
                }
            }
        }
        err.println();
        err.printf("%8d targets%n", targets);
        err.printf("%8d alive%n", alive);
        err.printf("%8d unreachable%n", targets - alive - unknown);
        err.printf("%8d unknown addresses%n", unknown);
        err.println();
        err.printf("%8d timeouts (waiting for response)%n", sent - received - errors);
        err.printf("%8d ICMP Echos sent%n", sent);
        err.printf("%8d ICMP Echo Replies received%n", received);
        err.printf("%8d other ICMP received%n", errors);
        err.println();
        if (received > 0) {
            err.printf(" %s ms (min round trip time)%n", PingTextFormat.millis(min));
            err.printf(" %s ms (avg round trip time)%n", PingTextFormat.millis(sum / received));
            err.printf(" %s ms (max round trip time)%n", PingTextFormat.millis(max));
        }
        err.printf(" %12.3f sec (elapsed real time)%n", (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Writes out what is buffered. */
    synchronized void flush() {
        out.flush();
        unflushed = 0;
    }

    private void line(String text) {
        out.println(text);
        if (++unflushed >= FLUSH_EVERY || targets.size() < FLUSH_EVERY) {
            out.flush();
            unflushed = 0;
        }
    }
}
