package dev.icmpj.socket;

import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.IcmpVersion;
import java.util.Objects;

/**
 * An ICMP error answered one of our requests. Thrown by {@link IcmpReply#raiseForStatus()}; carries
 * the reply, its type and code, and a human message for every type and code.
 */
public class IcmpErrorException extends IcmpLibException {
    private static final long serialVersionUID = 1L;

    /** The reply; not serialised. */
    private final transient IcmpReply reply;

    /**
     * Creates the exception for an error reply.
     *
     * @param reply the ICMP error
     */
    public IcmpErrorException(IcmpReply reply) {
        super(messageOf(Objects.requireNonNull(reply, "reply")));
        this.reply = reply;
    }

    /**
     * Returns the typed exception for an ICMP error reply.
     *
     * @param reply an ICMP error (not an echo reply)
     * @return a {@link DestinationUnreachableException} or {@link TimeExceededException} subclass of the
     *     reply's family, or an {@code IcmpErrorException} for every other error
     */
    public static IcmpErrorException of(IcmpReply reply) {
        boolean v4 = reply.message().version() == IcmpVersion.V4;
        int type = reply.type();
        if (type == (v4 ? 3 : 1)) {
            return v4
                    ? new Icmpv4DestinationUnreachableException(reply)
                    : new Icmpv6DestinationUnreachableException(reply);
        }
        if (type == (v4 ? 11 : 3)) {
            return v4 ? new Icmpv4TimeExceededException(reply) : new Icmpv6TimeExceededException(reply);
        }
        return new IcmpErrorException(reply);
    }

    private static String messageOf(IcmpReply reply) {
        return "From " + AddressText.of(reply.source()) + " icmp_seq=" + reply.sequence() + " "
                + reply.message().description() + " (type " + reply.type() + ", code " + reply.code() + ")";
    }

    /**
     * Returns the error reply.
     *
     * @return the reply
     */
    public IcmpReply reply() {
        return reply;
    }

    /**
     * Returns the ICMP type.
     *
     * @return 0..255
     */
    public int type() {
        return reply.type();
    }

    /**
     * Returns the ICMP code.
     *
     * @return 0..255
     */
    public int code() {
        return reply.code();
    }
}
