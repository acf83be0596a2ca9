package dev.icmpj.socket;

/** The source address or interface could not be used (bind, SO_BINDTODEVICE, an address of the wrong family). */
public class SocketAddressException extends IcmpSocketException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the problem
     * @param errno the errno of the failing call, or 0
     */
    public SocketAddressException(String message, int errno) {
        super(message, errno);
    }
}
