package dev.icmpj;

import java.time.Duration;
import java.util.Objects;

/**
 * How to ping many targets in one call: what each target gets (a {@link PingOptions}: count, interval,
 * timeout and every field of the requests) and how fast the whole sweep may go (rate, concurrency).
 * Defaults are fping's for an alive check: one request per target, a 1 s timeout, as fast as the receive
 * window allows.
 *
 * {@snippet :
 * MultipingOptions options = MultipingOptions.builder()
 *         .count(3)
 *         .interval(Duration.ofMillis(100))
 *         .timeout(Duration.ofMillis(500))
 *         .rate(10_000)            // packets per second over the whole sweep
 *         .build();
 * }
 *
 * <p>Built with {@link #builder()}; every setter validates its argument at once and throws
 * {@link IllegalArgumentException} naming the field and its allowed range. Immutable and thread-safe.
 */
public final class MultipingOptions {

    /** The most packets per second {@link Builder#rate} takes. */
    public static final double MAX_RATE = 10_000_000;

    private static final PingOptions PING_DEFAULTS =
            PingOptions.builder().count(1).timeout(Duration.ofSeconds(1)).build();
    private static final MultipingOptions DEFAULTS = new Builder().build();

    private final PingOptions pingOptions;
    private final double rate;
    private final int concurrency;
    private final boolean transmitTimestamps;

    private MultipingOptions(Builder b) {
        pingOptions = b.pingOptions;
        rate = b.rate;
        concurrency = b.concurrency;
        transmitTimestamps = b.transmitTimestamps;
    }

    /**
     * Returns the defaults: one request per target, 1 s timeout, no rate or concurrency limit.
     *
     * @return the default options
     */
    public static MultipingOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pingOptions = pingOptions;
        b.rate = rate;
        b.concurrency = concurrency;
        b.transmitTimestamps = transmitTimestamps;
        return b;
    }

    /** What each target gets: count, interval between its requests, timeout, and the requests' fields. */
    public PingOptions pingOptions() {
        return pingOptions;
    }

    /** The requests per target. */
    public int count() {
        return pingOptions.count();
    }

    /** The packets per second the whole sweep may send (a token bucket); 0 for no limit but the window. */
    public double rate() {
        return rate;
    }

    /** How many targets may be in progress at once; 0 for no limit but the window. */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Whether the kernel timestamps each send, for RTTs from kernel transmit to kernel receive. Off by default
     * in a sweep: each timestamp is one more message per request for the receive thread, and the RTTs then
     * run from the clock read right before {@code sendto} to the kernel's receive timestamp (iputils' way).
     */
    public boolean transmitTimestamps() {
        return transmitTimestamps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultipingOptions m
                && pingOptions.equals(m.pingOptions)
                && Double.compare(rate, m.rate) == 0
                && concurrency == m.concurrency
                && transmitTimestamps == m.transmitTimestamps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(pingOptions, rate, concurrency, transmitTimestamps);
    }

    @Override
    public String toString() {
        return "MultipingOptions[pingOptions=" + pingOptions + ", rate=" + rate + ", concurrency=" + concurrency
                + ", transmitTimestamps=" + transmitTimestamps + "]";
    }

    /** Builds {@link MultipingOptions}; each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private PingOptions pingOptions = PING_DEFAULTS;
        private double rate;
        private int concurrency;
        private boolean transmitTimestamps;

        private Builder() {}

        /**
         * Sets what each target gets: its count, interval, timeout, payload, TTL, family, privilege and the rest.
         *
         * @param value the options of one target's ping
         * @return this builder
         */
        public Builder pingOptions(PingOptions value) {
            this.pingOptions = Objects.requireNonNull(value, "pingOptions");
            return this;
        }

        /**
         * Sets the requests per target.
         *
         * @param value 1..2147483647
         * @return this builder
         */
        public Builder count(int value) {
            pingOptions = pingOptions.toBuilder().count(value).build();
            return this;
        }

        /**
         * Sets the time between the requests to one target.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder interval(Duration value) {
            pingOptions = pingOptions.toBuilder().interval(value).build();
            return this;
        }

        /**
         * Sets how long each request waits for its reply.
         *
         * @param value positive
         * @return this builder
         */
        public Builder timeout(Duration value) {
            pingOptions = pingOptions.toBuilder().timeout(value).build();
            return this;
        }

        /**
         * Limits the packets per second of the whole sweep.
         *
         * @param packetsPerSecond 0 (no limit but the receive window) to {@link #MAX_RATE}
         * @return this builder
         */
        public Builder rate(double packetsPerSecond) {
            if (!(packetsPerSecond >= 0 && packetsPerSecond <= MAX_RATE)) {
                throw new IllegalArgumentException(
                        "rate is " + packetsPerSecond + "; it must be between 0 and " + (long) MAX_RATE + " packets/s");
            }
            this.rate = packetsPerSecond;
            return this;
        }

        /**
         * Limits how many targets are in progress at once.
         *
         * @param targets 0 (no limit but the receive window) to {@link Targets#MAX_TARGETS}
         * @return this builder
         */
        public Builder concurrency(int targets) {
            if (targets < 0 || targets > Targets.MAX_TARGETS) {
                throw new IllegalArgumentException(
                        "concurrency is " + targets + "; it must be between 0 and " + Targets.MAX_TARGETS);
            }
            this.concurrency = targets;
            return this;
        }

        /**
         * Sets whether the kernel timestamps each send (off by default in a sweep).
         *
         * @param value true for RTTs from kernel transmit to kernel receive
         * @return this builder
         */
        public Builder transmitTimestamps(boolean value) {
            this.transmitTimestamps = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public MultipingOptions build() {
            return new MultipingOptions(this);
        }
    }
}
