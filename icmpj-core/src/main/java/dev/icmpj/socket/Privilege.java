package dev.icmpj.socket;

/**
 * Which kind of ICMP socket to open.
 *
 * <p>Immutable and thread-safe.
 */
public enum Privilege {
    /** Try an unprivileged ping socket first and fall back to a raw socket. */
    AUTO,
    /** A raw socket ({@code SOCK_RAW}): needs {@code CAP_NET_RAW} (root, or {@code setcap} on the java binary). */
    PRIVILEGED,
    /**
     * An unprivileged ping socket ({@code SOCK_DGRAM, IPPROTO_ICMP}): needs the caller's group inside
     * {@code net.ipv4.ping_group_range}.
     */
    UNPRIVILEGED
}
