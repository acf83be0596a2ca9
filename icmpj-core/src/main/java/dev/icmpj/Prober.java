package dev.icmpj;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Probes a changing set of targets forever, each at the same interval, for monitoring: smokeping's job.
 * Made by {@link Pinger#prober}; every target of every prober with the same socket settings shares one
 * socket per family and one loop thread, so a target costs a few arrays' entries, not a socket or a thread.
 *
 * {@snippet :
 * try (Pinger pinger = Pinger.create();
 *         Prober prober = pinger.prober(
 *                 PingOptions.builder().interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(50)).build(),
 *                 new ProberListener() {
 *                     @Override
 *                     public void onReply(int target, Reply reply) {
 *                         System.out.println(target + ": " + reply.rtt() + " ms");
 *                     }
 *                 })) {
 *     prober.add(InetAddress.getLoopbackAddress());
 *     Thread.sleep(350);
 * }
 * }
 *
 * <p>Each interval, a target gets {@link PingOptions#count()} requests, back to back (a burst; 1 by default);
 * its first interval starts at a random point of the first, so that targets added together spread their
 * requests over it. Each request is decided at its own deadline (its send plus the timeout), as
 * {@link ProberListener} says, whatever the requests after it do.
 *
 * <p>Thread-safe: targets may be added and removed from any thread while the prober runs.
 */
public final class Prober implements AutoCloseable {

    private Prober() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Starts probing an address.
     *
     * @param address the address; its family must be the options' family, if that is not ANY
     * @return the target's id, never reused by this prober
     * @throws IcmpSocketException when the socket for the address's family cannot be opened (it is opened by
     *     the first target of that family, in the calling thread)
     * @throws IllegalArgumentException when the address is not of the options' family, or the payload does not
     *     fit its family
     * @throws IllegalStateException when the prober is closed
     */
    public int add(InetAddress address) throws IcmpSocketException {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Stops probing a target. Its requests in flight are dropped without a call; the listener hears nothing
     * more of it once the loop has seen the removal.
     *
     * @param target an id {@link #add} returned; an unknown or removed id is ignored
     */
    public void remove(int target) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Returns the number of targets probed.
     *
     * @return targets added and not removed
     */
    public int size() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Returns the options every target is probed with.
     *
     * @return the options
     */
    public PingOptions options() {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Returns the kind of socket the targets of a family use, once one is open.
     *
     * @param family IPV4 or IPV6
     * @return PRIVILEGED or UNPRIVILEGED; empty before the first target of that family
     */
    public Optional<Privilege> privilege(Family family) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Stops probing every target; requests in flight are dropped without a call. Idempotent; the shared sockets
     * stay open for the pinger's other work.
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not built yet");
    }
}
