package dev.icmpj.cli;

/**
 * A failure of a command with an exit code of its own, where the real tool has one that neither usage nor a
 * socket failure gives: fping exits 4 when it cannot open its target file, as for any failed system call.
 * Reported as one line by {@link FailureReporter}.
 *
 * <p>Immutable and thread-safe.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates the failure.
     *
     * @param message what went wrong, for the user
     * @param exitCode the command's exit code
     */
    CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The command's exit code. */
    int exitCode() {
        return exitCode;
    }
}
