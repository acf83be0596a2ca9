package dev.icmpj;

import java.time.Duration;
import java.util.Objects;

/**
 * How to trace the route to a host: what each probe is (a {@link PingOptions}: probes per hop as its count,
 * the pause between rounds of probes as its interval, the wait for an answer as its timeout, and the
 * probes' fields: identifier, source, interface, family, privilege, payload, traffic class) and which hops
 * to probe. icmplib's parameters and defaults: two probes per hop, 50 ms between rounds, a 2 s timeout,
 * hops 1 to 30.
 *
 * {@snippet :
 * TracerouteOptions options = TracerouteOptions.builder()
 *         .count(3)                 // probes per hop
 *         .maxHops(16)
 *         .timeout(Duration.ofSeconds(1))
 *         .build();
 * }
 *
 * <p>Built with {@link #builder()}; every setter validates its argument at once and throws
 * {@link IllegalArgumentException} naming the field and its allowed range. Immutable and thread-safe.
 */
public final class TracerouteOptions {

    /** The most probes per hop. */
    public static final int MAX_PROBES_PER_HOP = 100;

    private static final PingOptions PING_DEFAULTS = PingOptions.builder()
            .count(2)
            .interval(Duration.ofMillis(50))
            .timeout(Duration.ofSeconds(2))
            .build();
    private static final TracerouteOptions DEFAULTS = new Builder().build();

    private final PingOptions pingOptions;
    private final int firstHop;
    private final int maxHops;
    private final boolean fast;
    private final boolean constantFlow;
    private final boolean retrySilentHops;
    private final int maxInFlight;

    private TracerouteOptions(Builder b) {
        if (b.firstHop > b.maxHops) {
            throw new IllegalArgumentException(
                    "firstHop is " + b.firstHop + "; it must not be more than maxHops (" + b.maxHops + ")");
        }
        pingOptions = b.pingOptions;
        firstHop = b.firstHop;
        maxHops = b.maxHops;
        fast = b.fast;
        constantFlow = b.constantFlow;
        retrySilentHops = b.retrySilentHops;
        maxInFlight = b.maxInFlight;
        if (constantFlow && pingOptions.payload().map(p -> p.length).orElse(pingOptions.payloadSize()) < 2) {
            throw new IllegalArgumentException(
                    "payloadSize is " + pingOptions.payloadSize() + "; a constant flow needs at least 2 bytes");
        }
    }

    /**
     * Returns the defaults: two probes per hop, 50 ms between rounds, 2 s timeout, hops 1 to 30.
     *
     * @return the default options
     */
    public static TracerouteOptions defaults() {
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
        b.firstHop = firstHop;
        b.maxHops = maxHops;
        b.fast = fast;
        b.constantFlow = constantFlow;
        b.retrySilentHops = retrySilentHops;
        b.maxInFlight = maxInFlight;
        return b;
    }

    /** The probes: count per hop, interval between rounds, timeout, and their fields. */
    public PingOptions pingOptions() {
        return pingOptions;
    }

    /** The TTL of the first hop probed, 1..255. */
    public int firstHop() {
        return firstHop;
    }

    /** The TTL of the last hop probed, 1..255. */
    public int maxHops() {
        return maxHops;
    }

    /** Whether the next round of probes leaves as soon as the last is answered, without the interval. */
    public boolean fast() {
        return fast;
    }

    /**
     * Whether every probe of the trace is one flow (Paris traceroute): see {@link Builder#constantFlow}.
     *
     * @return true for a constant flow
     */
    public boolean constantFlow() {
        return constantFlow;
    }

    /**
     * Whether a hop before the end that answered none of its probes gets one more, 1.1 s after the rounds.
     *
     * @return true when silent hops are retried
     */
    public boolean retrySilentHops() {
        return retrySilentHops;
    }

    /**
     * The most probes in flight at once: see {@link Builder#maxInFlight}.
     *
     * @return 1 .. {@link Integer#MAX_VALUE} (the default: every probe whose round is due leaves at once)
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TracerouteOptions t
                && pingOptions.equals(t.pingOptions)
                && firstHop == t.firstHop
                && maxHops == t.maxHops
                && fast == t.fast
                && constantFlow == t.constantFlow
                && retrySilentHops == t.retrySilentHops
                && maxInFlight == t.maxInFlight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(pingOptions, firstHop, maxHops, fast, constantFlow, retrySilentHops, maxInFlight);
    }

    @Override
    public String toString() {
        return "TracerouteOptions[pingOptions=" + pingOptions + ", firstHop=" + firstHop + ", maxHops=" + maxHops
                + ", fast=" + fast + ", constantFlow=" + constantFlow + ", retrySilentHops=" + retrySilentHops
                + ", maxInFlight=" + maxInFlight + "]";
    }

    /** Builds {@link TracerouteOptions}; not thread-safe. */
    public static final class Builder {
        private PingOptions pingOptions = PING_DEFAULTS;
        private int firstHop = 1;
        private int maxHops = 30;
        private boolean fast;
        private boolean constantFlow;
        private boolean retrySilentHops;
        private int maxInFlight = Integer.MAX_VALUE;

