package dev.icmpj.packet;

/**
 * A decoded ICMP message. (Skeleton: the packet codec replaces this with a sealed hierarchy.)
 */
public interface IcmpMessage {
    /**
     * Returns the ICMP version of this message.
     *
     * @return the version
     */
    IcmpVersion version();

    /**
     * Returns the ICMP type.
     *
     * @return 0..255
     */
    int type();

    /**
     * Returns the ICMP code.
     *
     * @return 0..255
     */
    int code();

    /**
     * Returns a human description of the type and code, in iputils' wording where it has one.
     *
     * @return e.g. {@code "Destination Port Unreachable"}
     */
    String description();
}
