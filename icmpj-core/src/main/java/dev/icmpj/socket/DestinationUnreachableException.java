package dev.icmpj.socket;

/** An ICMP destination unreachable error (ICMPv4 type 3, ICMPv6 type 1). */
public class DestinationUnreachableException extends IcmpErrorException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public DestinationUnreachableException(IcmpReply reply) {
        super(reply);
    }
}
