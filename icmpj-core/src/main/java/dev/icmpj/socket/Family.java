package dev.icmpj.socket;

/**
 * The address family of a target: IPv4, IPv6, or either (the first address the resolver gives).
 *
 * <p>Immutable and thread-safe.
 */
public enum Family {
    /** Any family: the first address the system resolver returns. */
    ANY,
    /** IPv4 (ICMPv4). */
    IPV4,
    /** IPv6 (ICMPv6). */
    IPV6;

    /**
     * Returns the family of an address.
     *
     * @param address an IPv4 or IPv6 address
     * @return {@link #IPV4} for an {@link java.net.Inet4Address}, {@link #IPV6} otherwise
     */
    public static Family of(java.net.InetAddress address) {
        return address instanceof java.net.Inet4Address ? IPV4 : IPV6;
    }

    /**
     * Returns the family as people write it, for messages.
     *
     * @return {@code IPv4}, {@code IPv6}, or {@code any family}
     */
    @Override
    public String toString() {
        return switch (this) {
            case ANY -> "any family";
            case IPV4 -> "IPv4";
            case IPV6 -> "IPv6";
        };
    }
}
