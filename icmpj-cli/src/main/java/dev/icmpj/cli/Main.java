package dev.icmpj.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code icmpj} command: a thin picocli front end over the icmpj library, one class per subcommand.
 *
 * <p>Exit codes are each subcommand's: for {@code ping} (iputils') {@code 0} when the target answered, {@code 1}
 * when it did not, {@code 2} on any error (bad usage, name lookup failure, missing permission, ...);
 * {@code multiping} has fping's; the top command's own usage errors are 2. Errors are one line on standard
 * error, with the stack trace only under {@code --debug}.
 *
 * <p>Not thread-safe: one instance parses and runs one command line.
 */
public final class Main implements Callable<Integer> {
    private CommandSpec spec;

    /** Creates the top command; {@link #commandLine()} wires it with icmpj's error handling. */
    public Main() {}

    /** Declares the top command to picocli, in code ({@link SpecBuilder}). */
    private CommandSpec declare() {
        spec = new SpecBuilder(
                        this, "icmpj", "ICMP for the JVM: ping, multiping and traceroute, in pure Java on the FFM API.")
                .exitCodes("%nExit codes (each command lists its own):%n", "2:bad usage of icmpj itself")
                .spec();
        return spec;
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // off the start's path (it costs 8-24 ms of reflection): a hang-up in the first milliseconds still gets
        // the JVM's handling, the statistics so far
        Thread.ofPlatform().daemon().name("icmpj-hangup").start(HangupDisposition::restoreDefault);
        CommandLine line = commandLine(args.length == 0 ? "" : args[0]);
        // file descriptor 1 itself, not System.out, which would hide a closed pipe or a full disk
        line.setOut(CheckedPrintWriter.standardOutput());
        int exitCode = line.execute(args);
        line.getOut().flush();
        System.exit(exitCode);
    }

    /**
     * Returns a command line for {@code icmpj} with every subcommand, whose errors are reported as one line and
     * mapped to the exit code of the command at fault. Tests call {@link CommandLine#execute(String...)} on it
     * after redirecting its output.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * Returns a command line for {@code icmpj} that builds only the subcommand about to run, when the first
     * argument names one: picocli reads every option of every subcommand it is given at start-up, which cost
     * a whole-process {@code icmpj ping} about 100 ms once {@code multiping} had its options.
     *
     * @param first the first argument, or "" for none
     * @return a new command line
     */
    static CommandLine commandLine(String first) {
        FailureReporter reporter = new FailureReporter();
        CommandLine line = new CommandLine(new Main().declare());
        boolean one = first.equals("ping") || first.equals("multiping") || first.equals("traceroute");
        if (!one || first.equals("ping")) {
            line.addSubcommand("ping", new CommandLine(new PingCommand().declare()));
        }
        if (!one || first.equals("multiping")) {
            line.addSubcommand("multiping", new CommandLine(new MultipingCommand().declare()));
        }
        if (!one || first.equals("traceroute")) {
            line.addSubcommand("traceroute", new CommandLine(new TracerouteCommand().declare()));
        }
        // `icmpj exporter` runs from its own module (the launcher picks it before this jar): listed all the same
        IHelpSectionRenderer commands = line.getHelpSectionMap().get(UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        line.getHelpSectionMap()
                .put(
                        UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                        help -> commands.render(help)
                                + "  exporter    Probe targets forever for Prometheus: see 'icmpj exporter --help'."
                                + System.lineSeparator());
        // the last of an option given twice wins, as in iputils, fping and traceroute: aliases such as
        // `alias ping='ping -c 4'` rely on it (set after the subcommands, which it then reaches too)
        line.setOverwrittenOptionsAllowed(true);
        return line.setParameterExceptionHandler(reporter).setExecutionExceptionHandler(reporter);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
