package dev.icmpj;

import dev.icmpj.socket.IcmpLibException;

/** A host name could not be resolved to an address of the requested family. */
public class NameLookupException extends IcmpLibException {
    private static final long serialVersionUID = 1L;

    /** The name that was looked up. */
    private final String name;

    /**
     * Creates the exception.
     *
     * @param name the name that could not be resolved
     * @param message what went wrong
     * @param cause the resolver's failure, or {@code null}
     */
    public NameLookupException(String name, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
    }

    /**
     * Returns the name that was looked up.
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
