package dev.icmpj.cli;

import java.util.Arrays;
import java.util.BitSet;

/**
 * fping's counters (5.1, {@code stats_add} and the globals of {@code -s}), per target in arrays indexed by
 * the target, so that a /16 or a loop of thousands of targets running for days takes the same memory as at
 * its first second: requests decided (fping counts a request as sent once it is answered or timed out, so
 * the loss of a line never counts one still in flight), replies, their sum, minimum and maximum; the same
 * since the last {@code -Q} report; with {@code -C} each request's round trip.
 *
 * <p>Only what the run reads is kept: the per-target counts ({@link Kept#perTarget}, 32 bytes a target) for
 * the lines and summaries of count and loop modes and for the JSON, the counts since the last report
 * ({@link Kept#sinceReport}, 32 bytes more) with {@code -Q}. A default sweep ({@code -a}, {@code -u},
 * {@code -s}, ...) reads only the totals and which targets answered: a bit per target.
 *
 * <p>Thread-safe: events come from the engine's thread, reports from the main thread, a timer or the
 * interrupt hook; every method locks this tally.
 */
final class FpingTally {
    /**
     * What a tally keeps beyond its totals and the targets that answered. Immutable and thread-safe.
     *
     * @param perTarget each target's counts: its lines' running average, its summary, its JSON
     * @param sinceReport each target's counts since the last {@code -Q} report (needs {@code perTarget})
     * @param rttsPerTarget with {@code -C}, its count: each request's round trip is kept; 0 otherwise
     */
    record Kept(boolean perTarget, boolean sinceReport, int rttsPerTarget) {
        /** Checks that what is kept hangs together. */
        Kept {
            if (rttsPerTarget < 0 || (sinceReport || rttsPerTarget > 0) && !perTarget) {
                throw new IllegalArgumentException("-Q and -C need the per-target counts");
            }
        }

        /**
         * Everything, as a loop with {@code -Q} needs it.
         *
         * @param rttsPerTarget with {@code -C}, its count; 0 otherwise
         * @return per-target counts, since the last report too
         */
        static Kept everything(int rttsPerTarget) {
            return new Kept(true, true, rttsPerTarget);
        }
    }

    private final int[] decided;
    private final int[] received;
    private final double[] sum;
    private final double[] min;
    private final double[] max;
    private final int[] decidedSinceReport;
    private final int[] receivedSinceReport;
    private final double[] sumSinceReport;
    private final double[] minSinceReport;
    private final double[] maxSinceReport;
    /** With {@code -C}: target t's request k at {@code t * count + k}, NaN when not answered. */
    private final double[] rtts;

    private final boolean keepsPerTarget;
    private final boolean keepsSinceReport;
    private final int count;
    private final BitSet alive;
    private final BitSet completed;
    /** Targets a request could not be sent to: fping tries them no more in a default sweep. */
    private final BitSet sendFailed = new BitSet();

    private long timeouts;
    private long sendErrors;
    private long replies;
    private long otherIcmp;
    private double allSum;
    private double allMin = Double.POSITIVE_INFINITY;
    private double allMax;

    /**
     * Creates counters for some targets.
     *
     * @param targets how many
     * @param kept what is kept beyond the totals
     */
    FpingTally(int targets, Kept kept) {
        int perTarget = kept.perTarget() ? targets : 0;
        int sinceReport = kept.sinceReport() ? targets : 0;
        decided = new int[perTarget];
        received = new int[perTarget];
        sum = new double[perTarget];
        min = new double[perTarget];
        max = new double[perTarget];
        decidedSinceReport = new int[sinceReport];
        receivedSinceReport = new int[sinceReport];
        sumSinceReport = new double[sinceReport];
        minSinceReport = new double[sinceReport];
        maxSinceReport = new double[sinceReport];
        keepsPerTarget = kept.perTarget();
        keepsSinceReport = kept.sinceReport();
        count = kept.rttsPerTarget();
        rtts = new double[targets * count];
        Arrays.fill(rtts, Double.NaN);
        alive = new BitSet(targets);
        completed = new BitSet(targets);
    }

    /**
     * A target's requests are all decided (for the progress line).
     *
     * @param target the target
     */
    synchronized void completed(int target) {
        completed.set(target);
    }

