package dev.icmpj.socket;

/**
 * Receives what {@link IcmpSocket#receive(java.time.Duration, ReplyHandler)} reads: echo replies in place,
 * without an object per reply, and every other message for us (ICMP errors quoting our requests) decoded
 * in full.
 */
public interface ReplyHandler {

    /**
     * An echo reply with this socket's identifier.
     *
     * @param reply a view of it, valid only during this call: the socket reuses it for the next reply
     */
    void onEchoReply(EchoReplyView reply);

    /**
     * An ICMP error that quotes one of our requests.
     *
     * @param message the message
     */
    void onMessage(IcmpReply message);
}
