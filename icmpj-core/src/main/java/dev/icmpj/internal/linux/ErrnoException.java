package dev.icmpj.internal.linux;

/**
 * A system call failed: carries the call's name and its errno. The socket package maps it to the public
 * exceptions.
 *
 * <p>Immutable once thrown.
 */
public final class ErrnoException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The errno of the failed call. */
    private final int errno;

    /**
     * Creates the exception.
     *
     * @param call the C function that failed
     * @param errno its errno
     */
    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.message(errno) + " (" + Errno.name(errno) + ")");
        this.errno = errno;
    }

    /**
     * Returns the errno.
     *
     * @return e.g. {@link Errno#EACCES}
     */
    public int errno() {
        return errno;
    }
}
