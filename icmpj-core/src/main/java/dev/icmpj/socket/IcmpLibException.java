package dev.icmpj.socket;

import java.io.IOException;

/**
 * The root of every checked exception icmpj throws.
 *
 * <p>A lost packet is not an exception: it is counted as loss in the result.
 */
public class IcmpLibException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the problem
     */
    public IcmpLibException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the problem
     * @param cause the underlying failure
     */
    public IcmpLibException(String message, Throwable cause) {
        super(message, cause);
    }
}
