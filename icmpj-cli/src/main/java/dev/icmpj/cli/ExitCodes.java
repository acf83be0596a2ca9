package dev.icmpj.cli;

import java.util.concurrent.Callable;

/**
 * Exit codes of the icmpj commands. Most follow iputils ping (2 for any error); a command with the habits of
 * another tool (fping for {@code multiping}) maps its errors as that tool does.
 */
final class ExitCodes {
    /** Any error of a command that does not say otherwise: bad usage, name lookup, permission, socket. */
    static final int ERROR = 2;

    private ExitCodes() {}

    /** A command whose errors have exit codes of their own. */
    interface Mapped extends Callable<Integer> {
        /** The exit code of bad usage (an unknown option, a bad value). */
        int usageErrorCode();

        /** The exit code of a failure while running (a socket that cannot be opened or failed). */
        int failureCode();
    }

    /** The exit code of bad usage of a command. */
    static int usageError(Object command) {
        return command instanceof Mapped mapped ? mapped.usageErrorCode() : ERROR;
    }

    /** The exit code of a command's failure: bad values are usage errors, the rest failures. */
    static int failure(Object command, Exception e) {
        if (e instanceof CommandFailure failure) {
            return failure.exitCode();
        }
        if (command instanceof Mapped mapped) {
            return e instanceof IllegalArgumentException ? mapped.usageErrorCode() : mapped.failureCode();
        }
        return ERROR;
    }
}
