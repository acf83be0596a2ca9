package dev.icmpj.packet;

/**
 * An RFC 4884 ICMP extension object, carried after the original datagram of a time exceeded, destination
 * unreachable or ICMPv4 parameter problem message.
 *
 * <p>Every implementation is an immutable record and is thread-safe.
 */
public sealed interface ExtensionObject permits MplsLabelStack, UnknownExtension {

    /**
     * Returns the object's class number (1 for the RFC 4950 MPLS label stack).
     *
     * @return 0..255
     */
    int classNumber();

    /**
     * Returns the object's class sub-type (C-Type).
     *
     * @return 0..255
     */
    int classType();
}
