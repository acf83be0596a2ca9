package dev.icmpj.socket;

/** An ICMPv4 time exceeded (type 11): TTL exceeded in transit (code 0) or fragment reassembly time exceeded (code 1). */
public final class Icmpv4TimeExceededException extends TimeExceededException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public Icmpv4TimeExceededException(IcmpReply reply) {
        super(reply);
    }
}
