package dev.icmpj.internal.transport;

import java.io.IOException;

/**
 * An ICMP socket as the probe engine uses it: batches of echo requests out, every echo reply and ICMP error
 * for its identifier in, through one receive path, in place. The kernel's ICMP sockets implement it (and the
 * public {@code IcmpSocket} beside it); tests put a fake network behind it.
 *
 * <p>Thread-safety: one thread sends and receives (a probe loop); {@link #wakeup()} and {@link #close()} may
 * come from any thread.
 */
public interface ProbeSocket extends AutoCloseable {

    /** True for an ICMPv6 socket. */
    boolean isIpv6();

    /** True for a raw socket, false for a ping socket. */
    boolean isRaw();

    /** The echo identifier of this socket: the kernel's on a ping socket, the one its filter passes on a raw one. */
    int identifier();

    /**
     * Sends a batch, each request with its own header and destination and the batch's payload, TTL and traffic
     * class. A request that cannot leave (no route, a firewall's reject, ...) is recorded in
     * {@link EchoBatch#failure(int)} and the others still go; the clocks of the send are recorded in the batch.
     *
     * @param batch the requests
     * @throws IOException when sending fails for the socket as a whole (closed: the public
     *     {@code SocketUnavailableException})
     */
    void send(EchoBatch batch) throws IOException;

    /**
     * Waits up to a time for messages, then reads what is queued, a bounded amount, and hands each echo reply
     * with this socket's identifier and each ICMP error quoting one of its requests to the handler.
     *
     * @param timeoutNanos how long to wait when nothing is queued; 0 does not wait
     * @param handler receives the messages, on the calling thread
     * @return true when the socket was read empty: every message queued before this call was handed on;
     *     false when the call stopped at its bound with more queued
     * @throws IOException when receiving fails (closed: the public {@code SocketUnavailableException})
     */
    boolean receive(long timeoutNanos, ReplyHandler handler) throws IOException;

    /**
     * Makes a thread waiting in {@link #receive} return at once, or the next wait when nobody waits (as
     * {@link java.nio.channels.Selector#wakeup()}). A no-op once closed.
     */
    void wakeup();

    /** The receive buffer the kernel granted ({@code SO_RCVBUF} read back), 0 when unknown. */
    long receiveBufferBytes();

    /** The datagrams the kernel dropped at this socket since it opened ({@code SO_MEMINFO}), 0 when unknown. */
    long kernelDrops();

    /** True once closed. */
    boolean isClosed();

    /** Closes the socket; wakes a thread waiting in it. Idempotent. */
    @Override
    void close();
}
