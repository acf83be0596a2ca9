package dev.icmpj.internal.linux;

import java.net.InetAddress;

/**
 * An ICMP error from a socket's error queue ({@code MSG_ERRQUEUE}): the {@code sock_extended_err} fields
 * and the offender address ({@code SO_EE_OFFENDER}). See ip(7) {@code IP_RECVERR}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fromIcmp true when the kernel says the error came from an ICMP message (origin ICMP or ICMP6)
 * @param type the ICMP type
 * @param code the ICMP code
 * @param info {@code ee_info}: the next-hop MTU for "fragmentation needed" / "packet too big"
 * @param offender the host that sent the error
 */
public record QueuedError(boolean fromIcmp, int type, int code, int info, InetAddress offender) {}
