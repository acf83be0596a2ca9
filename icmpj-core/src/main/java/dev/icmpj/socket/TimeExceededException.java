package dev.icmpj.socket;

/** An ICMP time exceeded error (ICMPv4 type 11, ICMPv6 type 3). */
public class TimeExceededException extends IcmpErrorException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public TimeExceededException(IcmpReply reply) {
        super(reply);
    }
}
