package dev.icmpj.socket;

import java.util.OptionalInt;

/** A socket operation failed; carries the {@code errno} of the failing system call where there is one. */
public class IcmpSocketException extends IcmpLibException {
    private static final long serialVersionUID = 1L;

    /** The errno, or 0 when there is none. */
    private final int errno;

    /**
     * Creates an exception without an errno.
     *
     * @param message what went wrong
     */
    public IcmpSocketException(String message) {
        this(message, 0);
    }

    /**
     * Creates an exception with the errno of the failing call.
     *
     * @param message what went wrong
     * @param errno the errno, or 0 when there is none
     */
    public IcmpSocketException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /**
     * Returns the errno of the failing system call.
     *
     * @return the errno, empty when the failure did not come from a system call
     */
    public OptionalInt errno() {
        return errno == 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }
}
