package dev.icmpj.socket;

/** The socket is closed, or was closed while the operation waited. */
public class SocketUnavailableException extends IcmpSocketException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the problem
     * @param errno the errno of the failing call, or 0
     */
    public SocketUnavailableException(String message, int errno) {
        super(message, errno);
    }
}