    /** Targets whose requests are all decided, or that answered. */
    synchronized int decidedTargets() {
        BitSet done = (BitSet) completed.clone();
        done.or(alive);
        return done.cardinality();
    }

    /**
     * Returns a target's result from these counts, for the JSON of a run cut short: counts and round trips'
     * minimum, mean and maximum, no list of round trips.
     *
     * @param target the target
     * @param address its address
     * @return the result so far
     */
    synchronized dev.icmpj.Host host(int target, java.net.InetAddress address) {
        requirePerTarget();
        int sent = decided[target];
        int got = received[target];
        double nan = Double.NaN;
        return new dev.icmpj.Host(
                address,
                sent,
                got,
                java.util.List.of(),
                got == 0 ? nan : min[target],
                got == 0 ? nan : sum[target] / got,
                got == 0 ? nan : max[target],
                nan,
                nan,
                nan,
                sent == 0 ? 0 : 1 - (double) got / sent,
                0,
                0,
                got > 0,
                -1,
                java.util.List.of());
    }

    /**
     * A request was answered.
     *
     * @param target the target
     * @param request which of its requests, from 0
     * @param rtt the round trip in milliseconds
     * @return true when this is the target's first reply (fping prints {@code is alive} then)
     */
    synchronized boolean reply(int target, int request, double rtt) {
        if (keepsPerTarget) {
            decided[target]++;
            received[target]++;
            sum[target] += rtt;
            min[target] = received[target] == 1 ? rtt : Math.min(min[target], rtt);
            max[target] = Math.max(max[target], rtt);
        }
        if (keepsSinceReport) {
            decidedSinceReport[target]++;
            receivedSinceReport[target]++;
            sumSinceReport[target] += rtt;
            minSinceReport[target] = receivedSinceReport[target] == 1 ? rtt : Math.min(minSinceReport[target], rtt);
            maxSinceReport[target] = receivedSinceReport[target] == 1 ? rtt : Math.max(maxSinceReport[target], rtt);
        }
        if (count > 0 && request >= 0 && request < count) {
            rtts[target * count + request] = rtt;
        }
        replies++;
        allSum += rtt;
        allMin = Math.min(allMin, rtt);
        allMax = Math.max(allMax, rtt);
        if (alive.get(target)) {
            return false;
        }
        alive.set(target);
        return true;
    }

    /**
     * A request was not answered in time.
     *
     * @param target the target
     */
    synchronized void timeout(int target) {
        unanswered(target);
        timeouts++;
    }

    /**
     * A request could not be sent (no route, ...): fping counts it as sent and not answered, with no timeout.
     *
     * @param target the target
     */
    synchronized void sendFailed(int target) {
        unanswered(target);
        sendErrors++;
        sendFailed.set(target);
    }

    /** A request of a target was decided without an answer. */
    private void unanswered(int target) {
        if (keepsPerTarget) {
            decided[target]++;
        }
        if (keepsSinceReport) {
            decidedSinceReport[target]++;
        }
    }

    /**
     * Whether a request to a target could not be sent.
     *
     * @param target the target
     */
    synchronized boolean hasSendFailed(int target) {
        return sendFailed.get(target);
    }

    /** An ICMP error quoting a request arrived (fping counts it, and the request times out). */
    synchronized void countOtherIcmp() {
        otherIcmp++;
    }

    /** The line of a reply or timeout: {@code (0.054 avg, 0% loss)}, or with nothing received {@code (NaN avg, 100% loss)}. */
    synchronized String runningAverage(int target) {
        requirePerTarget();
        String average = received[target] == 0 ? "NaN" : FpingFormat.time(sum[target] / received[target]);
        return " (" + average + " avg, " + loss(decided[target], received[target]) + "% loss)";
    }

