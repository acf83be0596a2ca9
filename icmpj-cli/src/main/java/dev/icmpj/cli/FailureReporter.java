package dev.icmpj.cli;

import dev.icmpj.NameLookupException;
import dev.icmpj.socket.IcmpLibException;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure of a command into one line on standard error and its exit code: 2 for {@code ping}
 * (iputils'), fping's 3 (usage) and 4 (failure) for {@code multiping} ({@link ExitCodes}).
 *
 * <p>The line reads {@code icmpj: <command>: <what went wrong>}. Usage errors name the option and the
 * problem; library errors carry their own message ({@link IllegalArgumentException}s from the options
 * builders name the field and its allowed range); anything unexpected is labelled an internal error.
 * The stack trace follows only when the command line has {@code --debug}.
 *
 * <p>Stateless and thread-safe.
 */
final class FailureReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /**
     * What a future's failure was: the cause inside the {@link ExecutionException} of {@code get()} and the
     * {@link CompletionException}s of the stages it went through.
     *
     * @param failure what {@code get()} threw, or a stage's failure
     * @return the innermost of those layers that has no cause left to unwrap, else the failure itself
     */
    static Throwable unwrapped(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String help = command.getParent() == null ? "icmpj --help" : "icmpj " + command.getCommandName() + " --help";
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched) {
            // picocli lists everything after an unknown option as unmatched: name the unknown option alone
            message = unmatched.getUnmatched().stream()
                    .filter(arg -> arg.startsWith("-") && arg.length() > 1)
                    .findFirst()
                    .map(arg -> "unknown option '" + arg + "'")
                    .orElseGet(() -> command.getParent() == null
                                    && !unmatched.getUnmatched().isEmpty()
                            ? unknownCommand(command, unmatched.getUnmatched().getFirst())
                            : e.getMessage());
        } else if (message != null) {
            message = inUsersWords(message);
        }
        report(command, message + " (see '" + help + "')", debugRequested(args) ? e : null);
        return ExitCodes.usageError(command.getCommand(), e);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        report(command, describe(e), debugRequested(parseResult.originalArgs().toArray(String[]::new)) ? e : null);
        return ExitCodes.failure(command.getCommand(), e);
    }

    /**
     * Rewrites picocli's and the library's Java words in a message into a user's: picocli's {@code 'abc' is
     * not a double} and the options builders' field names ({@code trafficClass is 300}).
     *
     * @param message the message
     * @return the message in a user's words
     */
    static String inUsersWords(String message) {
        String words = message;
        for (Map.Entry<String, String> java : JAVA_WORDS.entrySet()) {
            words = words.replace(java.getKey(), java.getValue());
        }
        return words;
    }

    /** picocli's words for a type, and the options builders' field names, with the user's words for them. */
    private static final Map<String, String> JAVA_WORDS = Map.of(
            "' is not a double", "' is not a number",
            "' is not a float", "' is not a number",
            "' is not an int", "' is not a whole number",
            "' is not a long", "' is not a whole number",
            "trafficClass is ", "TOS is ",
            "sendBufferSize is ", "send buffer size is ",
            "payloadSize is ", "data size is ");

    /** An unknown command of the top command, with the commands it has (the launcher runs {@code exporter}). */
    private static String unknownCommand(CommandLine top, String name) {
        List<String> commands = new ArrayList<>(top.getSubcommands().keySet());
        commands.add("exporter");
        return "unknown command '" + name + "'; the commands are " + String.join(", ", commands);
    }

    /**
     * Returns the one-line description of a failure.
     *
     * @param e the failure
     * @return what went wrong, for a user
     */
    static String describe(Exception e) {
        return switch (e) {
            case NameLookupException lookup
            when lookup.getCause() instanceof UnknownHostException unknown ->
                "cannot resolve " + lookup.name() + ": " + resolverReason(lookup.name(), unknown);
            case IcmpLibException library -> library.getMessage();
            case IllegalArgumentException invalid ->
                invalid.getMessage() == null ? "" : inUsersWords(invalid.getMessage());
            case CommandFailure failure -> failure.getMessage();
            default -> "internal error: " + e + " (rerun with --debug for the stack trace)";
        };
    }

    /**
     * Returns why a name did not resolve, in the resolver's words, as fping prints it after the name.
     *
     * @param e the failure
     * @return e.g. {@code Name or service not known}
     */
    static String lookupReason(IcmpLibException e) {
        return e instanceof NameLookupException lookup && lookup.getCause() instanceof UnknownHostException unknown
                ? resolverReason(lookup.name(), unknown)
                : e.getMessage();
    }

    /** The resolver's words ("Name or service not known"), without the name the JDK puts in front. */
    private static String resolverReason(String name, UnknownHostException e) {
        String message = e.getMessage();
        String prefix = name + ": ";
        if (message == null || message.equals(name)) {
            return "unknown host";
        }
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static void report(CommandLine command, String message, Throwable debugTrace) {
        PrintWriter err = command.getErr();
        String path = command.getParent() == null ? "" : command.getCommandName() + ": ";
        err.println("icmpj: " + path + message);
        if (debugTrace != null) {
            debugTrace.printStackTrace(err);
        }
        err.flush();
    }

    private static boolean debugRequested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--debug")) {
                return true;
            }
        }
        return false;
    }
}
