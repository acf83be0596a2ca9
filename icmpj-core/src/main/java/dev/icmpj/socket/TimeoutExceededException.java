package dev.icmpj.socket;

import java.time.Duration;

/** A blocking socket receive found no matching packet within its timeout. */
public class TimeoutExceededException extends IcmpSocketException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param timeout the timeout that elapsed
     */
    public TimeoutExceededException(Duration timeout) {
        super("no reply within the timeout of " + timeout.toMillis() + " ms");
    }
}
