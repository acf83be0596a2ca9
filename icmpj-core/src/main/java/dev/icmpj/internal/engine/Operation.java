package dev.icmpj.internal.engine;

/** An operation in progress on the engine, failed when one of its sockets fails or the engine closes. */
public interface Operation {

    /**
     * Fails the operation; may be called from any thread.
     *
     * @param cause why
     */
    void fail(Throwable cause);
}
