package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpReply;

/**
 * The operation a {@link Probe} belongs to (a ping, later a sweep or a trace): the engine sends, matches and
 * expires probes, and the owner decides what each one means.
 *
 * <p>Implementations must be thread-safe: {@link #onMessage} runs on a socket's loop thread, {@link #fail} on
 * any thread.
 */
public interface ProbeOwner extends Operation {

    /**
     * A message matched one of this owner's probes: its echo reply, a duplicate, or an ICMP error quoting it.
     *
     * @param probe the probe
     * @param message what arrived
     */
    void onMessage(Probe probe, IcmpReply message);
}
