package dev.icmpj;

/**
 * Progress of one traceroute, hop by hop, so that a hop can be shown as soon as it is known, as traceroute
 * prints its lines. The method has a no-op default; implement what you need.
 *
 * <p>Order: {@link #onHop} once per hop, in hop order (distance ascending, from the first hop), each as soon as
 * that hop and every hop before it are decided: each of its probes answered or timed out (and, with
 * {@link TracerouteOptions#retrySilentHops()}, a silent hop's retry decided). A slow hop therefore holds up the
 * hops after it, not the ones before. Hops past the destination are never reported. When the trace completes,
 * every hop of its result was reported, the same {@link Hop} objects, before the future completes; when it fails,
 * only some were.
 *
 * <p>Threading: called on the trace's loop thread, which sends its probes and reads their answers: return
 * quickly and do not block; hand work to an executor of your own. An exception thrown by the listener is ignored
 * and does not change the result.
 *
 * {@snippet :
 * TracerouteListener printer = hop -> System.out.println(hop.distance() + "  " + hop.responders());
 * }
 *
 * <p>Implementations must be thread-safe if shared by concurrent traces.
 */
@FunctionalInterface
public interface TracerouteListener {

    /** A listener that does nothing. */
    TracerouteListener NONE = hop -> {};

    /**
     * A hop is decided, and every hop before it was reported.
     *
     * @param hop the hop, as it appears in the trace's result
     */
    void onHop(Hop hop);
}
