package dev.icmpj.socket;

/** An ICMPv6 destination unreachable (type 1), every code of RFC 4443. */
public final class Icmpv6DestinationUnreachableException extends DestinationUnreachableException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public Icmpv6DestinationUnreachableException(IcmpReply reply) {
        super(reply);
    }
}
