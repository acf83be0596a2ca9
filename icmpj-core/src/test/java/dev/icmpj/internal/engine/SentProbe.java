package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpRequest;

/**
 * A request a {@link FakeIcmpSocket} sent, as the network saw it.
 *
 * @param request the request, with the socket's identifier and the batch's TTL and traffic class
 * @param identifier the identifier on the wire
 * @param sentAtEpochNanos the fake realtime clock at the send
 * @param sentAtMonotonicNanos the ticker at the send
 */
public record SentProbe(IcmpRequest request, int identifier, long sentAtEpochNanos, long sentAtMonotonicNanos) {

    /** Its sequence number. */
    public int sequence() {
        return request.sequence();
    }
}
