package dev.icmpj.socket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An ICMPv4 or ICMPv6 socket: a raw socket ({@code SOCK_RAW}) or an unprivileged ping socket
 * ({@code SOCK_DGRAM}). It sends echo requests and receives the echo replies and ICMP errors that concern
 * its own identifier; everything else is filtered out (by the kernel where it can, in Java otherwise).
 *
 * <p>Thread-safety: {@link #send} may be called from any number of threads. Receiving is for one
 * thread at a time: {@link #receive} and {@link #receiveAsync} must not run concurrently with each other
 * (use a {@code dev.icmpj.Pinger} for many concurrent probes). {@link #close()} may be called from any
 * thread and wakes a blocked receiver, which then throws {@link SocketUnavailableException}.
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
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    boolean isClosed();

    /** Closes the socket and wakes any blocked receiver. Idempotent. */
    @Override
    void close();
}
