package dev.icmpj.socket;

/** The process may not open the requested ICMP socket; the message says which fix applies: net.ipv4.ping_group_range for ping sockets, CAP_NET_RAW for raw sockets. */
public class SocketPermissionException extends IcmpSocketException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the problem
     * @param errno the errno of the failing call, or 0
     */
    public SocketPermissionException(String message, int errno) {
        super(message, errno);
    }
}
