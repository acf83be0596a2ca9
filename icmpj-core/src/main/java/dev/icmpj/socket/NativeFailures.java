package dev.icmpj.socket;

import dev.icmpj.internal.linux.Errno;
import dev.icmpj.internal.linux.ErrnoException;
import dev.icmpj.packet.AddressText;
import java.net.InetAddress;

/** Maps the native layer's errno failures to the public exceptions. Stateless and thread-safe. */
final class NativeFailures {
    private NativeFailures() {}

    /** The exception for any use of a closed socket. */
    static SocketUnavailableException closed() {
        return new SocketUnavailableException("socket is closed", 0);
    }

    /**
     * Maps a failure of an operation on an open (or just closed) socket.
     *
     * @param e the failure
     * @param closed whether the socket has been closed meanwhile
     * @return the public exception
     */
    static IcmpSocketException of(ErrnoException e, boolean closed) {
        if (closed) {
            return closed();
        }
        return new IcmpSocketException(e.getMessage(), e.errno());
    }

    /**
     * Maps a failure of {@code sendto}.
     *
     * @param e the failure
     * @param closed whether the socket has been closed meanwhile
     * @param destination where the packet went
     * @return the public exception
     */
    static IcmpSocketException ofSend(ErrnoException e, boolean closed, InetAddress destination) {
        if (closed) {
            return closed();
        }
        String to = AddressText.of(destination);
        if (e.errno() == Errno.EACCES && destination instanceof java.net.Inet4Address) {
            return new SocketBroadcastException(
                    "cannot send to " + to + ": it is a broadcast address and broadcast "
                            + "is not enabled on this socket; enable broadcast with SocketOptions.Builder.broadcast(true)",
                    e.errno());
        }
        return new IcmpSocketException(
                "sendto " + to + " failed: " + Errno.message(e.errno()) + " (" + Errno.name(e.errno()) + ")",
                e.errno());
    }

    /**
     * Maps a failure of {@code bind} or {@code SO_BINDTODEVICE} to a {@link SocketAddressException}.
     *
     * @param e the failure
     * @param what what was bound, e.g. {@code "source address 127.0.0.1"}
     * @return the public exception
     */
    static SocketAddressException ofBind(ErrnoException e, String what) {
        return new SocketAddressException("cannot bind to " + what + ": " + e.getMessage(), e.errno());
    }
}
