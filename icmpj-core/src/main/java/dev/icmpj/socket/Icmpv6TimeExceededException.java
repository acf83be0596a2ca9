package dev.icmpj.socket;

/** An ICMPv6 time exceeded (type 3): hop limit exceeded in transit (code 0) or fragment reassembly time exceeded (code 1). */
public final class Icmpv6TimeExceededException extends TimeExceededException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public Icmpv6TimeExceededException(IcmpReply reply) {
        super(reply);
    }
}
