package dev.icmpj;

import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;

/**
 * Progress of one ping, probe by probe. Every method has a no-op default; implement the ones you need.
 *
 * <p>Order, for one ping: {@link #onStart} first, then {@link #onSocket}, both before the first request is
 * sent; then, for each request, {@link #onSent} once it has left (followed at once by {@link #onSendFailed}
 * when a local firewall refused it), or {@link #onSendFailed} alone when it could not leave, and later
 * exactly one of {@link #onReply}, {@link #onError} or {@link #onLoss} at the moment the request is decided
 * (its echo reply arrived, an ICMP error quoting it arrived, or its timeout passed), in the order the
 * requests are decided, with {@link #onDuplicate} for every extra echo reply to an already answered request;
 * {@link #onComplete} last, once every request is decided, right before the ping's future completes. The
 * calls for one ping never overlap. When the ping fails (the {@code Pinger} is closed, its first request
 * cannot leave), {@code onComplete} is not called.
 *
 * <p>Threading: called from the {@code Pinger}'s internal threads (the loop thread of the ping's socket, which
 * sends its requests and reads their replies), while it holds the ping's lock. Implementations must return
 * quickly and must not block (they hold up every ping on that socket); hand work to your own executor. An
 * exception thrown by a listener is ignored and does not change the result.
 *
 * {@snippet :
 * PingListener printer = new PingListener() {
 *     @Override
 *     public void onReply(InetAddress address, Reply reply) {
 *         System.out.printf("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms%n", reply.bytes(),
 *                 AddressText.of(address), reply.sequence(), reply.ttl(), reply.rtt());
 *     }
 * };
 * }
 *
 * <p>Implementations must be thread-safe if shared by concurrent pings.
 */
public interface PingListener {

    /** A listener that does nothing. */
    PingListener NONE = new PingListener() {};

    /**
     * The ping starts: called once, before its first request is sent.
     *
     * @param address the address being pinged
     * @param options the options in force
     */
    default void onStart(InetAddress address, PingOptions options) {}

    /**
     * The socket the ping sends through is known: called once, after {@link #onStart}, before the first
     * request is sent. What iputils' {@code -v} shows of its socket.
     *
     * @param address the address being pinged
     * @param privilege {@link Privilege#PRIVILEGED} for a raw socket, {@link Privilege#UNPRIVILEGED} for a ping
     *     socket
     * @param identifier the echo identifier of the requests on the wire (a ping socket's is the kernel's)
     */
    default void onSocket(InetAddress address, Privilege privilege, int identifier) {}

    /**
     * A request was sent; it is decided later by {@link #onReply}, {@link #onError} or {@link #onLoss}.
     *
     * @param address the address being pinged
     * @param sequence the echo sequence number of the request
     * @param sentAtNanos {@link System#nanoTime()} read right before the request's {@code sendto}: with the
     *     RTT of its reply, when the reply arrived
     */
    default void onSent(InetAddress address, int sequence, long sentAtNanos) {}

    /**
     * The kernel refused a request ({@code sendto} failed): iputils counts it as transmitted, and so does the
     * ping's result. Two cases:
     * <ul>
     *   <li>a netfilter rule of this host dropped or rejected it on its way out ({@code EPERM}, "Operation not
     *       permitted"): called right after {@link #onSent}; the request stays in flight, and a reject rule's
     *       ICMP error decides it by {@link #onError}, else it is lost at its timeout;</li>
     *   <li>any other failure of a request after the first (a route that went away): called instead of
     *       {@link #onSent}, and {@link #onLoss} follows at once. (When the first request cannot leave, the
     *       ping fails instead: no route, a broadcast address not allowed.)</li>
     * </ul>
     *
     * @param address the address being pinged
     * @param sequence the echo sequence number of the request
     * @param cause the failure, with its errno
     */
    default void onSendFailed(InetAddress address, int sequence, IcmpSocketException cause) {}

    /**
     * A request was answered in time.
     *
     * @param address the address being pinged
     * @param reply the echo reply, with its RTT
     */
    default void onReply(InetAddress address, Reply reply) {}

    /**
     * Another echo reply arrived for a request already answered; it is counted in {@link Host#duplicates()}.
     *
     * @param address the address being pinged
     * @param reply the duplicate echo reply
     */
    default void onDuplicate(InetAddress address, Reply reply) {}

    /**
     * An ICMP error quoting a request arrived; the request is decided and counted in {@link Host#errors()}.
     *
     * @param address the address being pinged
     * @param error the ICMP error (destination unreachable, time exceeded, ...)
     */
    default void onError(InetAddress address, Reply error) {}

    /**
     * A request's timeout passed without an answer, or its answer came too late.
     *
     * @param address the address being pinged
     * @param sequence the echo sequence number of the lost request
     */
    default void onLoss(InetAddress address, int sequence) {}

    /**
     * The kernel dropped datagrams at this ping's own socket, most because its receive buffer was full
     * ({@code SO_MEMINFO}): replies among them count as lost, though the network delivered them. Called with the
     * total since the ping started whenever it has grown, checked about once a second and before
     * {@link #onComplete}. Only for a flood ({@link PingOptions#flood()}), the one ping with a socket of its own:
     * a shared socket's drops cannot be told apart per ping.
     *
     * @param address the address being pinged
     * @param drops the datagrams dropped so far, more than at the last call
     */
    default void onKernelDrops(InetAddress address, long drops) {}

    /**
     * The ping is complete: called once, last, with its result.
     *
     * @param host the result
     */
    default void onComplete(Host host) {}
}
