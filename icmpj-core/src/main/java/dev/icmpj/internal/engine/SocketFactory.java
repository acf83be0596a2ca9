package dev.icmpj.internal.engine;

import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketOptions;

/**
 * Opens the sockets the engine sends and receives on: the kernel's in production ({@link #KERNEL}), a fake
 * network in tests.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SocketFactory {

    /**
     * The kernel's ICMP sockets: {@link IcmpSocket#open} makes a socket that is also the engine's
     * {@link ProbeSocket}, on the same send and receive paths.
     */
    SocketFactory KERNEL = options -> (ProbeSocket) IcmpSocket.open(options);

    /**
     * Opens a socket, in the calling thread (so it belongs to that thread's network namespace).
     *
     * @param options the socket's options, of one family
     * @return the open socket
     * @throws IcmpSocketException when it cannot be opened
     */
    ProbeSocket open(SocketOptions options) throws IcmpSocketException;
}
