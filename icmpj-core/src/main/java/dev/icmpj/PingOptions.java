package dev.icmpj;

import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.PathMtuDiscovery;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import dev.icmpj.socket.SocketOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How to ping one host: number of probes, pacing, timeout and the IP fields of each probe. Defaults are
 * icmplib's: 4 probes, 1 s apart, 2 s timeout, 56 bytes of payload.
 *
 * <p>Built with {@link #builder()}; every setter validates its argument at once and throws
 * {@link IllegalArgumentException} naming the field and its allowed range, or {@link NullPointerException}
 * naming the field, so a built value is valid by construction. A class with a builder rather than a record,
 * so that options can be added without breaking callers.
 *
 * {@snippet :
 * PingOptions options = PingOptions.builder()
 *         .count(10)
 *         .interval(Duration.ofMillis(200))
 *         .timeout(Duration.ofSeconds(1))
 *         .build();
 * }
 *
 * <p>Immutable and thread-safe: the payload is copied in and out.
 */
public final class PingOptions {

    /** The most requests a preload may send at once (iputils' {@code MAX_DUP_CHK}). */
    public static final int MAX_PRELOAD = 65536;

    private static final PingOptions DEFAULTS = new Builder().build();

    private final int count;
    private final Duration interval;
    private final Duration timeout;
    /** Family, privilege, source, interface, identifier, TTL, traffic class, path MTU discovery, broadcast. */
    private final SocketOptions socket;

    private final Optional<byte[]> payload;
    private final int payloadSize;
    private final boolean flood;
    private final boolean keepReplies;
    private final int preload;
    private final boolean adaptive;
    private final Duration minimumAdaptiveInterval;
    private final RttClock rttClock;

    private PingOptions(Builder b) {
        count = b.count;
        interval = b.interval;
        timeout = b.timeout;
        socket = b.socket;
        payload = b.payload.map(byte[]::clone);
        payloadSize = b.payloadSize;
        flood = b.flood;
        keepReplies = b.keepReplies;
        preload = b.preload;
        adaptive = b.adaptive;
        minimumAdaptiveInterval = b.minimumAdaptiveInterval;
        rttClock = b.rttClock;
        if (flood && !interval.isZero()) {
            throw new IllegalArgumentException(
                    "interval is " + DurationText.of(interval) + "; a flood sends with no interval");
        }
    }

    /**
     * Returns the defaults: count 4, interval 1 s, timeout 2 s, 56 bytes, TTL 64, any family, AUTO privilege.
     *
     * @return the default options
     */
    public static PingOptions defaults() {
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
        b.count = count;
        b.interval = interval;
        b.timeout = timeout;
        b.socket = socket;
        b.payload = payload;
        b.payloadSize = payloadSize;
        b.flood = flood;
        b.keepReplies = keepReplies;
        b.preload = preload;
        b.adaptive = adaptive;
        b.minimumAdaptiveInterval = minimumAdaptiveInterval;
        b.rttClock = rttClock;
        return b;
    }

    /** The number of echo requests, at least 1. */
    public int count() {
        return count;
    }

    /**
     * The time between the starts of consecutive requests (iputils cadence: requests do not wait for
     * replies), zero or more.
     */
    public Duration interval() {
        return interval;
    }

    /** How long each request waits for its reply, counted from its send, positive. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The echo identifier to ask for, 0..65535; empty: a random one (raw socket) or the kernel's (ping
     * socket).
     */
    public OptionalInt identifier() {
        return socket.identifier();
    }

    /** The address to send from, if any. */
    public Optional<InetAddress> sourceAddress() {
        return socket.sourceAddress();
    }

    /** The interface to send through, if any. */
    public Optional<String> interfaceName() {
        return socket.interfaceName();
    }

    /** Which address family host names resolve to; {@link Family#ANY}: the resolver's first. */
    public Family family() {
        return socket.family();
    }

    /** Which kind of socket to use. */
    public Privilege privilege() {
        return socket.privilege();
    }

    /**
     * Returns a copy of the payload, if one was given.
     *
     * @return the echo data, or empty when random data of {@link #payloadSize()} bytes is sent
     */
    public Optional<byte[]> payload() {
        return payload.map(byte[]::clone);
    }

    /** The number of echo data bytes (the payload's length when one is given). */
    public int payloadSize() {
        return payloadSize;
    }

    /** The IPv4 TTL or IPv6 hop limit, 1..255. */
    public int ttl() {
        return socket.ttl();
    }

    /** The IPv4 TOS or IPv6 traffic class byte, 0..255. */
    public int trafficClass() {
        return socket.trafficClass();
    }

    /**
     * Returns the DSCP part of the traffic class.
     *
     * @return the upper six bits of {@link #trafficClass()}, 0..63
     */
    public int dscp() {
        return socket.trafficClass() >>> 2;
    }

    /** Whether requests carry the don't-fragment bit and may be fragmented (iputils' {@code -M}). */
    public PathMtuDiscovery pathMtuDiscovery() {
        return socket.pathMtuDiscovery();
    }

    /** Whether fragmentation is forbidden: {@link #pathMtuDiscovery()} is {@link PathMtuDiscovery#DO}. */
    public boolean dontFragment() {
        return socket.dontFragment();
    }

    /**
     * Whether this ping is a flood (iputils' {@code -f} and {@code -i 0}): see {@link Builder#flood}.
     *
     * @return true for a flood
     */
    public boolean flood() {
        return flood;
    }

    /**
     * Whether the result keeps each reply and RTT: see {@link Builder#keepReplies}.
     *
     * @return true (the default) when it does
     */
    public boolean keepReplies() {
        return keepReplies;
    }

    /**
     * The requests sent at once when the ping starts, and in a flood or with adaptive pacing the most left
     * unanswered: see {@link Builder#preload}.
     *
     * @return 1 (the default) .. {@value #MAX_PRELOAD}
     */
    public int preload() {
        return preload;
    }

    /**
     * Whether the interval adapts to the round trip: see {@link Builder#adaptive}.
     *
     * @return true for adaptive pacing
     */
    public boolean adaptive() {
        return adaptive;
    }

    /**
     * The shortest interval adaptive pacing may choose: see {@link Builder#minimumAdaptiveInterval}.
     *
     * @return zero (the default) or more
     */
    public Duration minimumAdaptiveInterval() {
        return minimumAdaptiveInterval;
    }

    /**
     * The most precise clocks round trips are measured with: see {@link Builder#rttClock}.
     *
     * @return {@link RttClock#KERNEL_TX_RX} (the default), {@link RttClock#KERNEL_RECEIVE} or
     *     {@link RttClock#MONOTONIC}
     */
    public RttClock rttClock() {
        return rttClock;
    }

    /** The firewall mark of the requests ({@code SO_MARK}), if any. */
    public OptionalLong mark() {
        return socket.mark();
    }

    /** The socket's send buffer size to ask for ({@code SO_SNDBUF}), or 0 for the kernel's. */
    public int sendBufferSize() {
        return socket.sendBufferSize();
    }

    /** Whether pinging a broadcast address is allowed (IPv4; iputils' {@code -b}). */
    public boolean broadcast() {
        return socket.broadcast();
    }

    /**
     * Returns the largest echo payload for a family.
     *
     * @param family IPV4 or IPV6 ({@link Family#ANY} gives the IPv6 limit, the larger one)
     * @return {@link IcmpRequest#MAX_PAYLOAD_V4} or {@link IcmpRequest#MAX_PAYLOAD_V6}
     */
    public static int maxPayload(Family family) {
        return family == Family.IPV4 ? IcmpRequest.MAX_PAYLOAD_V4 : IcmpRequest.MAX_PAYLOAD_V6;
    }

    /**
     * The options of the socket these options ping through, for a family: what is set per socket (privilege,
     * source, interface, identifier, path MTU discovery, broadcast, mark, send buffer, the kernel's
     * timestamps as {@link #rttClock()} allows); TTL and traffic class travel with each request, so pings that
     * differ only in those share a socket.
     *
     * @param family IPV4 or IPV6
     * @param transmitTimestamps whether the socket asks the kernel for a transmit timestamp of every send,
     *     where {@link #rttClock()} allows it
     * @return the socket's options, without a receive buffer size (the engine sets it)
     */
    SocketOptions socketOptions(Family family, boolean transmitTimestamps) {
        return socket.withFamily(family).toBuilder()
                .ttl(0)
                .trafficClass(0)
                .transmitTimestamps(transmitTimestamps && rttClock == RttClock.KERNEL_TX_RX)
                .receiveTimestamps(rttClock != RttClock.MONOTONIC)
                .build();
    }

    /**
     * Returns the socket settings of these options in one value: family (ANY until a destination decides),
     * privilege, source, interface, identifier, TTL, traffic class, path MTU discovery and broadcast.
     *
     * @return the settings
     */
    public SocketOptions socketOptions() {
        return socket;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PingOptions p
                && count == p.count
                && interval.equals(p.interval)
                && timeout.equals(p.timeout)
                && socket.equals(p.socket)
                && payload.isPresent() == p.payload.isPresent()
                && (payload.isEmpty() || Arrays.equals(payload.get(), p.payload.get()))
                && payloadSize == p.payloadSize
                && flood == p.flood
                && keepReplies == p.keepReplies
                && preload == p.preload
                && adaptive == p.adaptive
                && minimumAdaptiveInterval.equals(p.minimumAdaptiveInterval)
                && rttClock == p.rttClock;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                count,
                interval,
                timeout,
                socket,
                payload.map(Arrays::hashCode),
                payloadSize,
                flood,
                keepReplies,
                preload,
                adaptive,
                minimumAdaptiveInterval,
                rttClock);
    }

    @Override
    public String toString() {
        return "PingOptions[count=" + count + ", interval=" + DurationText.of(interval) + ", timeout="
                + DurationText.of(timeout) + ", family=" + socket.family() + ", privilege=" + socket.privilege()
                + ", identifier=" + socket.identifier() + ", sourceAddress="
                + socket.sourceAddress().map(AddressText::of)
                + ", interfaceName=" + socket.interfaceName() + ", payload="
                + (payload.isPresent() ? "given" : "random")
                + ", payloadSize=" + payloadSize + ", ttl=" + socket.ttl() + ", trafficClass=" + socket.trafficClass()
                + ", pathMtuDiscovery=" + socket.pathMtuDiscovery() + ", broadcast=" + socket.broadcast()
                + ", mark="
                + (socket.mark().isPresent() ? Long.toString(socket.mark().getAsLong()) : "none")
                + ", sendBufferSize=" + socket.sendBufferSize() + ", flood=" + flood + ", keepReplies=" + keepReplies
                + ", preload=" + preload + ", adaptive=" + adaptive + ", minimumAdaptiveInterval="
                + DurationText.of(minimumAdaptiveInterval) + ", rttClock=" + rttClock + "]";
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be between " + min + " and " + max);
        }
    }

    private static void requireNonNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " is " + DurationText.of(value) + "; it must be zero or more");
        }
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " is " + DurationText.of(value) + "; it must be positive");
        }
    }

    private static void requirePayloadFits(int size, Family family) {
        int max = maxPayload(family);
        if (size < 0 || size > max) {
            String which = switch (family) {
                case IPV4 -> "the largest ICMPv4 echo payload";
                case IPV6 -> "the largest ICMPv6 echo payload";
                case ANY ->
                    "the largest echo payload: " + IcmpRequest.MAX_PAYLOAD_V4 + " for IPv4, "
                            + IcmpRequest.MAX_PAYLOAD_V6 + " for IPv6";
            };
            throw new IllegalArgumentException(
                    "payloadSize is " + size + "; it must be between 0 and " + max + " (" + which + ")");
        }
    }

    /** Builds {@link PingOptions}; each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private int count = 4;
        private Duration interval = Duration.ofSeconds(1);
        private Duration timeout = Duration.ofSeconds(2);
        private SocketOptions socket = SocketOptions.builder(Family.ANY).ttl(64).build();
        private Optional<byte[]> payload = Optional.empty();
        private int payloadSize = 56;
        private boolean flood;
        private boolean keepReplies = true;
        private int preload = 1;
        private boolean adaptive;
        private Duration minimumAdaptiveInterval = Duration.ZERO;
        private RttClock rttClock = RttClock.KERNEL_TX_RX;

        private Builder() {}

        /**
         * Sets the number of echo requests.
         *
         * @param value 1..2147483647
         * @return this builder
         */
        public Builder count(int value) {
            requireRange("count", value, 1, Integer.MAX_VALUE);
            this.count = value;
            return this;
        }

        /**
         * Sets the time between the starts of consecutive requests.
         *
         * @param value zero or more
         * @return this builder
         */
        public Builder interval(Duration value) {
            requireNonNegative("interval", value);
            this.interval = value;
            return this;
        }

        /**
         * Sets how long each request waits for its reply.
         *
         * @param value positive
         * @return this builder
         */
        public Builder timeout(Duration value) {
            requirePositive("timeout", value);
            this.timeout = value;
            return this;
        }

        /**
         * Sets the echo identifier to ask for.
         *
         * @param value 0..65535
         * @return this builder
         */
        public Builder identifier(int value) {
            socket = socket.toBuilder().identifier(value).build();
            return this;
        }

        /**
         * Sets the address to send from.
         *
         * @param value an address of the configured family
         * @return this builder
         */
        public Builder sourceAddress(InetAddress value) {
            socket = socket.toBuilder().sourceAddress(value).build();
            return this;
        }

        /**
         * Sets the interface to send through ({@code SO_BINDTODEVICE}).
         *
         * @param value an interface name, 1..15 characters without '/' or white space
         * @return this builder
         */
        public Builder interfaceName(String value) {
            socket = socket.toBuilder().interfaceName(value).build();
            return this;
        }

        /**
         * Sets the address family host names resolve to.
         *
         * @param value ANY, IPV4 or IPV6; must admit the payload size and source address already set
         * @return this builder
         */
        public Builder family(Family value) {
            Objects.requireNonNull(value, "family");
            requirePayloadFits(payloadSize, value);
            socket = socket.withFamily(value);
            return this;
        }

        /**
         * Sets which kind of socket to use.
         *
         * @param value AUTO, PRIVILEGED or UNPRIVILEGED
         * @return this builder
         */
        public Builder privilege(Privilege value) {
            socket = socket.toBuilder().privilege(value).build();
            return this;
        }

        /**
         * Sets the exact echo data (copied); replaces any payload size.
         *
         * @param value at most 65,507 bytes (IPv4) or 65,527 bytes (IPv6)
         * @return this builder
         */
        public Builder payload(byte[] value) {
            Objects.requireNonNull(value, "payload");
            requirePayloadFits(value.length, socket.family());
            this.payload = Optional.of(value.clone());
            this.payloadSize = value.length;
            return this;
        }

        /**
         * Sets the number of random echo data bytes; replaces any payload.
         *
         * @param value 0..65507 (IPv4) or 0..65527 (IPv6 or any family; checked again once the address is known)
         * @return this builder
         */
        public Builder payloadSize(int value) {
            requirePayloadFits(value, socket.family());
            this.payload = Optional.empty();
            this.payloadSize = value;
            return this;
        }

        /**
         * Sets the IPv4 TTL or IPv6 hop limit.
         *
         * @param value 1..255
         * @return this builder
         */
        public Builder ttl(int value) {
            requireRange("ttl", value, 1, 255);
            socket = socket.toBuilder().ttl(value).build();
            return this;
        }

        /**
         * Sets the IPv4 TOS or IPv6 traffic class byte.
         *
         * @param value 0..255
         * @return this builder
         */
        public Builder trafficClass(int value) {
            socket = socket.toBuilder().trafficClass(value).build();
            return this;
        }

        /**
         * Sets the traffic class from a DSCP value (ECN bits zero).
         *
         * @param value 0..63; the traffic class becomes {@code value << 2}
         * @return this builder
         */
        public Builder dscp(int value) {
            requireRange("dscp", value, 0, 63);
            return trafficClass(value << 2);
        }

        /**
         * Sets whether requests carry the don't-fragment bit and may be fragmented.
         *
         * @param value the mode; {@link PathMtuDiscovery#DEFAULT} leaves the kernel's
         * @return this builder
         */
        public Builder pathMtuDiscovery(PathMtuDiscovery value) {
            socket = socket.toBuilder().pathMtuDiscovery(value).build();
            return this;
        }

        /**
         * Sets the don't-fragment bit: {@link PathMtuDiscovery#DO}, or {@link PathMtuDiscovery#DEFAULT}.
         *
         * @param value true to forbid fragmentation
         * @return this builder
         */
        public Builder dontFragment(boolean value) {
            return pathMtuDiscovery(value ? PathMtuDiscovery.DO : PathMtuDiscovery.DEFAULT);
        }

        /**
         * Allows pinging a broadcast address (IPv4; without it such a ping fails with
         * {@link dev.icmpj.socket.SocketBroadcastException}).
         *
         * @param value true to allow
         * @return this builder
         */
        public Builder broadcast(boolean value) {
            socket = socket.toBuilder().broadcast(value).build();
            return this;
        }

        /**
         * Makes this ping a flood, iputils' {@code -f} and {@code -i 0}: the interval is set to zero and a
         * request leaves as soon as fewer than {@link #preload} requests (1 by default) are unanswered, or 10 ms
         * after the last one when none was answered meanwhile: "as fast as they come back or one hundred times
         * per second, whichever is more", iputils' rule, so a flood's {@code pipe} is iputils'. A request is
         * unanswered when it left after the newest one that an echo reply or ICMP error answered (iputils'
         * count: a lost request stops counting once a later one is answered). The flood runs on a socket and a
         * thread of this ping's own, each request alone and without a transmit timestamp (which would cost an
         * error-queue message): the round trip runs from the clock read right before its send to the kernel's
         * receive timestamp. A larger preload keeps more in flight, within what the socket's receive buffer
         * has room for. The result keeps its replies in a {@link ReplyList}, about 15 bytes each, unless
         * {@link #keepReplies} is off. Meant for one ping at a time pushing one path to its limit; many pings
         * at once belong on shared sockets (the default), where an interval of zero sends every request at
         * once, as far as the receive buffer has room.
         *
         * @param value true for a flood
         * @return this builder
         */
        public Builder flood(boolean value) {
            this.flood = value;
            if (value) {
                this.interval = Duration.ZERO;
            }
            return this;
        }

        /**
         * Sets the requests sent at once when the ping starts, iputils' {@code -l}: with an interval, the first
         * {@code value} requests leave together and the next ones one interval apart (request k, from 0, at
         * {@code max(0, k - value + 1)} intervals after the first); in a flood, and with {@link #adaptive}
         * pacing once the interval has come down to zero, also the most requests left unanswered before the
         * next one leaves (see {@link #flood}); with adaptive pacing, the burst the pacing may catch up after
         * a pause (iputils' token bucket holds {@code value} intervals).
         *
         * @param value 1 (the default) .. {@value PingOptions#MAX_PRELOAD}
         * @return this builder
         */
        public Builder preload(int value) {
            requireRange("preload", value, 1, MAX_PRELOAD);
            this.preload = value;
            return this;
        }

        /**
         * Makes the interval adapt to the round trip, iputils' {@code -A}: after each reply the interval
         * becomes the moving average of the round trips (iputils' weight of 1/8, in whole milliseconds,
         * rounded), so that about {@link #preload} requests are unanswered at a time; at an average under
         * half a millisecond it is zero and the flood's rule applies (the next request when the last is
         * answered, or 10 ms later). Until the first reply, and while nothing answers, requests leave at the
         * {@link #interval}. Never below {@link #minimumAdaptiveInterval}.
         *
         * @param value true for adaptive pacing
         * @return this builder
         */
        public Builder adaptive(boolean value) {
            this.adaptive = value;
            return this;
        }

        /**
         * Sets the shortest interval {@link #adaptive} pacing may choose (iputils gives users other than root
         * 2 ms).
         *
         * @param value zero (the default) or more
         * @return this builder
         */
        public Builder minimumAdaptiveInterval(Duration value) {
            requireNonNegative("minimumAdaptiveInterval", value);
            this.minimumAdaptiveInterval = value;
            return this;
        }

        /**
         * Sets the most precise clocks round trips are measured with; where the kernel cannot give those, the
         * next ones in {@link RttClock}'s order are used, and each {@link Reply#clock()} says which were.
         * {@link RttClock#KERNEL_TX_RX} (the default) asks the kernel for a transmit timestamp of each request
         * and a receive timestamp of each reply; {@link RttClock#KERNEL_RECEIVE} for receive timestamps only
         * (iputils' way, an error-queue message less per request); {@link RttClock#MONOTONIC} for neither: the
         * round trip runs from the clock read right before {@code sendto} to the one read once the reply
         * reached user space, the "user-to-user latency" of iputils' {@code -U}.
         *
         * @param value the clocks
         * @return this builder
         */
        public Builder rttClock(RttClock value) {
            this.rttClock = Objects.requireNonNull(value, "rttClock");
            return this;
        }

        /**
         * Sets the firewall mark of the requests ({@code SO_MARK}, iputils' {@code -m}): netfilter's
         * {@code meta mark} and policy routing's {@code fwmark} match it. Setting it needs {@code CAP_NET_ADMIN}
         * or {@code CAP_NET_RAW}; without, the ping fails with {@link dev.icmpj.socket.SocketPermissionException}.
         *
         * @param value 0..4294967295
         * @return this builder
         */
        public Builder mark(long value) {
            socket = socket.toBuilder().mark(value).build();
            return this;
        }

        /**
         * Sets the socket's send buffer size ({@code SO_SNDBUF}, iputils' {@code -S}).
         *
         * @param bytes 1 .. 1 GiB; the kernel doubles it, caps it at {@code net.core.wmem_max} and keeps a minimum
         * @return this builder
         */
        public Builder sendBufferSize(int bytes) {
            requireRange("sendBufferSize", bytes, 1, 1 << 30);
            socket = socket.toBuilder().sendBufferSize(bytes).build();
            return this;
        }

        /**
         * Sets whether the result keeps each reply and RTT (default true). Off, it keeps only counts and
         * statistics ({@link ReplyList#counting}): {@link Host#replies()} and {@link Host#rtts()} are empty and
         * {@link Host#medianRtt()} is NaN, while the counts and the min, mean, max, deviation and jitter are
         * those of every reply. A flood then runs in constant memory however long it lasts, as iputils'
         * does; the listener still sees every reply as it comes. For a ping ({@code Pinger.ping}, {@code
         * pingAsync}); a multiping and a traceroute keep what their results hold either way.
         *
         * @param value false to keep only counts and statistics
         * @return this builder
         */
        public Builder keepReplies(boolean value) {
            this.keepReplies = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public PingOptions build() {
            return new PingOptions(this);
        }
    }
}
