package dev.icmpj.socket;

import dev.icmpj.IcmpSocketException;

/** The one factory through which the socket package reaches the native layer. */
final class IcmpSockets {
    private IcmpSockets() {}

    static IcmpSocket open(SocketOptions options) throws IcmpSocketException {
        throw new IcmpSocketException("not implemented yet: " + options);
    }
}
