package dev.icmpj.cli;

import dev.icmpj.Reply;

/**
 * The counters behind iputils {@code ping}'s summary, kept from a ping's events with iputils' own arithmetic
 * (20221126, {@code gather_statistics} and {@code finish}), so that the summary prints what iputils would
 * print for the same round trips: times in whole microseconds, the average and {@code mdev} over the replies
 * and the duplicates, {@code mdev} as the integer square root of the integer variance, {@code pipe} as the
 * most requests outstanding when one was answered, and the {@code ewma} (iputils keeps 8 times the moving
 * average, weight 1/8). Constant memory, however long the ping runs.
 *
 * <p>Not thread-safe: {@link PingPrinter} updates and reads it under its lock.
 */
final class PingStatistics {
    /** By sequence number: when its request left and its place in the send order (1 for the first). */
    private final long[] sentAt = new long[1 << 16];

    private final int[] sendOrder = new int[1 << 16];

    private long transmitted;
    private long received;
    private long duplicates;
    private long errors;
    private double sumMicros;
    private double sumOfSquares;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros;
    /** iputils' {@code rts->rtt}: 8 times the moving average of the RTT in microseconds, weight 1/8. */
    private long ewmaTimes8;

    private int pipe;
    private long firstSendNanos;
    private long lastSendNanos;

    /**
     * A request left.
     *
     * @param sequence its echo sequence number
     * @param sentAtNanos {@link System#nanoTime()} at its send
     */
    void sent(int sequence, long sentAtNanos) {
        if (transmitted++ == 0) {
            firstSendNanos = sentAtNanos;
        }
        lastSendNanos = sentAtNanos;
        sentAt[sequence] = sentAtNanos;
        sendOrder[sequence] = (int) transmitted;
    }

    /**
     * A request was answered.
     *
     * @param reply its echo reply
     */
    void reply(Reply reply) {
        received++;
        acknowledge(reply.sequence());
        time(reply.rtt());
    }

    /**
     * Another echo reply to an answered request (or, for a broadcast, another host's reply).
     *
     * @param reply the duplicate
     */
    void duplicate(Reply reply) {
        duplicates++;
        acknowledge(reply.sequence());
        time(reply.rtt());
    }

    /**
     * An ICMP error decided a request.
     *
     * @param error the error
     */
    void error(Reply error) {
        errors++;
        acknowledge(error.sequence());
    }

    /**
     * Returns when a request with this sequence number left.
     *
     * @param sequence the echo sequence number
     * @return {@link System#nanoTime()} at its send
     */
    long sentAt(int sequence) {
        return sentAt[sequence];
    }

    /** iputils' {@code acknowledge}: how deep the pipe of outstanding requests was when this one came back. */
    private void acknowledge(int sequence) {
        int order = sendOrder[sequence];
        if (order > 0) {
            pipe = (int) Math.max(pipe, transmitted - order + 1);
        }
    }

    private void time(double rttMillis) {
        long micros = Math.round(rttMillis * 1000);
        sumMicros += micros;
        sumOfSquares += (double) micros * micros;
        minMicros = Math.min(minMicros, micros);
        maxMicros = Math.max(maxMicros, micros);
        ewmaTimes8 = ewmaTimes8 == 0 ? micros * 8 : ewmaTimes8 + micros - ewmaTimes8 / 8;
    }

    /** Requests sent. */
    long transmitted() {
        return transmitted;
    }

    /** Requests answered (duplicates not counted). */
    long received() {
        return received;
    }

    /** Duplicate echo replies. */
    long duplicates() {
        return duplicates;
    }

    /** Requests decided by an ICMP error. */
    long errors() {
        return errors;
    }

    /** The most requests outstanding when one of them was answered. */
    int pipe() {
        return pipe;
    }

    /** The longest round trip in whole microseconds, 0 before the first reply. */
    long maxMicros() {
        return maxMicros;
    }

    /**
     * Returns iputils' {@code time}: from the first request to the last one sent, in nanoseconds (iputils reads
     * its clock when it sends, so a late reply does not lengthen it).
     *
     * @return 0 before two requests left
     */
    long elapsedNanos() {
        return transmitted == 0 ? 0 : lastSendNanos - firstSendNanos;
    }

    /** The shortest RTT in microseconds; only with a reply or duplicate. */
    long minMicros() {
        return minMicros;
    }

    /** iputils' {@code tmavg}: the mean of the replies' and duplicates' RTTs, truncated to microseconds. */
    long avgMicros() {
        return (long) (sumMicros / (received + duplicates));
    }

    /**
     * Returns iputils' {@code mdev}: the integer square root of the population variance, itself computed and
     * truncated as iputils computes it.
     *
     * @return microseconds
     */
    long mdevMicros() {
        long total = received + duplicates;
        long variance = sumMicros < Integer.MAX_VALUE
                ? (long) ((sumOfSquares - (sumMicros * sumMicros) / total) / total)
                : (long) (sumOfSquares / total) - avgMicros() * avgMicros();
        return integerSquareRoot(Math.max(0, variance));
    }

    /** iputils' moving average of the RTT in microseconds, times 8 (print it as {@code /8000} and {@code /8 % 1000}). */
    long ewmaTimes8() {
        return ewmaTimes8;
    }

    /** iputils' {@code llsqrt}: Newton's method on integers, the floor of the square root. */
    static long integerSquareRoot(long a) {
        long previous = Long.MAX_VALUE;
        long x = a;
        if (x > 0) {
            while (x < previous) {
                previous = x;
                x = (x + a / x) / 2;
            }
        }
        return x;
    }
}
