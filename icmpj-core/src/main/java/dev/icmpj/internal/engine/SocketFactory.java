package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketOptions;

/**
 * Opens the sockets the engine sends and receives on: {@link IcmpSocket#open} in production, a fake
 * network in tests.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SocketFactory {

    /**
     * Opens a socket, in the calling thread.
     *
     * @param options the socket's options
     * @return the open socket
     * @throws IcmpSocketException when it cannot be opened
     */
    IcmpSocket open(SocketOptions options) throws IcmpSocketException;
}
