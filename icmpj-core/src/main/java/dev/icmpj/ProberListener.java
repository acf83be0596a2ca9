package dev.icmpj;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;

/**
 * What a {@link Prober} measures, probe by probe. Every method has a no-op default. Targets are named by the
 * number given to {@link Prober#add}.
 *
 * <p>Every request that left is decided exactly once, at the latest at its deadline (send time plus the
 * timeout): {@link #onReply} when its echo reply came in time, {@link #onError} when an ICMP error quoting
 * it came first, {@link #onLoss} otherwise. Beside that, {@link #onDuplicate} for each further copy of an
 * answered request's reply, and {@link #onLate} for the first reply to a request already called lost. A request
 * that could not leave gets {@link #onSendFailed} instead of {@link #onSent}, and nothing else. So
 * requests sent = replies + errors + losses, exactly, once every request is decided.
 *
 * <p>Threading: called on the prober's loop thread, one call at a time for all targets of one prober; a call
 * must return quickly (update a counter) and must not block: it holds up every probe of the loop. No call for
 * a target comes after {@link Prober#remove} returned. An exception thrown by a listener is logged and
 * ignored; an {@link Error} (a failed assertion) stops this prober ({@link #onFailed}), not the others.
 */
public interface ProberListener {

    /** A listener that does nothing. */
    ProberListener NONE = new ProberListener() {};

    /**
     * A socket was opened for the prober's targets of a family.
     *
     * @param family IPV4 or IPV6
     * @param privilege PRIVILEGED (raw socket) or UNPRIVILEGED (ping socket)
     */
    default void onSocket(Family family, Privilege privilege) {}

    /**
     * A request left.
     *
     * @param target the target's number
     * @param sequence its echo sequence number
     * @param lagNanos how long after its scheduled time it left (its send clock minus the schedule), 0 or more: a
     *     request may leave up to 1 ms (a tenth of the interval at most) before its time, to share a wake-up and a
     *     send call with another due then, and counts 0
     */
    default void onSent(int target, int sequence, long lagNanos) {}

    /**
     * A request was answered in time.
     *
     * @param target the target's number
     * @param reply the echo reply, with its round trip and TTL
     */
    default void onReply(int target, Reply reply) {}

    /**
     * An ICMP error quoting a request arrived before its deadline (destination unreachable, time exceeded,
     * ...); the request is decided by it.
     *
     * @param target the target's number
     * @param error the error, with its type and code in {@link Reply#message()} and its sender in
     *     {@link Reply#source()}
     */
    default void onError(int target, Reply error) {}

    /**
     * A request was not answered by its deadline.
     *
     * @param target the target's number
     * @param sequence its echo sequence number
     */
    default void onLoss(int target, int sequence) {}

    /**
     * A reply came for a request already called lost: counted here, never as a reply. A request is matched
     * until one more timeout after its deadline; a reply later than that is not told apart from a stray
     * datagram, and ignored.
     *
     * @param target the target's number
     * @param reply the late reply, with its round trip
     */
    default void onLate(int target, Reply reply) {}

    /**
     * A further copy of the reply to an answered request arrived (answered in time, or late: a late request's
     * first reply is {@link #onLate}, its further copies come here).
     *
     * @param target the target's number
     * @param reply the copy
     */
    default void onDuplicate(int target, Reply reply) {}

    /**
     * A request could not leave (no route, a firewall's reject, ...); it is not counted as sent.
     *
     * @param target the target's number
     * @param cause why, with its {@link IcmpSocketException#errno()}
     */
    default void onSendFailed(int target, IcmpSocketException cause) {}

    /**
     * The kernel dropped datagrams at a socket of the prober because its receive buffer was full: replies
     * that arrived and were never read, which must not be mistaken for loss on the network. The socket is
     * shared by every prober of the pinger with the same socket settings, so each of them hears the same
     * drops.
     *
     * @param family the socket's family
     * @param drops the socket's drops since the prober opened it, whenever that grew
     */
    default void onKernelDrops(Family family, long drops) {}

    /**
     * The prober stopped for good: its pinger was closed or a socket failed. No call follows.
     *
     * @param cause why
     */
    default void onFailed(Throwable cause) {}
}
