package dev.icmpj.lab;

/**
 * Which way along a {@link LabLink} a rule applies: the rule sits on the receiving node of that direction
 * and sees the packets that arrive there over the link.
 *
 * <p>Immutable and thread-safe.
 */
public enum Direction {
    /** From the client's side to the server's side (probes). */
    TOWARD_SERVER,
    /** From the server's side to the client's side (replies and ICMP errors). */
    TOWARD_CLIENT
}
