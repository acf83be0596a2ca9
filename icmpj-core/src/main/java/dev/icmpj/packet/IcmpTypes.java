package dev.icmpj.packet;

/**
 * ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) type numbers of the messages this package models.
 *
 * <p>Constants only; thread-safe.
 */
public final class IcmpTypes {

    /** ICMPv4 echo reply. */
    public static final int V4_ECHO_REPLY = 0;
    /** ICMPv4 destination unreachable. */
    public static final int V4_DESTINATION_UNREACHABLE = 3;
    /** ICMPv4 source quench. */
    public static final int V4_SOURCE_QUENCH = 4;
    /** ICMPv4 redirect. */
    public static final int V4_REDIRECT = 5;
    /** ICMPv4 echo request. */
    public static final int V4_ECHO_REQUEST = 8;
    /** ICMPv4 time exceeded. */
    public static final int V4_TIME_EXCEEDED = 11;
    /** ICMPv4 parameter problem. */
    public static final int V4_PARAMETER_PROBLEM = 12;
    /** ICMPv6 destination unreachable. */
    public static final int V6_DESTINATION_UNREACHABLE = 1;
    /** ICMPv6 packet too big. */
    public static final int V6_PACKET_TOO_BIG = 2;
    /** ICMPv6 time exceeded. */
    public static final int V6_TIME_EXCEEDED = 3;
    /** ICMPv6 parameter problem. */
    public static final int V6_PARAMETER_PROBLEM = 4;
    /** ICMPv6 echo request. */
    public static final int V6_ECHO_REQUEST = 128;
    /** ICMPv6 echo reply. */
    public static final int V6_ECHO_REPLY = 129;

    private IcmpTypes() {}

    /**
     * Tells whether a type is modelled by a dedicated record (and so never decodes to {@link OtherMessage}).
     *
     * @param version the ICMP version
     * @param type the type
     * @return true for echo request and reply and every error type of that version
     */
    public static boolean isModelled(IcmpVersion version, int type) {
        return switch (version) {
            case V4 ->
                type == V4_ECHO_REPLY
                        || type == V4_DESTINATION_UNREACHABLE
                        || type == V4_SOURCE_QUENCH
                        || type == V4_REDIRECT
                        || type == V4_ECHO_REQUEST
                        || type == V4_TIME_EXCEEDED
                        || type == V4_PARAMETER_PROBLEM;
            case V6 ->
                type >= V6_DESTINATION_UNREACHABLE && type <= V6_PARAMETER_PROBLEM
                        || type == V6_ECHO_REQUEST
                        || type == V6_ECHO_REPLY;
        };
    }
}
