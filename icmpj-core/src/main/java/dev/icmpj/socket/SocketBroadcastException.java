package dev.icmpj.socket;

/** A packet was sent to a broadcast address on a socket that does not have broadcast enabled. */
public class SocketBroadcastException extends IcmpSocketException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the problem
     * @param errno the errno of the failing call, or 0
     */
    public SocketBroadcastException(String message, int errno) {
        super(message, errno);
    }
}
