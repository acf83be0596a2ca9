package dev.icmpj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A progress line on standard error for a long run where the real tool prints nothing meanwhile (a sweep
 * with {@code -a}, {@code -u} or {@code -q}, a quiet ping, a traceroute), and only when standard error is a
 * terminal: {@code 12345/65534 targets done (18%), 12000 alive}, redrawn four times a second through the
 * command's {@link OutputQueue} (which erases it around every other line) and erased at the end. In a pipe or
 * a file nothing is printed, so scripts see exactly the real tool's output.
 *
 * <p>Thread-safe.
 */
final class Progress implements AutoCloseable {
    private static final Progress NONE = new Progress(null, null);

    private final OutputQueue output;
    private final Thread drawer;

    private Progress(OutputQueue output, Supplier<String> line) {
        this.output = output;
        this.drawer = line == null
                ? null
                : Thread.ofPlatform().daemon().name("icmpj-progress").start(() -> draw(line));
    }

    /**
     * Starts a progress line when standard error is a terminal.
     *
     * @param output the command's output
     * @param line the line of the moment, called four times a second; null for none
     * @return the progress, or one that prints nothing
     */
    static Progress onTerminal(OutputQueue output, Supplier<String> line) {
        return line != null && stderrIsTerminal() ? new Progress(output, line) : NONE;
    }

    /**
     * The line of a sweep.
     *
     * @param done targets completed
     * @param total targets in all
     * @param alive targets that answered
     * @return e.g. {@code 12345/65534 targets done (18%), 12000 alive}
     */
    static String sweepLine(int done, int total, int alive) {
        return done + "/" + total + " targets done (" + (total == 0 ? 100 : done * 100L / total) + "%), " + alive
                + " alive";
    }

    /** Whether file descriptor 2 is a terminal ({@code isatty(2)}, read from {@code /proc}). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return false;
        }
    }

    private void draw(Supplier<String> line) {
        try {
            while (true) {
                Thread.sleep(250);
                output.status(line.get());
            }
        } catch (InterruptedException stop) {
            // the run ended
        }
    }

    @Override
    public void close() {
        if (drawer == null) {
            return;
        }
        drawer.interrupt();
        try {
            drawer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.status(null);
    }
}
