package dev.icmpj.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the {@code icmpj} command line with its output captured.
 *
 * @param exitCode what {@link CommandLine#execute(String...)} returned
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exitCode, String out, String err) {

    /**
     * Runs {@code icmpj} with arguments, on the calling thread.
     *
     * @param args the arguments
     * @return the run
     */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Standard output, line by line. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** Standard error, line by line. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
