package dev.icmpj.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The training run of the {@code icmpj} launcher's AOT cache (JEP 483/515): the commands a user starts
 * most, on loopback, in one JVM, their output discarded, so that the cache holds the classes and method
 * profiles of a ping, a sweep and a trace. A command that fails (no permission for ICMP sockets) still
 * trains what it reached.
 */
public final class AotTraining {

    /** What the training runs: loopback only, bounded in count and time. */
    private static final String[][] COMMANDS = {
        {"ping", "-c", "2", "-i", "0.002", "127.0.0.1"},
        {"ping", "-c", "2", "-i", "0", "127.0.0.1"},
        {"multiping", "-q", "-i", "0", "-r", "0", "-t", "200", "-g", "127.0.0.0/20"},
        {"multiping", "-a", "-q", "-i", "0", "-r", "0", "-t", "200", "-g", "127.0.0.0/20"},
        {"multiping", "-c", "2", "-p", "10", "127.0.0.1", "127.0.0.2"},
        {"traceroute", "-n", "-q", "2", "-w", "1", "127.0.0.1"},
    };

    private AotTraining() {}

    /**
     * Runs the training commands.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // as Main.main does first, so the AOT cache holds the classes of its downcall
        HangupDisposition.restoreDefault();
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String[] command : COMMANDS) {
            var line = Main.commandLine(command[0]);
            line.setOut(discard);
            line.setErr(discard);
            line.execute(command);
        }
    }
}