    /**
     * fping's summary of a target: {@code xmt/rcv/%loss = 2/2/0%, min/avg/max = 0.045/0.047/0.048}, with
     * {@code -o} the outage after the loss.
     *
     * @param target the target
     * @param sinceReport the counts since the last {@code -Q} report (and restart them), or all of them
     * @param outagePeriodMillis with {@code -o}, the period that each lost request counts as outage; else
     *     negative
     * @return the text after {@code name :}
     */
    synchronized String summary(int target, boolean sinceReport, double outagePeriodMillis) {
        requirePerTarget();
        if (sinceReport && !keepsSinceReport) {
            throw new IllegalStateException("this tally keeps no counts since a report (made without -Q)");
        }
        int sent = sinceReport ? decidedSinceReport[target] : decided[target];
        int got = sinceReport ? receivedSinceReport[target] : received[target];
        StringBuilder line = new StringBuilder(64)
                .append(" xmt/rcv/%loss = ")
                .append(sent)
                .append('/')
                .append(got)
                .append('/')
                .append(loss(sent, got))
                .append('%');
        if (outagePeriodMillis >= 0) {
            line.append(", outage(ms) = ").append((int) ((sent - got) * outagePeriodMillis));
        }
        if (got > 0) {
            double total = sinceReport ? sumSinceReport[target] : sum[target];
            line.append(", min/avg/max = ")
                    .append(FpingFormat.time(sinceReport ? minSinceReport[target] : min[target]))
                    .append('/')
                    .append(FpingFormat.time(total / got))
                    .append('/')
                    .append(FpingFormat.time(sinceReport ? maxSinceReport[target] : max[target]));
        }
        if (sinceReport) {
            decidedSinceReport[target] = 0;
            receivedSinceReport[target] = 0;
            sumSinceReport[target] = 0;
            minSinceReport[target] = 0;
            maxSinceReport[target] = 0;
        }
        return line.toString();
    }

    /** fping's {@code -C} list: each request's round trip, {@code -} when it was not answered. */
    synchronized String rttList(int target) {
        requirePerTarget();
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < Math.min(count, decided[target]); k++) {
            double rtt = rtts[target * count + k];
            line.append(' ').append(Double.isNaN(rtt) ? "-" : FpingFormat.time(rtt));
        }
        return line.toString();
    }

    /** Whether a target answered. */
    synchronized boolean isAlive(int target) {
        return alive.get(target);
    }

    /** How many targets answered. */
    synchronized int alive() {
        return alive.cardinality();
    }

    /** Requests decided for a target (fping's {@code num_sent}). */
    synchronized int decided(int target) {
        requirePerTarget();
        return decided[target];
    }

    /** Requests sent, of all targets: answered, timed out, or failed to send. */
    synchronized long sent() {
        return replies + timeouts + sendErrors;
    }

    /** Requests answered, of all targets. */
    synchronized long replies() {
        return replies;
    }

    /** Requests not answered in time, of all targets. */
    synchronized long timeouts() {
        return timeouts;
    }

    /** ICMP errors quoting a request, of all targets. */
    synchronized long otherIcmp() {
        return otherIcmp;
    }

    /** The shortest round trip of all, 0 without a reply (as fping prints it). */
    synchronized double minRtt() {
        return replies == 0 ? 0 : allMin;
    }

    /** The mean round trip of all, 0 without a reply. */
    synchronized double avgRtt() {
        return replies == 0 ? 0 : allSum / replies;
    }

    /** The longest round trip of all, 0 without a reply. */
    synchronized double maxRtt() {
        return allMax;
    }

    /** Replies of one target. */
    synchronized int received(int target) {
        requirePerTarget();
        return received[target];
    }

    /** The mean round trip of one target, NaN without a reply. */
    synchronized double avgRtt(int target) {
        requirePerTarget();
        return received[target] == 0 ? Double.NaN : sum[target] / received[target];
    }

    /** The shortest round trip of one target, NaN without a reply. */
    synchronized double minRtt(int target) {
        requirePerTarget();
        return received[target] == 0 ? Double.NaN : min[target];
    }

    /** The longest round trip of one target, NaN without a reply. */
    synchronized double maxRtt(int target) {
        requirePerTarget();
        return received[target] == 0 ? Double.NaN : max[target];
    }

    private static int loss(int sent, int received) {
        return sent == 0 ? 0 : (sent - received) * 100 / sent;
    }

    private void requirePerTarget() {
        if (!keepsPerTarget) {
            throw new IllegalStateException("this tally keeps no per-target counts (a default sweep reads none)");
        }
    }
}
