package dev.icmpj;

import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;

/** Makes the lasting {@link Reply} of a message a probe loop matched to a probe, for the policies' listeners. */
final class ProbeReplies {

    /** {@code RttClock.values()} clones its array at each call: a copy per reply of a sweep. */
    private static final RttClock[] CLOCKS = RttClock.values();

    private ProbeReplies() {}

    /**
     * Copies what a view shows, with the probe's round trip and the clocks it was measured with.
     *
     * @param loop the loop the probe is on
     * @param probe the probe the message answers
     * @param view the message, valid during the loop's callback
     * @param rttNanos its round trip
     * @param destination the probe's destination, which an echo reply comes from unless the probe takes any
     *     source (then null): the reply reuses it rather than making an address per reply
     * @return the reply; an echo reply's message reuses the probe's echo data, which the loop found equal
     */
    static Reply of(ProbeLoop loop, int probe, ReplyView view, long rttNanos, InetAddress destination) {
        return new Reply(
                view.isEcho() && destination != null ? destination : view.source(),
                view.sequence(),
                view.bytes(),
                view.ttl(),
                rttNanos / 1e6,
                CLOCKS[loop.rttClock(probe, view)],
                view.message(loop.payload(probe)));
    }
}
