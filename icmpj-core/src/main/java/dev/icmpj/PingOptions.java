package dev.icmpj;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to ping one host: number of probes, pacing, timeout and the IP fields of each probe. Defaults are
 * icmplib's: 4 probes, 1 s apart, 2 s timeout, 56 bytes of payload.
 *
 * <p>Built with {@link #builder()}; every setter validates its argument at once and throws
 * {@link IllegalArgumentException} naming the field and its allowed range, or {@link NullPointerException}
 * naming the field.
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
 *
 * @param count the number of echo requests, at least 1
 * @param interval the time between the starts of consecutive requests (iputils cadence: requests do not
 *     wait for replies), zero or more
 * @param timeout how long each request waits for its reply, counted from its send, positive
 * @param identifier the echo identifier to ask for, 0..65535; empty: a random one (raw socket) or the
 *     kernel's (ping socket)
 * @param sourceAddress the address to send from, if any
 * @param interfaceName the interface to send through, if any
 * @param family which address family to resolve host names to; {@link Family#ANY}: the resolver's first
 * @param privilege which kind of socket to use
 * @param payload the exact echo data, if given; otherwise {@code payloadSize} random bytes
 * @param payloadSize the number of echo data bytes (the payload's length when one is given)
 * @param ttl the IPv4 TTL or IPv6 hop limit, 1..255
 * @param trafficClass the IPv4 TOS or IPv6 traffic class byte, 0..255
 * @param dontFragment set the don't-fragment bit (IPv4) / forbid fragmentation (IPv6)
 */
public record PingOptions(
        int count,
        Duration interval,
        Duration timeout,
        OptionalInt identifier,
        Optional<InetAddress> sourceAddress,
        Optional<String> interfaceName,
        Family family,
        Privilege privilege,
        Optional<byte[]> payload,
        int payloadSize,
        int ttl,
        int trafficClass,
        boolean dontFragment) {

    /** The largest ICMPv4 echo payload: 65,535 - 20 (IPv4 header) - 8 (ICMP header). */
    public static final int MAX_PAYLOAD_V4 = 65_507;
    /** The largest ICMPv6 echo payload (no jumbograms): 65,535 - 8 (ICMPv6 header). */
    public static final int MAX_PAYLOAD_V6 = 65_527;

    private static final PingOptions DEFAULTS = new Builder().build();

    /** Validates every field and copies the payload. */
    public PingOptions {
        requireRange("count", count, 1, Integer.MAX_VALUE);
        requireNonNegative("interval", interval);
        requirePositive("timeout", timeout);
        Objects.requireNonNull(identifier, "identifier");
        identifier.ifPresent(id -> requireRange("identifier", id, 0, 0xFFFF));
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(payload, "payload");
        payload = payload.map(byte[]::clone);
        if (payload.isPresent() && payload.get().length != payloadSize) {
            throw new IllegalArgumentException(
                    "payloadSize is " + payloadSize + " but the payload has " + payload.get().length + " bytes");
        }
        requirePayloadFits(payloadSize, family);
        requireRange("ttl", ttl, 1, 255);
        requireRange("trafficClass", trafficClass, 0, 255);
        if (sourceAddress.isPresent() && family != Family.ANY && Family.of(sourceAddress.get()) != family) {
            throw new IllegalArgumentException(
                    "sourceAddress " + sourceAddress.get().getHostAddress() + " is not an " + family + " address");
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
        b.identifier = identifier;
        b.sourceAddress = sourceAddress;
        b.interfaceName = interfaceName;
        b.family = family;
        b.privilege = privilege;
        b.payload = payload;
        b.payloadSize = payloadSize;
        b.ttl = ttl;
        b.trafficClass = trafficClass;
        b.dontFragment = dontFragment;
        return b;
    }

    /**
     * Returns a copy of the payload, if one was given.
     *
     * @return the echo data, or empty when random data of {@link #payloadSize()} bytes is sent
     */
    @Override
    public Optional<byte[]> payload() {
        return payload.map(byte[]::clone);
    }

    /**
     * Returns the DSCP part of the traffic class.
     *
     * @return the upper six bits of {@link #trafficClass()}, 0..63
     */
    public int dscp() {
        return trafficClass >>> 2;
    }

    /**
     * Returns the largest echo payload for a family.
     *
     * @param family IPV4 or IPV6 ({@link Family#ANY} gives the IPv6 limit, the larger one)
     * @return {@link #MAX_PAYLOAD_V4} or {@link #MAX_PAYLOAD_V6}
     */
    public static int maxPayload(Family family) {
        return family == Family.IPV4 ? MAX_PAYLOAD_V4 : MAX_PAYLOAD_V6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PingOptions p
                && count == p.count
                && interval.equals(p.interval)
                && timeout.equals(p.timeout)
                && identifier.equals(p.identifier)
                && sourceAddress.equals(p.sourceAddress)
                && interfaceName.equals(p.interfaceName)
                && family == p.family
                && privilege == p.privilege
                && payload.isPresent() == p.payload.isPresent()
                && (payload.isEmpty() || Arrays.equals(payload.get(), p.payload.get()))
                && payloadSize == p.payloadSize
                && ttl == p.ttl
                && trafficClass == p.trafficClass
                && dontFragment == p.dontFragment;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                count,
                interval,
                timeout,
                identifier,
                sourceAddress,
                interfaceName,
                family,
                privilege,
                payload.map(Arrays::hashCode),
                payloadSize,
                ttl,
                trafficClass,
                dontFragment);
    }

    @Override
    public String toString() {
        return "PingOptions[count=" + count + ", interval=" + interval + ", timeout=" + timeout + ", identifier="
                + identifier + ", sourceAddress=" + sourceAddress.map(InetAddress::getHostAddress)
                + ", interfaceName=" + interfaceName + ", family=" + family + ", privilege=" + privilege
                + ", payload=" + (payload.isPresent() ? "given" : "random") + ", payloadSize=" + payloadSize
                + ", ttl=" + ttl + ", trafficClass=" + trafficClass + ", dontFragment=" + dontFragment + "]";
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be between " + min + " and " + max);
        }
    }

    private static void requireNonNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be zero or more");
        }
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be positive");
        }
    }

    private static void requirePayloadFits(int size, Family family) {
        int max = maxPayload(family);
        if (size < 0 || size > max) {
            String which = family == Family.IPV4 ? "ICMPv4" : "ICMPv6";
            throw new IllegalArgumentException("payloadSize is " + size + "; it must be between 0 and " + max
                    + " (the largest " + which + " echo payload)");
        }
    }

    /** Builds {@link PingOptions}; each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private int count = 4;
        private Duration interval = Duration.ofSeconds(1);
        private Duration timeout = Duration.ofSeconds(2);
        private OptionalInt identifier = OptionalInt.empty();
        private Optional<InetAddress> sourceAddress = Optional.empty();
        private Optional<String> interfaceName = Optional.empty();
        private Family family = Family.ANY;
        private Privilege privilege = Privilege.AUTO;
        private Optional<byte[]> payload = Optional.empty();
        private int payloadSize = 56;
        private int ttl = 64;
        private int trafficClass;
        private boolean dontFragment;

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
            requireRange("identifier", value, 0, 0xFFFF);
            this.identifier = OptionalInt.of(value);
            return this;
        }

        /**
         * Sets the address to send from.
         *
         * @param value an address of the configured family
         * @return this builder
         */
        public Builder sourceAddress(InetAddress value) {
            Objects.requireNonNull(value, "sourceAddress");
            if (family != Family.ANY && Family.of(value) != family) {
                throw new IllegalArgumentException(
                        "sourceAddress " + value.getHostAddress() + " is not an " + family + " address");
            }
            this.sourceAddress = Optional.of(value);
            return this;
        }

        /**
         * Sets the interface to send through ({@code SO_BINDTODEVICE}).
         *
         * @param value an interface name, 1..15 characters without '/' or white space
         * @return this builder
         */
        public Builder interfaceName(String value) {
            Objects.requireNonNull(value, "interfaceName");
            if (value.isEmpty()
                    || value.length() > 15
                    || value.contains("/")
                    || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("interfaceName \"" + value
                        + "\" is not an interface name (1..15 characters, no '/' or white space)");
            }
            this.interfaceName = Optional.of(value);
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
            sourceAddress.ifPresent(a -> {
                if (value != Family.ANY && Family.of(a) != value) {
                    throw new IllegalArgumentException("family is " + value + " but sourceAddress " + a.getHostAddress()
                            + " is not an " + value + " address");
                }
            });
            this.family = value;
            return this;
        }

        /**
         * Sets which kind of socket to use.
         *
         * @param value AUTO, PRIVILEGED or UNPRIVILEGED
         * @return this builder
         */
        public Builder privilege(Privilege value) {
            this.privilege = Objects.requireNonNull(value, "privilege");
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
            requirePayloadFits(value.length, family);
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
            requirePayloadFits(value, family);
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
            this.ttl = value;
            return this;
        }

        /**
         * Sets the IPv4 TOS or IPv6 traffic class byte.
         *
         * @param value 0..255
         * @return this builder
         */
        public Builder trafficClass(int value) {
            requireRange("trafficClass", value, 0, 255);
            this.trafficClass = value;
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
            this.trafficClass = value << 2;
            return this;
        }

        /**
         * Sets the don't-fragment bit.
         *
         * @param value true to forbid fragmentation
         * @return this builder
         */
        public Builder dontFragment(boolean value) {
            this.dontFragment = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public PingOptions build() {
            return new PingOptions(
                    count,
                    interval,
                    timeout,
                    identifier,
                    sourceAddress,
                    interfaceName,
                    family,
                    privilege,
                    payload,
                    payloadSize,
                    ttl,
                    trafficClass,
                    dontFragment);
        }
    }
}
