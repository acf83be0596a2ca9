package dev.icmpj.socket;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to open an {@link IcmpSocket}. Built with {@link #builder(Family)}; every setter validates at once
 * and throws {@link IllegalArgumentException} naming the field and its allowed range.
 *
 * <p>Immutable and thread-safe.
 *
 * @param family {@link Family#IPV4} or {@link Family#IPV6}
 * @param privilege raw, ping socket, or {@link Privilege#AUTO}: a ping socket, else a raw one
 * @param sourceAddress the address to bind to, if any
 * @param interfaceName the interface to bind to ({@code SO_BINDTODEVICE}), if any
 * @param identifier the echo identifier: raw sockets filter on it; ping sockets ask the kernel for it
 *     with {@code bind}. Empty: a random one (raw) or the kernel's choice (ping socket)
 * @param ttl the default TTL / hop limit, 1..255, or 0 for the kernel's
 * @param trafficClass the default TOS / traffic class, 0..255
 * @param dontFragment set the don't-fragment bit (IPv4) / forbid fragmentation (IPv6)
 * @param broadcast allow sending to broadcast addresses (IPv4 only)
 * @param receiveBufferSize the {@code SO_RCVBUF} to ask for, in bytes, or 0 for the kernel's default
 */
public record SocketOptions(
        Family family,
        Privilege privilege,
        Optional<InetAddress> sourceAddress,
        Optional<String> interfaceName,
        OptionalInt identifier,
        int ttl,
        int trafficClass,
        boolean dontFragment,
        boolean broadcast,
        int receiveBufferSize) {

    /** Checks every field. */
    public SocketOptions {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(identifier, "identifier");
        if (family == Family.ANY) {
            throw new IllegalArgumentException("family is ANY; a socket is either IPV4 or IPV6");
        }
        sourceAddress.ifPresent(a -> {
            if (Family.of(a) != family) {
                throw new IllegalArgumentException(
                        "sourceAddress " + a.getHostAddress() + " is not an " + family + " address");
            }
        });
        interfaceName.ifPresent(SocketOptions::requireInterfaceName);
        identifier.ifPresent(id -> IcmpRequest.requireRange("identifier", id, 0, 0xFFFF));
        if (ttl != 0) {
            IcmpRequest.requireRange("ttl", ttl, 1, 255);
        }
        IcmpRequest.requireRange("trafficClass", trafficClass, 0, 255);
        if (broadcast && family == Family.IPV6) {
            throw new IllegalArgumentException("broadcast is IPv4 only; IPv6 has no broadcast");
        }
        IcmpRequest.requireRange("receiveBufferSize", receiveBufferSize, 0, 1 << 30);
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
     * Returns a builder that starts from these options.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(family);
        b.privilege = privilege;
        b.sourceAddress = sourceAddress;
        b.interfaceName = interfaceName;
        b.identifier = identifier;
        b.ttl = ttl;
        b.trafficClass = trafficClass;
        b.dontFragment = dontFragment;
        b.broadcast = broadcast;
        b.receiveBufferSize = receiveBufferSize;
        return b;
    }

    private static void requireInterfaceName(String name) {
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
        private boolean dontFragment;
        private boolean broadcast;
        private int receiveBufferSize;

        private Builder(Family family) {
            this.family = Objects.requireNonNull(family, "family");
            if (family == Family.ANY) {
                throw new IllegalArgumentException("family is ANY; a socket is either IPV4 or IPV6");
            }
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
            if (Family.of(value) != family) {
                throw new IllegalArgumentException(
                        "sourceAddress " + value.getHostAddress() + " is not an " + family + " address");
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
         * @param value 1..255
         * @return this builder
         */
        public Builder ttl(int value) {
            IcmpRequest.requireRange("ttl", value, 1, 255);
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
         * Builds the options.
         *
         * @return the options
         */
        public SocketOptions build() {
            return new SocketOptions(
                    family,
                    privilege,
                    sourceAddress,
                    interfaceName,
                    identifier,
                    ttl,
                    trafficClass,
                    dontFragment,
                    broadcast,
                    receiveBufferSize);
        }
    }
}