        private Builder() {}

        /**
         * Sets what each probe is; its count is the probes per hop, its interval the pause between rounds.
         *
         * @param options the options; a flood is refused
         * @return this builder
         */
        public Builder pingOptions(PingOptions options) {
            Objects.requireNonNull(options, "pingOptions");
            if (options.flood()) {
                throw new IllegalArgumentException("pingOptions is a flood; a traceroute paces its probes");
            }
            this.pingOptions = options;
            return this;
        }

        /**
         * Sets the probes per hop (traceroute's {@code -q}).
         *
         * @param value 1..{@value #MAX_PROBES_PER_HOP}
         * @return this builder
         */
        public Builder count(int value) {
            if (value < 1 || value > MAX_PROBES_PER_HOP) {
                throw new IllegalArgumentException(
                        "count is " + value + "; it must be between 1 and " + MAX_PROBES_PER_HOP);
            }
            pingOptions = pingOptions.toBuilder().count(value).build();
            return this;
        }

        /**
         * Sets the pause between one round of probes (one per hop) and the next.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder interval(Duration value) {
            pingOptions = pingOptions.toBuilder().interval(value).build();
            return this;
        }

        /**
         * Sets how long a probe waits for its answer (traceroute's {@code -w}).
         *
         * @param value positive
         * @return this builder
         */
        public Builder timeout(Duration value) {
            pingOptions = pingOptions.toBuilder().timeout(value).build();
            return this;
        }

        /**
         * Sets the first hop probed (traceroute's {@code -f}).
         *
         * @param value 1..255
         * @return this builder
         */
        public Builder firstHop(int value) {
            this.firstHop = hop("firstHop", value);
            return this;
        }

        /**
         * Sets the last hop probed (traceroute's {@code -m}).
         *
         * @param value 1..255
         * @return this builder
         */
        public Builder maxHops(int value) {
            this.maxHops = hop("maxHops", value);
            return this;
        }

        /**
         * Lets each round of probes leave as soon as the one before is decided, without the interval.
         *
         * @param value true for fast
         * @return this builder
         */
        public Builder fast(boolean value) {
            this.fast = value;
            return this;
        }

        /**
         * Keeps every probe one flow, as Paris traceroute does: a load balancer that spreads traffic by flow
         * hashes the first bytes of the ICMP header (type, code, checksum, identifier), and an echo request's
         * checksum changes with its sequence number; the first two payload bytes compensate the sequence so
         * the checksum stays the same, and all probes take one path. Without it (the default, as icmplib and
         * traceroute -I) each probe is a flow of its own, so probes spread over the equal-cost paths and a
         * hop lists every responder they met: the more probes per hop, the more paths found.
         *
         * @param value true for a constant flow; needs a payload of at least 2 bytes
         * @return this builder
         */
        public Builder constantFlow(boolean value) {
            this.constantFlow = value;
            return this;
        }

        /**
         * Gives a hop before the end that answered none of its probes one more probe, 1.1 s after the rounds
         * (routers limit the ICMP errors they send, Linux's to one per second per destination after a burst
         * of six, so back-to-back traces can find a router silent). Off by default, as in traceroute and
         * icmplib: a hop gets exactly {@code count} probes.
         *
         * @param value true to retry silent hops
         * @return this builder
         */
        public Builder retrySilentHops(boolean value) {
            this.retrySilentHops = value;
            return this;
        }

        /**
         * Sets the most probes in flight at once (traceroute's {@code -N}, whose default is 16): a probe leaves
         * only while fewer are sent and undecided, and the next one when one is decided. Probes leave in
         * traceroute's order, hop by hop: all of a hop's probes whose round is due, then the next hop's, so the
         * first hops are decided first. By default every probe whose round is due leaves at once.
         *
         * @param value 1 .. {@link Integer#MAX_VALUE}
         * @return this builder
         */
        public Builder maxInFlight(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxInFlight is " + value + "; it must be 1 or more");
            }
            this.maxInFlight = value;
            return this;
        }

        private static int hop(String field, int value) {
            if (value < 1 || value > 255) {
                throw new IllegalArgumentException(field + " is " + value + "; it must be between 1 and 255");
            }
            return value;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException when firstHop is more than maxHops
         */
        public TracerouteOptions build() {
            return new TracerouteOptions(this);
        }
    }
}
