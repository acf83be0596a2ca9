package dev.icmpj.socket;

/**
 * Whether packets may be fragmented and carry the don't-fragment bit ({@code IP_MTU_DISCOVER} /
 * {@code IPV6_MTU_DISCOVER}): iputils' {@code -M do|dont|want}.
 *
 * <p>Immutable and thread-safe.
 */
public enum PathMtuDiscovery {
    /** The kernel's default for the socket (on Linux {@link #WANT}, unless {@code net.ipv4.ip_no_pmtu_disc}). */
    DEFAULT,
    /** Set the don't-fragment bit and never fragment: a request larger than the path MTU fails. */
    DO,
    /** Never set the don't-fragment bit: routers may fragment. */
    DONT,
    /** Path MTU discovery: don't-fragment set, but a request larger than the known path MTU is fragmented here. */
    WANT
}
