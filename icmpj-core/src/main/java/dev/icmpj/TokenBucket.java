package dev.icmpj;

/**
 * A sweep's rate limit: a token per request, refilled at the rate, starting with 10 ms worth and saving up at
 * most 100 ms worth, so that a loop that ran late catches up and the rate holds over the sweep. A rate of 0
 * means no limit.
 *
 * <p>Not thread-safe: its loop's thread only.
 */
final class TokenBucket {

    private final double rate;
    private final double burst;
    private double tokens;
    private long at;

    /**
     * Creates a bucket.
     *
     * @param rate tokens per second, or 0 for no limit
     * @param now the ticker now
     */
    TokenBucket(double rate, long now) {
        this.rate = rate;
        this.burst = Math.max(1, rate / 10);
        this.tokens = Math.max(1, rate / 100);
        this.at = now;
    }

    /**
     * Takes a token if there is one.
     *
     * @param now the ticker
     * @return true when taken
     */
    boolean take(long now) {
        if (rate == 0) {
            return true;
        }
        tokens = Math.min(burst, tokens + (now - at) * rate / 1e9);
        at = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Gives back a token taken for a request that did not leave after all. */
    void giveBack() {
        if (rate != 0) {
            tokens += 1;
        }
    }

    /**
     * Returns when the next token is there.
     *
     * @param now the ticker
     * @return a ticker time
     */
    long nextTokenAt(long now) {
        return now + (long) Math.ceil((1 - tokens) / rate * 1e9);
    }
}
