package dev.icmpj.internal.engine;

import dev.icmpj.Reply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.SentRequest;
import java.net.InetAddress;

/**
 * One echo request of one ping, from registration to decision. Its mutable fields are guarded by the
 * lock of its {@link PingSession}.
 *
 * <p>Not thread-safe by itself.
 */
final class Probe {

    /** The fate of a request. */
    enum State {
        /** Sent (or being sent), not decided yet. */
        PENDING,
        /** Its echo reply arrived in time. */
        ANSWERED,
        /** An ICMP error quoting it arrived. */
        ERRORED,
        /** Its timeout passed, or its reply came too late. */
        LOST
    }

    final PingSession session;
    final IcmpRequest request;
    /** The echo data sent, shared with the session and never modified (the request holds a copy). */
    final byte[] payload;
    /** The request as sent, with its timestamps; null until {@code send} returns. */
    SentRequest sent;

    State state = State.PENDING;
    /** The echo reply or ICMP error that decided it, if any. */
    Reply reply;
    /** Whether it holds room in its socket's {@link ReceiveWindow}: from its send until it is decided. */
    boolean holdsWindow;

    Probe(PingSession session, IcmpRequest request, byte[] payload) {
        this.session = session;
        this.request = request;
        this.payload = payload;
    }

    InetAddress destination() {
        return request.destination();
    }

    int sequence() {
        return request.sequence();
    }
}
