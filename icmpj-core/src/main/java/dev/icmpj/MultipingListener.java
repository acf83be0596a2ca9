package dev.icmpj;

import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;

/**
 * Progress of a multiping, as it happens: each reply, error and loss, and each target once it is complete.
 * Every method has a no-op default. Targets are named by their index in the {@link Targets} given.
 *
 * <p>Order, for one target: its replies, errors, losses, send failures and duplicates as they are decided, then
 * {@link #onComplete} (or {@link #onFailed} when its name did not resolve) once. Targets complete in the
 * order their last request is decided, not in input order.
 *
 * <p>Threading: called from the sweep's loop threads, one call at a time for one multiping (under the sweep's
 * lock). Implementations must return quickly and must not block. An exception thrown by a listener is
 * ignored and does not change the result.
 */
public interface MultipingListener {

    /** A listener that does nothing. */
    MultipingListener NONE = new MultipingListener() {};

    /**
     * A request to a target was answered in time.
     *
     * @param index the target's index
     * @param request which of the target's requests, from 0
     * @param address its address
     * @param reply the echo reply
     */
    default void onReply(int index, int request, InetAddress address, Reply reply) {}

    /**
     * An ICMP error quoting a request to a target arrived.
     *
     * @param index the target's index
     * @param request which of the target's requests, from 0
     * @param address its address
     * @param error the error
     */
    default void onError(int index, int request, InetAddress address, Reply error) {}

    /**
     * A further copy of the reply to an answered request arrived.
     *
     * @param index the target's index
     * @param request which of the target's requests, from 0
     * @param address the copy's source
     * @param reply the copy
     */
    default void onDuplicate(int index, int request, InetAddress address, Reply reply) {}

    /**
     * A request to a target was not answered in time.
     *
     * @param index the target's index
     * @param request which of the target's requests, from 0
     * @param address its address
     * @param sequence the request's echo sequence number
     */
    default void onLoss(int index, int request, InetAddress address, int sequence) {}

    /**
     * A request to a target could not leave (no route, ...): it counts as sent, as fping counts it, in the
     * target's {@link Host#packetsSent()}, and is decided by this call (no {@link #onLoss} follows).
     *
     * @param index the target's index
     * @param request which of the target's requests, from 0
     * @param address its address
     * @param cause why, with its {@link IcmpSocketException#errno()}
     */
    default void onSendFailed(int index, int request, InetAddress address, IcmpSocketException cause) {}

    /**
     * A target's every request is decided.
     *
     * @param index the target's index
     * @param host its result (without the {@link Host#replies()}, which a multiping does not keep)
     */
    default void onComplete(int index, Host host) {}

    /**
     * A target could not be pinged (its name did not resolve); the sweep goes on without it.
     *
     * @param index the target's index
     * @param target the name as given
     * @param cause why
     */
    default void onFailed(int index, String target, IcmpLibException cause) {}
}
