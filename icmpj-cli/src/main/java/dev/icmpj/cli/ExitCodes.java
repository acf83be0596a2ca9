package dev.icmpj.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Exit codes of the icmpj commands. Most follow iputils ping (2 for most errors, 1 for a bad number
 * or a missing host); a command with the habits of
 * another tool (fping for {@code multiping}) maps its errors as that tool does.
 */
final class ExitCodes {
    /** Any error of a command that does not say otherwise: bad usage, name lookup, permission, socket. */
    static final int ERROR = 2;

    /**
     * iputils ping's code for a value its number parser ({@code strtol_or_err}) rejects, and for a missing host:
     * measured with iputils 20221126, {@code ping -c 0}, {@code ping -t x}, {@code ping -l 0} and {@code ping}
     * alone exit 1, while an unknown option, {@code -Q 300} or {@code -M maybe} exit 2.
     */
    static final int PING_BAD_NUMBER = 1;

    /** The {@code ping} options whose values iputils reads with its number parser. */
    private static final Set<String> PING_PARSED_NUMBERS = Set.of("-c", "-l", "-m", "-s", "-S", "-t");

    private ExitCodes() {}

    /** A command whose errors have exit codes of their own. */
    interface Mapped extends Callable<Integer> {
        /** The exit code of bad usage (an unknown option, a bad value). */
        int usageErrorCode();

        /** The exit code of a failure while running (a socket that cannot be opened or failed). */
        int failureCode();
    }

    /**
     * The exit code of bad usage of a command.
     *
     * @param command the command at fault
     * @param e what picocli found wrong
     * @return the exit code
     */
    static int usageError(Object command, ParameterException e) {
        if (command instanceof PingCommand) {
            // iputils' "usage error: Destination address required" and its number parser exit 1
            boolean missingHost = e instanceof MissingParameterException missing
                    && missing.getMissing().stream().anyMatch(ArgSpec::isPositional);
            boolean badNumber = e.getArgSpec() instanceof OptionSpec option
                    && !(e instanceof MissingParameterException)
                    && PING_PARSED_NUMBERS.contains(option.shortestName());
            return missingHost || badNumber ? PING_BAD_NUMBER : ERROR;
        }
        return command instanceof Mapped mapped ? mapped.usageErrorCode() : ERROR;
    }

    /** The exit code of a command's failure: bad values are usage errors, the rest failures. */
    static int failure(Object command, Exception e) {
        if (e instanceof CommandFailure failure) {
            return failure.exitCode();
        }
        if (command instanceof PingCommand && e instanceof IllegalArgumentException invalid) {
            // the validation of PingCommand names the option first: "-c: count is 0; ..."
            String message = invalid.getMessage() == null ? "" : invalid.getMessage();
            int colon = message.indexOf(':');
            return colon > 0 && PING_PARSED_NUMBERS.contains(message.substring(0, colon)) ? PING_BAD_NUMBER : ERROR;
        }
        if (command instanceof Mapped mapped) {
            return e instanceof IllegalArgumentException ? mapped.usageErrorCode() : mapped.failureCode();
        }
        return ERROR;
    }
}
