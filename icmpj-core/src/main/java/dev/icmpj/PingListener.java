package dev.icmpj;

import java.net.InetAddress;

/**
 * Progress of one ping, probe by probe. Every method has a no-op default; implement the ones you need.
 *
 * <p>Order, for one ping: {@link #onStart} first, before the first request is sent; then, for each request,
 * {@link #onSent} once it has left, and later exactly one of {@link #onReply}, {@link #onError} or {@link #onLoss} at the moment the request is decided
 * (its echo reply arrived, an ICMP error quoting it arrived, or its timeout passed), in the order the
 * requests are decided, with {@link #onDuplicate} for every extra echo reply to an already answered request;
 * {@link #onComplete} last, once every request is decided, right before the ping's future completes. The
 * calls for one ping never overlap. When the ping fails (the {@code Pinger} is closed, a send fails),
 * {@code onComplete} is not called.
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
     * A request was sent; it is decided later by {@link #onReply}, {@link #onError} or {@link #onLoss}.
     *
     * @param address the address being pinged
     * @param sequence the echo sequence number of the request
     * @param sentAtNanos {@link System#nanoTime()} read right before the request's {@code sendto}: with the
     *     RTT of its reply, when the reply arrived
     */
    default void onSent(InetAddress address, int sequence, long sentAtNanos) {}

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
