package dev.icmpj.internal.transport;

/** Receives what {@link ProbeSocket#receive} reads, one message at a time, on the receiving thread. */
@FunctionalInterface
public interface ReplyHandler {

    /**
     * An echo reply with the socket's identifier, or an ICMP error quoting one of its requests.
     *
     * @param reply a view of it, valid only during this call: the socket reuses it for the next message
     */
    void onReply(ReplyView reply);
}
