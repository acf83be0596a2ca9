package dev.icmpj.socket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An ICMPv4 or ICMPv6 socket: a raw socket ({@code SOCK_RAW}) or an unprivileged ping socket
 * ({@code SOCK_DGRAM}). It sends echo requests and receives the echo replies and ICMP errors that concern
 * its own identifier; everything else is filtered out (by the kernel where it can, in Java otherwise).
 *
 * <p>Thread-safety: {@link #send} may be called from any number of threads. Receiving is for one
 * thread at a time: {@link #receive}, {@link #drain} and {@link #receiveAsync} must not run concurrently
 * with each other (use a {@code dev.icmpj.Pinger} for many concurrent probes). {@link #close()} may be
 * called from any thread and wakes a blocked receiver, which then throws {@link SocketUnavailableException}.
 */
public interface IcmpSocket extends AutoCloseable {

    /**
     * Opens a socket.
     *
     * @param options family, privilege and socket options
     * @return the open socket
     * @throws dev.icmpj.socket.SocketPermissionException when the process may not open that kind of socket;
     *     the message says which fix applies
     * @throws dev.icmpj.socket.SocketAddressException when the source address or interface cannot be bound
     * @throws IcmpSocketException on any other failure, with its errno
     */
    static IcmpSocket open(SocketOptions options) throws IcmpSocketException {
        return IcmpSockets.open(options);
    }

    /**
     * Links the native calls sockets make now, rather than at the first {@link #open}: in a cold JVM that
     * costs about 30 ms, which a program can spend on a thread of its own while it does other start-up work
     * (the {@code icmpj} command line does it while its arguments are parsed). Idempotent and thread-safe;
     * opens nothing and needs no privilege.
     */
    static void prepare() {
        dev.icmpj.internal.linux.IcmpChannel.prepare();
    }

    /**
     * Returns the family of this socket.
     *
     * @return IPV4 or IPV6
     */
    Family family();

    /**
     * Returns the kind of this socket.
     *
     * @return PRIVILEGED (raw) or UNPRIVILEGED (ping socket), never AUTO
     */
    Privilege privilege();

    /**
     * Returns the echo identifier of this socket: on a ping socket the one the kernel assigned, on a raw
     * socket the one the kernel filter passes.
     *
     * @return 0..65535
     */
    int identifier();

    /**
     * Returns the options this socket was opened with.
     *
     * @return the options
     */
    SocketOptions options();

    /**
     * Sends an echo request. The realtime and monotonic clocks are read right before {@code sendto}. Where
     * the kernel supports it ({@code SO_TIMESTAMPING}), it also records when the request reached the network
     * device; the reply carries that as {@link IcmpReply#sentAtKernelEpochNanos()}, and
     * {@link IcmpReply#rttNanos(SentRequest)} prefers it to the send clock.
     * A request that a firewall rule of this host drops on its way out ({@code EPERM}) counts as sent: a
     * rejecting rule's ICMP error is then received like any other, a silent drop shows as a lost packet.
     *
     * @param request the request; on a raw socket its identifier should be {@link #identifier()}, or the
     *     replies are filtered out
     * @return the request as sent, with its send timestamps
     * @throws SocketUnavailableException when the socket is closed
     * @throws dev.icmpj.socket.SocketBroadcastException when the destination is a broadcast address and
     *     broadcast is not enabled
     * @throws IcmpSocketException on any other send failure
     */
    SentRequest send(IcmpRequest request) throws IcmpSocketException;

    /**
     * Waits for the reply to a request: an echo reply from its destination with its identifier, sequence
     * and payload, or an ICMP error quoting it. Other packets received meanwhile are discarded.
     *
     * @param request the request as sent
     * @param timeout how long to wait, positive
     * @return the reply
     * @throws dev.icmpj.socket.TimeoutExceededException when nothing matching arrives in time
     * @throws SocketUnavailableException when the socket is or gets closed
     * @throws IcmpSocketException on any other failure
     */
    IcmpReply receive(SentRequest request, Duration timeout) throws IcmpSocketException;

    /**
     * Waits for any echo reply or ICMP error for this socket's identifier.
     *
     * @param timeout how long to wait, positive
     * @return the first such message
     * @throws dev.icmpj.socket.TimeoutExceededException when nothing arrives in time
     * @throws SocketUnavailableException when the socket is or gets closed
     * @throws IcmpSocketException on any other failure
     */
    IcmpReply receive(Duration timeout) throws IcmpSocketException;

    /**
     * Waits up to a timeout for packets, then hands every one already queued to a sink, in arrival order.
     * Used by receive loops: it reads in batches ({@code recvmmsg}) and allocates nothing when idle.
     *
     * @param timeout how long to wait for the first packet; zero polls without waiting
     * @param sink receives each echo reply or ICMP error for this socket's identifier
     * @return the number of messages handed to the sink; 0 when the timeout elapsed or {@link #wakeup()} was
     *     called
     * @throws SocketUnavailableException when the socket is or gets closed
     * @throws IcmpSocketException on any other failure
     */
    int drain(Duration timeout, Consumer<? super IcmpReply> sink) throws IcmpSocketException;

    /**
     * Makes a thread waiting in {@link #drain} or {@link #receive(Duration, ReplyHandler)} return at once, with
     * what it read so far (perhaps nothing); when no thread waits, the next of those waits returns at once. A
     * receive loop uses it to see work that another thread gave it (a new ping to send). Like
     * {@link java.nio.channels.Selector#wakeup()}. Thread-safe; a no-op once closed.
     */
    void wakeup();

    /**
     * Waits for the reply to a request without blocking the caller (icmplib's {@code AsyncSocket}); the
     * wait runs on this socket's receive thread, one at a time.
     *
     * @param request the request as sent
     * @param timeout how long to wait, positive
     * @return a future completed with the reply, or exceptionally with the exceptions of
     *     {@link #receive(SentRequest, Duration)}
     */
    CompletableFuture<IcmpReply> receiveAsync(SentRequest request, Duration timeout);

    /**
     * Sends a batch of echo requests with this socket's identifier, in order. A request that cannot leave
     * (no route, a firewall's reject, ...) is recorded in {@link EchoBatch#failure(int)} and the others still
     * go. Linux sends the batch with one {@code sendmmsg} call; this default sends each request on its own.
     *
     * @param batch the requests; the times of the send are recorded in it
     * @throws SocketUnavailableException when the socket is closed
     * @throws IcmpSocketException when sending fails for the socket as a whole
     */
    default void send(EchoBatch batch) throws IcmpSocketException {
        for (int i = 0; i < batch.size(); i++) {
            IcmpRequest request = new IcmpRequest(
                    batch.destination(i),
                    identifier(),
                    batch.sequence(i),
                    batch.payload(),
                    batch.ttl(),
                    batch.trafficClass());
            try {
                SentRequest sent = send(request);
                if (batch.sentAtMonotonicNanos() == 0) {
                    batch.sentAt(sent.sentAtEpochNanos(), sent.sentAtMonotonicNanos());
                }
            } catch (SocketUnavailableException e) {
                throw e;
            } catch (IcmpSocketException e) {
                batch.failed(i, e);
            }
        }
    }

    /**
     * Waits up to a time for messages, then reads what is queued (a bounded amount) and hands each to the
     * handler: echo replies with this socket's identifier as views, without an object per reply on Linux;
     * ICMP errors quoting our requests decoded in full. This default decodes every message with
     * {@link #drain}.
     *
     * @param timeout how long to wait when nothing is queued; zero does not wait
     * @param handler receives the messages, on the calling thread
     * @return the number of messages handed on; 0 when the timeout elapsed or {@link #wakeup()} was called
     * @throws SocketUnavailableException when the socket is closed
     * @throws IcmpSocketException when receiving fails
     */
    default int receive(Duration timeout, ReplyHandler handler) throws IcmpSocketException {
        return drain(timeout, reply -> {
            if (reply.isEchoReply()) {
                handler.onEchoReply(EchoReplyView.of(reply));
            } else {
                handler.onMessage(reply);
            }
        });
    }

    /**
     * Returns the receive buffer the kernel granted ({@code SO_RCVBUF} read back, which counts the kernel's
     * bookkeeping of each datagram), for flow control.
     *
     * @return bytes, or 0 when not known
     */
    default long receiveBufferBytes() {
        return 0;
    }

    /**
     * Returns the datagrams the kernel dropped at this socket since it was opened, most because its receive
     * buffer was full ({@code SO_MEMINFO}): replies that arrived and were never seen, which a caller must not
     * mistake for loss on the network.
     *
     * @return the drops, 0 when none or unknown
     */
    default long kernelDrops() {
        return 0;
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    boolean isClosed();

    /** Closes the socket and wakes any blocked receiver. Idempotent. */
    @Override
    void close();
}
