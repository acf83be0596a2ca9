package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.SentRequest;
import java.net.InetAddress;

/**
 * One echo request in flight on a {@link SharedSocket}, from registration to the owner's decision, and then
 * kept for duplicate detection until its sequence number is needed again.
 *
 * <p>Its mutable fields are written under the owner's lock, on its socket's loop thread; {@link #decided} is
 * read by the socket's sequence allocator.
 */
public final class Probe {

    /** The operation this probe belongs to. */
    public final ProbeOwner owner;
    /** The owner's number for this probe (e.g. the index of a ping's request). */
    public final int slot;
    /** The request. */
    public final IcmpRequest request;
    /** The echo data sent, shared with the owner and never modified (the request holds a copy). */
    public final byte[] payload;
    /** The request as sent, with its timestamps; null until {@code send} returns. */
    public SentRequest sent;
    /** Whether it holds room in its socket's {@link ReceiveWindow}: from its send until it is decided. */
    public boolean holdsWindow;
    /**
     * Whether the owner has decided it (answered, error, lost): from then on it is kept only to detect
     * duplicates, and its sequence number may be given to a new request once the counter wraps.
     */
    volatile boolean decided;

    /**
     * Creates a probe.
     *
     * @param owner the operation it belongs to
     * @param slot the owner's number for it
     * @param request the request
     * @param payload the echo data, not copied
     */
    public Probe(ProbeOwner owner, int slot, IcmpRequest request, byte[] payload) {
        this.owner = owner;
        this.slot = slot;
        this.request = request;
        this.payload = payload;
    }

    /** Marks it decided: a duplicate may still match it, but its sequence number may be reused. */
    public void decide() {
        decided = true;
    }

    /** Whether the owner decided it. */
    public boolean isDecided() {
        return decided;
    }

    InetAddress destination() {
        return request.destination();
    }

    /** Its sequence number. */
    public int sequence() {
        return request.sequence();
    }
}
