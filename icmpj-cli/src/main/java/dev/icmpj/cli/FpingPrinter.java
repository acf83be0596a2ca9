package dev.icmpj.cli;

import dev.icmpj.Reply;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.IcmpSocketException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The lines of fping 5.1 for {@code icmpj multiping}, each queued on the command's {@link OutputQueue} as
 * soon as it is decided: {@code X is alive} (or the address alone with {@code -a}, with {@code -e} the round
 * trip), in count and loop modes {@code X : [0], 64 bytes, 0.021 ms (0.021 avg, 0% loss)} and
 * {@code X : [1], timed out (NaN avg, 100% loss)} on standard output and the ICMP errors on standard error,
 * then at the end ({@link #finish}) the unreachable targets, the per-target summaries, the {@code -s}
 * statistics and the {@code -x} verdict, in fping's order, and meanwhile the {@code -Q} reports.
 * The counting is {@link FpingTally}'s.
 *
 * <p>Thread-safe: events arrive on the engine's thread, reports from the main thread, a timer or the
 * interrupt hook; the tally and the queue are thread-safe, the events and {@link #finish} lock this printer
 * (no event is printed or counted once the ending began) and {@link #finish} runs once.
 */
final class FpingPrinter {

    /**
     * What to print, as fping's flags decide it.
     *
     * @param verbose {@code X is alive} and {@code X is unreachable} (fping's default; off with {@code -q},
     *     {@code -a}, {@code -u}, {@code -x}, {@code -c}, {@code -l})
     * @param alive {@code -a}: the alive targets, one per line
     * @param unreachable {@code -u}: the unreachable targets, one per line
     * @param perReply a line per reply and per timeout (count and loop modes, unless quiet)
     * @param quiet {@code -q}/{@code -Q}: no warnings (names that did not resolve, ICMP errors)
     * @param elapsed {@code -e}: the round trip after {@code is alive}
     * @param timestamps {@code -D}: {@code [epoch.5 decimals]} before per-reply lines
     * @param summaries the per-target summaries at the end (count and loop modes)
     * @param rttLists {@code -C}: the summaries list each request's round trip
     * @param statistics {@code -s}: the global statistics at the end
     * @param outagePeriodMillis {@code -o}: the outage per lost request, the period; negative without it
     * @param minReachable {@code -x}: the verdict on so many alive targets; 0 without it
     */
    record Style(
            boolean verbose,
            boolean alive,
            boolean unreachable,
            boolean perReply,
            boolean quiet,
            boolean elapsed,
            boolean timestamps,
            boolean summaries,
            boolean rttLists,
            boolean statistics,
            double outagePeriodMillis,
            int minReachable) {}

    private final OutputQueue output;
    private final FpingTargets targets;
    private final FpingTally tally;
    private final Style style;
    private final long startedNanos = System.nanoTime();
    /** fping's exit code once {@link #finish} ran, else -1. */
    private int exitCode = -1;
    /**
     * Set when the ending starts: on Ctrl-C the engine still runs while the hook prints it, and fping, stopped
     * by the signal, prints no reply after its summaries, which count the lines printed. Guarded by this.
     */
    private boolean ended;

    FpingPrinter(OutputQueue output, FpingTargets targets, FpingTally tally, Style style) {
        this.output = output;
        this.targets = targets;
        this.tally = tally;
        this.style = style;
    }

    /** The counters behind the lines. */
    FpingTally tally() {
        return tally;
    }

    /**
     * A request was answered.
     *
     * @param target the target
     * @param request which of its requests, from 0 (fping's {@code [n]})
     * @param reply the echo reply
     */
    synchronized void reply(int target, int request, Reply reply) {
        if (ended) {
            return;
        }
        boolean first = tally.reply(target, request, reply.rtt());
        if (first && (style.verbose() || style.alive())) {
            // -a alone prints the display as it is: no copy of it per alive target
            String line = style.verbose() ? targets.display(target) + " is alive" : targets.display(target);
            output.out(style.elapsed() ? line + " (" + FpingFormat.time(reply.rtt()) + " ms)" : line);
        }
        if (style.perReply()) {
            output.out(stamp() + targets.padded(target) + " : [" + request + "], " + reply.bytes() + " bytes, "
                    + FpingFormat.time(reply.rtt()) + " ms" + tally.runningAverage(target));
        }
    }

    /**
     * Another reply to an answered request: fping's line on standard error, unless the per-reply lines are on
     * (fping then drops it silently); the address it came from when that is not the target's.
     *
     * @param target the target
     * @param request which of its requests, from 0
     * @param duplicate the further reply
     * @param address the target's address
     */
    synchronized void duplicate(int target, int request, Reply duplicate, java.net.InetAddress address) {
        if (ended) {
            return;
        }
        if (style.perReply()) {
            return;
        }
        String from = duplicate.source().equals(address) ? "" : " [<- " + AddressText.of(duplicate.source()) + "]";
        output.err(targets.display(target) + " : duplicate for [" + request + "], " + duplicate.bytes() + " bytes, "
                + FpingFormat.time(duplicate.rtt()) + " ms" + from);
    }

    /**
     * A request was not answered in time.
     *
     * @param target the target
     * @param request which of its requests, from 0
     */
    synchronized void timeout(int target, int request) {
        if (ended) {
            return;
        }
        tally.timeout(target);
        if (style.perReply()) {
            output.out(stamp() + targets.padded(target) + " : [" + request + "], timed out"
                    + tally.runningAverage(target));
        }
    }

    /**
     * An ICMP error quoting a request arrived: fping's warning on standard error; the request is then timed out.
     *
     * @param target the target
     * @param request which of its requests, from 0
     * @param error the error
     */
    synchronized void error(int target, int request, Reply error) {
        if (ended) {
            return;
        }
        tally.countOtherIcmp();
        if (!style.quiet()) {
            output.err(FpingFormat.errorLine(error, AddressText.of(error.source()), targets.display(target)));
        }
        timeout(target, request);
    }

    /**
     * A request could not be sent (no route, ...): fping's warning on standard error in its default output
     * ({@code error while sending ping}); counted as sent, with no timeout and no line of its own.
     *
     * @param target the target
     * @param cause why, with its errno
     */
    synchronized void sendFailed(int target, IcmpSocketException cause) {
        if (ended) {
            return;
        }
        tally.sendFailed(target);
        if (style.verbose()) {
            output.err(targets.display(target) + ": error while sending ping: " + ErrnoText.of(cause));
        }
    }

    /**
     * A warning on standard error unless quiet: a name that did not resolve.
     *
     * @param line the warning
     */
    void warn(String line) {
        if (!style.quiet()) {
            output.err(line);
        }
    }

    /**
     * fping's {@code -Q} report ({@code print_per_system_splits}): the time, then each target's counts since
     * the last report, on standard error.
     */
    void report() {
        if (style.verbose() || style.perReply()) {
            output.err("");
        }
        LocalTime now = LocalTime.now(ZoneId.systemDefault());
        output.err("[" + twoDigits(now.getHour()) + ":" + twoDigits(now.getMinute()) + ":" + twoDigits(now.getSecond())
                + "]");
        for (int t = 0; t < targets.size(); t++) {
            output.err(targets.padded(t) + " :" + tally.summary(t, true, style.outagePeriodMillis()));
        }
    }

    /** Stops the events before the ending's JSON is printed: from now on none is printed or counted. */
    synchronized void stopEvents() {
        ended = true;
    }

    /**
     * Queues a line for standard output unless the ending began: {@code --ndjson}'s line of a target that
     * completed, which the ending's lines of the unanswered targets must not repeat.
     *
     * @param line the text, without the line end
     * @param printed run under this printer's lock when the line is queued
     */
    synchronized void outUnlessEnded(String line, Runnable printed) {
        if (!ended) {
            output.out(line);
            printed.run();
        }
    }

    /**
     * Queues fping's ending ({@code finish}), once: the unreachable targets, the per-target summaries, the
     * {@code -s} statistics and the {@code -x} verdict.
     *
     * @return fping's exit code: with {@code -x} 0 when enough targets answered, else 2 when a name did not
     *     resolve, 1 when a target did not answer, 0 when all did (the same on later calls, which print nothing)
     */
    synchronized int finish() {
        ended = true;
        if (exitCode < 0) {
            exitCode = end();
        }
        return exitCode;
    }

    private int end() {
        int unreachable = 0;
        for (int t = 0; t < targets.size(); t++) {
            if (tally.isAlive(t)) {
                continue;
            }
            unreachable++;
            if (style.verbose()) {
                output.out(targets.display(t) + " is unreachable");
            } else if (style.unreachable()) {
                output.out(targets.display(t));
            }
        }
        if (style.summaries()) {
            if (style.verbose() || style.perReply()) {
                output.err("");
            }
            for (int t = 0; t < targets.size(); t++) {
                output.err(targets.padded(t) + " :"
                        + (style.rttLists() ? tally.rttList(t) : tally.summary(t, false, style.outagePeriodMillis())));
            }
        }
        if (style.statistics()) {
            statistics(unreachable);
        }
        int alive = targets.size() - unreachable;
        if (style.minReachable() > 0) {
            boolean enough = alive >= style.minReachable();
            output.out((enough ? "Enough" : "Not enough") + " hosts reachable (required: " + style.minReachable()
                    + ", reachable: " + alive + ")");
            return enough ? 0 : 1;
        }
        return targets.unknown() > 0 ? 2 : unreachable > 0 ? 1 : 0;
    }

    /** fping's {@code -s} block ({@code print_global_stats}), on standard error. */
    private void statistics(int unreachable) {
        output.err("");
        output.err(count(targets.size()) + " targets");
        output.err(count(targets.size() - unreachable) + " alive");
        output.err(count(unreachable) + " unreachable");
        output.err(count(targets.unknown()) + " unknown addresses");
        output.err("");
        output.err(count(tally.timeouts()) + " timeouts (waiting for response)");
        output.err(count(tally.sent()) + " ICMP Echos sent");
        output.err(count(tally.replies()) + " ICMP Echo Replies received");
        output.err(count(tally.otherIcmp()) + " other ICMP received");
        output.err("");
        output.err(" " + FpingFormat.time(tally.minRtt()) + " ms (min round trip time)");
        output.err(" " + FpingFormat.time(tally.avgRtt()) + " ms (avg round trip time)");
        output.err(" " + FpingFormat.time(tally.maxRtt()) + " ms (max round trip time)");
        String elapsed = BigDecimal.valueOf(System.nanoTime() - startedNanos, 9)
                .setScale(3, RoundingMode.HALF_EVEN)
                .toPlainString();
        output.err(" " + " ".repeat(Math.max(0, 12 - elapsed.length())) + elapsed + " sec (elapsed real time)");
        output.err("");
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    /** fping's {@code " %7d"}. */
    private static String count(long value) {
        String text = Long.toString(value);
        return " " + " ".repeat(Math.max(0, 7 - text.length())) + text;
    }

    /** fping's {@code -D} prefix: {@code [1796618248.95447] }, the wall clock in seconds with 5 decimals. */
    private String stamp() {
        if (!style.timestamps()) {
            return "";
        }
        Instant now = Instant.now();
        BigDecimal seconds = BigDecimal.valueOf(now.getEpochSecond())
                .add(BigDecimal.valueOf(now.getNano(), 9))
                .setScale(5, RoundingMode.HALF_EVEN);
        return "[" + seconds.toPlainString() + "] ";
    }
}
