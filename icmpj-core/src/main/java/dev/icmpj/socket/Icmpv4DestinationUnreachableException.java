package dev.icmpj.socket;

/** An ICMPv4 destination unreachable (type 3), every code of RFC 792 and RFC 1812. */
public final class Icmpv4DestinationUnreachableException extends DestinationUnreachableException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public Icmpv4DestinationUnreachableException(IcmpReply reply) {
        super(reply);
    }
}
