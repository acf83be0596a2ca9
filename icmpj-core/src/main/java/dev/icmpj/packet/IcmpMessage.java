package dev.icmpj.packet;

/**
 * An ICMPv4 or ICMPv6 message: one record per modelled type, {@link OtherMessage} for well-formed messages
 * of other types, and {@link UnparseableMessage} for bytes that are not a valid message.
 *
 * <p>{@link IcmpCodec} encodes and decodes them. Every implementation is an immutable record and is
 * thread-safe; records holding bytes copy them in and out and compare them by content.
 */
public sealed interface IcmpMessage permits EchoRequest, EchoReply, IcmpErrorMessage, OtherMessage, UnparseableMessage {

    /**
     * Returns the ICMP version of this message.
     *
     * @return the version
     */
    IcmpVersion version();

    /**
     * Returns the ICMP type.
     *
     * @return 0..255, or -1 for an {@link UnparseableMessage} too short to have one
     */
    int type();

    /**
     * Returns the ICMP code.
     *
     * @return 0..255, or -1 for an {@link UnparseableMessage} too short to have one
     */
    int code();

    /**
     * Returns a human description of the type and code, in iputils' wording where it has one.
     *
     * @return e.g. {@code "Destination Port Unreachable"}
     */
    String description();
}
