package dev.icmpj.socket;

import dev.icmpj.packet.AddressText;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How to open an {@link IcmpSocket}: the settings of a socket, and the one place they are held (a
 * {@code PingOptions} keeps its socket settings in one of these). Built with {@link #builder(Family)}; every
 * setter validates at once and throws {@link IllegalArgumentException} naming the field and its allowed
 * range, so a built value is valid by construction. A class with a builder rather than a record, so that
 * options can be added without breaking callers.
 *
 * <p>The family may be {@link Family#ANY} in options that a destination completes (a ping's, whose family is
 * the address's): {@link #withFamily} makes them a socket's; {@link IcmpSocket#open} needs IPV4 or IPV6.
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketOptions {

    private final Family family;
    private final Privilege privilege;
    private final Optional<InetAddress> sourceAddress;
    private final Optional<String> interfaceName;
    private final OptionalInt identifier;
    private final int ttl;
    private final int trafficClass;
    private final PathMtuDiscovery pathMtuDiscovery;
    private final boolean broadcast;
    private final int receiveBufferSize;
    private final int sendBufferSize;
    private final OptionalLong mark;
    private final boolean transmitTimestamps;
    private final boolean receiveTimestamps;

    private SocketOptions(Builder b) {
        family = b.family;
        privilege = b.privilege;
        sourceAddress = b.sourceAddress;
        interfaceName = b.interfaceName;
        identifier = b.identifier;
        ttl = b.ttl;
        trafficClass = b.trafficClass;
        pathMtuDiscovery = b.pathMtuDiscovery;
        broadcast = b.broadcast;
        receiveBufferSize = b.receiveBufferSize;
        sendBufferSize = b.sendBufferSize;
        mark = b.mark;
        transmitTimestamps = b.transmitTimestamps;
        receiveTimestamps = b.receiveTimestamps;
    }

    /**
     * Returns the defaults for a family: {@link Privilege#AUTO}, no binding, kernel TTL, traffic class 0.
     *
     * @param family IPV4 or IPV6
     * @return the options
     */
    public static SocketOptions defaults(Family family) {
        return builder(family).build();
    }

    /**
     * Starts a builder with the defaults for a family.
     *
     * @param family IPV4 or IPV6
     * @return a new builder
     */
    public static Builder builder(Family family) {
        return new Builder(family);
    }

    /**
     * Returns these options with another family.
     *
     * @param family IPV4, IPV6, or ANY
     * @return the options
     * @throws IllegalArgumentException when the source address is of another family, or broadcast is set and
     *     the family is IPv6
     */
    public SocketOptions withFamily(Family family) {
        Objects.requireNonNull(family, "family");
        if (family == this.family) {
            return this;
        }
        sourceAddress
                .filter(source -> family != Family.ANY && Family.of(source) != family)
                .ifPresent(source -> {
                    throw new IllegalArgumentException("family is " + family + " but sourceAddress "
                            + AddressText.of(source) + " is not an " + family + " address");
                });
        if (broadcast && family == Family.IPV6) {
            throw new IllegalArgumentException("family is IPv6 but broadcast is set; IPv6 has no broadcast");
        }
        Builder b = toBuilder(family);
        return b.build();
    }

    /**
     * Returns a builder that starts from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return toBuilder(family);
    }

    private Builder toBuilder(Family family) {
        Builder b = new Builder(family);
        b.privilege = privilege;
        b.sourceAddress = sourceAddress;
        b.interfaceName = interfaceName;
        b.identifier = identifier;
        b.ttl = ttl;
        b.trafficClass = trafficClass;
        b.pathMtuDiscovery = pathMtuDiscovery;
        b.broadcast = broadcast;
        b.receiveBufferSize = receiveBufferSize;
        b.sendBufferSize = sendBufferSize;
        b.mark = mark;
        b.transmitTimestamps = transmitTimestamps;
        b.receiveTimestamps = receiveTimestamps;
        return b;
    }

    /** {@link Family#IPV4} or {@link Family#IPV6}; {@link Family#ANY} in options a destination completes. */
    public Family family() {
        return family;
    }

    /** Raw, ping socket, or {@link Privilege#AUTO}: a ping socket, else a raw one. */
    public Privilege privilege() {
        return privilege;
    }

    /** The address to bind to, if any. */
    public Optional<InetAddress> sourceAddress() {
        return sourceAddress;
    }

    /** The interface to bind to ({@code SO_BINDTODEVICE}), if any. */
    public Optional<String> interfaceName() {
        return interfaceName;
    }

    /**
     * The echo identifier: raw sockets filter on it; ping sockets ask the kernel for it with {@code bind}.
     * Empty: a random one (raw) or the kernel's choice (ping socket).
     */
    public OptionalInt identifier() {
        return identifier;
    }

    /** The default TTL / hop limit, 1..255, or 0 for the kernel's. */
    public int ttl() {
        return ttl;
    }

    /** The default TOS / traffic class, 0..255. */
    public int trafficClass() {
        return trafficClass;
    }

    /** Whether the don't-fragment bit is set and fragmentation allowed ({@code IP_MTU_DISCOVER}). */
    public PathMtuDiscovery pathMtuDiscovery() {
        return pathMtuDiscovery;
    }

    /** Whether fragmentation is forbidden: {@link #pathMtuDiscovery()} is {@link PathMtuDiscovery#DO}. */
    public boolean dontFragment() {
        return pathMtuDiscovery == PathMtuDiscovery.DO;
    }

    /** Whether sending to broadcast addresses is allowed (IPv4 only). */
    public boolean broadcast() {
        return broadcast;
    }

    /** The {@code SO_RCVBUF} to ask for, in bytes, or 0 for the kernel's default. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** The {@code SO_SNDBUF} to ask for, in bytes, or 0 for the kernel's default. */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /**
     * The firewall mark of every packet sent ({@code SO_MARK}, 32 bits unsigned), which netfilter rules
     * ({@code meta mark}) and policy routing ({@code ip rule fwmark}) match; empty: no mark.
     */
    public OptionalLong mark() {
        return mark;
    }

    /**
     * Whether the kernel timestamps each send ({@code SO_TIMESTAMPING}), for RTTs from kernel transmit to
     * kernel receive. Each timestamp is a message on the error queue, read like a reply: a sweep of many
     * targets may turn them off, and its RTTs then run from the clock read before {@code sendto}.
     */
    public boolean transmitTimestamps() {
        return transmitTimestamps;
    }

    /**
     * Whether the kernel timestamps each datagram it receives ({@code SO_TIMESTAMPNS}). Off, round trips run
     * from user space to user space ({@link RttClock#MONOTONIC}): iputils' {@code -U}.
     */
    public boolean receiveTimestamps() {
        return receiveTimestamps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocketOptions s
                && family == s.family
                && privilege == s.privilege
                && sourceAddress.equals(s.sourceAddress)
                && interfaceName.equals(s.interfaceName)
                && identifier.equals(s.identifier)
                && ttl == s.ttl
                && trafficClass == s.trafficClass
                && pathMtuDiscovery == s.pathMtuDiscovery
                && broadcast == s.broadcast
                && receiveBufferSize == s.receiveBufferSize
                && sendBufferSize == s.sendBufferSize
                && mark.equals(s.mark)
                && transmitTimestamps == s.transmitTimestamps
                && receiveTimestamps == s.receiveTimestamps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                family,
                privilege,
                sourceAddress,
                interfaceName,
                identifier,
                ttl,
                trafficClass,
                pathMtuDiscovery,
                broadcast,
                receiveBufferSize,
                sendBufferSize,
                mark,
                transmitTimestamps,
                receiveTimestamps);
    }

    @Override
    public String toString() {
        return "SocketOptions[family=" + family + ", privilege=" + privilege + ", sourceAddress="
                + sourceAddress.map(AddressText::of) + ", interfaceName=" + interfaceName + ", identifier="
                + identifier + ", ttl=" + ttl + ", trafficClass=" + trafficClass + ", pathMtuDiscovery="
                + pathMtuDiscovery + ", broadcast=" + broadcast + ", receiveBufferSize=" + receiveBufferSize
                + ", sendBufferSize=" + sendBufferSize + ", mark="
                + (mark.isPresent() ? Long.toString(mark.getAsLong()) : "none") + ", transmitTimestamps="
                + transmitTimestamps + ", receiveTimestamps=" + receiveTimestamps + "]";
    }

    /**
     * Checks an interface name as {@code SO_BINDTODEVICE} takes it.
     *
     * @param name the name
     * @throws IllegalArgumentException when it cannot be an interface name
     */
    public static void requireInterfaceName(String name) {
        // IFNAMSIZ is 16 including the terminating NUL
        if (name.isEmpty()
                || name.length() > 15
                || name.contains("/")
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "interfaceName \"" + name + "\" is not an interface name (1..15 characters, no '/' or space)");
        }
    }

    /** Builds {@link SocketOptions}; each setter validates its argument at once. Not thread-safe. */
    public static final class Builder {
        private final Family family;
        private Privilege privilege = Privilege.AUTO;
        private Optional<InetAddress> sourceAddress = Optional.empty();
        private Optional<String> interfaceName = Optional.empty();
        private OptionalInt identifier = OptionalInt.empty();
        private int ttl;
        private int trafficClass;
        private PathMtuDiscovery pathMtuDiscovery = PathMtuDiscovery.DEFAULT;
        private boolean broadcast;
        private int receiveBufferSize;
        private int sendBufferSize;
        private OptionalLong mark = OptionalLong.empty();
        private boolean transmitTimestamps = true;
        private boolean receiveTimestamps = true;

        private Builder(Family family) {
            this.family = Objects.requireNonNull(family, "family");
        }

        /**
         * Sets which kind of socket to open.
         *
         * @param value AUTO, PRIVILEGED or UNPRIVILEGED
         * @return this builder
         */
        public Builder privilege(Privilege value) {
            this.privilege = Objects.requireNonNull(value, "privilege");
            return this;
        }

        /**
         * Binds the socket to a source address of the socket's family.
         *
         * @param value the address
         * @return this builder
         */
        public Builder sourceAddress(InetAddress value) {
            Objects.requireNonNull(value, "sourceAddress");
            if (family != Family.ANY && Family.of(value) != family) {
                throw new IllegalArgumentException(
                        "sourceAddress " + AddressText.of(value) + " is not an " + family + " address");
            }
            this.sourceAddress = Optional.of(value);
            return this;
        }

        /**
         * Binds the socket to an interface.
         *
         * @param value the interface name, 1..15 characters
         * @return this builder
         */
        public Builder interfaceName(String value) {
            requireInterfaceName(Objects.requireNonNull(value, "interfaceName"));
            this.interfaceName = Optional.of(value);
            return this;
        }

        /**
         * Sets the echo identifier.
         *
         * @param value 0..65535
         * @return this builder
         */
        public Builder identifier(int value) {
            IcmpRequest.requireRange("identifier", value, 0, 0xFFFF);
            this.identifier = OptionalInt.of(value);
            return this;
        }

        /**
         * Sets the default TTL / hop limit.
         *
         * @param value 1..255, or 0 for the kernel's
         * @return this builder
         */
        public Builder ttl(int value) {
            IcmpRequest.requireRange("ttl", value, 0, 255);
            this.ttl = value;
            return this;
        }

        /**
         * Sets the default TOS / traffic class.
         *
         * @param value 0..255
         * @return this builder
         */
        public Builder trafficClass(int value) {
            IcmpRequest.requireRange("trafficClass", value, 0, 255);
            this.trafficClass = value;
            return this;
        }

        /**
         * Sets whether packets carry the don't-fragment bit and may be fragmented.
         *
         * @param value the mode; {@link PathMtuDiscovery#DEFAULT} leaves the kernel's
         * @return this builder
         */
        public Builder pathMtuDiscovery(PathMtuDiscovery value) {
            this.pathMtuDiscovery = Objects.requireNonNull(value, "pathMtuDiscovery");
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
         * Allows sending to broadcast addresses (IPv4 only).
         *
         * @param value true to allow
         * @return this builder
         */
        public Builder broadcast(boolean value) {
            if (value && family == Family.IPV6) {
                throw new IllegalArgumentException("broadcast is IPv4 only; IPv6 has no broadcast");
            }
            this.broadcast = value;
            return this;
        }

        /**
         * Sets the receive buffer size to ask the kernel for.
         *
         * @param bytes 0 (kernel default) .. 1 GiB
         * @return this builder
         */
        public Builder receiveBufferSize(int bytes) {
            IcmpRequest.requireRange("receiveBufferSize", bytes, 0, 1 << 30);
            this.receiveBufferSize = bytes;
            return this;
        }

        /**
         * Sets the send buffer size to ask the kernel for ({@code SO_SNDBUF}, capped by
         * {@code net.core.wmem_max}; the kernel doubles it and keeps at least about 4.5 KiB). iputils' {@code -S}.
         *
         * @param bytes 0 (kernel default) .. 1 GiB
         * @return this builder
         */
        public Builder sendBufferSize(int bytes) {
            IcmpRequest.requireRange("sendBufferSize", bytes, 0, 1 << 30);
            this.sendBufferSize = bytes;
            return this;
        }

        /**
         * Sets the firewall mark of every packet sent ({@code SO_MARK}; iputils' {@code -m}). Setting it needs
         * {@code CAP_NET_ADMIN} or {@code CAP_NET_RAW}; without, opening the socket fails with
         * {@link SocketPermissionException}.
         *
         * @param value 0..4294967295 (32 bits unsigned)
         * @return this builder
         */
        public Builder mark(long value) {
            IcmpRequest.requireRange("mark", value, 0, 0xFFFF_FFFFL);
            this.mark = OptionalLong.of(value);
            return this;
        }

        /**
         * Sets whether the kernel timestamps each send (on by default, where the kernel can).
         *
         * @param value false to save the error-queue message per send
         * @return this builder
         */
        public Builder transmitTimestamps(boolean value) {
            this.transmitTimestamps = value;
            return this;
        }

        /**
         * Sets whether the kernel timestamps each datagram received (on by default). Off, and without transmit
         * timestamps, round trips are measured in user space, from the clock read before {@code sendto} to the
         * one read after the reply was read ({@link RttClock#MONOTONIC}), as iputils' {@code -U} measures them.
         *
         * @param value false for user-space round trips
         * @return this builder
         */
        public Builder receiveTimestamps(boolean value) {
            this.receiveTimestamps = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public SocketOptions build() {
            return new SocketOptions(this);
        }
    }
}
