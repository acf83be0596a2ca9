package dev.icmpj.cli;

import dev.icmpj.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code icmpj} (or a real tool) run as a process of its own, for what only a process shows: signals, a pipe
 * its reader closes, a full disk, the exit code the shell sees. The CLI runs from this JVM's class path, with
 * SIGINT at its default action (a background job of a non-interactive shell, as a CI runner may be, starts
 * with SIGINT ignored, and exec keeps it so).
 *
 * <p>Not thread-safe; close it to kill the process.
 */
final class CliProcess implements AutoCloseable {
    /** Marks the end of the output in {@link #lines}. */
    static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private CliProcess(Process process, boolean collect) {
        this.process = process;
        if (collect) {
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException | UncheckedIOException closed) {
                    // the process ended, or the test closed the pipe
                }
                lines.add(END);
            });
        }
    }

    /**
     * Starts {@code icmpj} with its standard output on a pipe read line by line ({@link #nextLine}), standard
     * error into a file.
     *
     * @param stderr where standard error goes
     * @param args the arguments
     * @return the process
     */
    static CliProcess icmpj(Path stderr, String... args) throws IOException {
        return new CliProcess(builder(stderr, icmpjCommand(args)).start(), true);
    }

    /**
     * Starts {@code icmpj} with its standard output on a pipe the test reads itself ({@link #stdout}).
     *
     * @param stderr where standard error goes
     * @param args the arguments
     * @return the process
     */
    static CliProcess icmpjUnread(Path stderr, String... args) throws IOException {
        return new CliProcess(builder(stderr, icmpjCommand(args)).start(), false);
    }

    /**
     * Starts a command (a real tool, or {@code icmpj} through {@link #icmpjCommand}) with its standard output
     * on a pipe the test reads itself.
     *
     * @param stderr where standard error goes
     * @param command the command
     * @return the process
     */
    static CliProcess command(Path stderr, List<String> command) throws IOException {
        return new CliProcess(builder(stderr, command).start(), false);
    }

    /**
     * Runs a command to its end (60 s at most) with its standard output into a file, such as
     * {@code /dev/full}.
     *
     * @param stdout where standard output goes
     * @param command the command
     * @return its exit code and standard error
     */
    static ProcessRunner.Result runInto(Path stdout, List<String> command) throws Exception {
        Path err = Files.createTempFile("icmpj-process", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new ProcessRunner.Result(process.exitValue(), "", Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * Returns the command line that runs {@code icmpj} in a JVM of its own on this JVM's class path.
     *
     * @param args the arguments
     * @return {@code env --default-signal=INT java ... dev.icmpj.cli.Main args}
     */
    static List<String> icmpjCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "env",
                "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                // the launcher's: the JVM's own output (a SIGQUIT thread dump) on stderr
                "-XX:+DisplayVMOutputToStderr",
                "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static ProcessBuilder builder(Path stderr, List<String> command) {
        return new ProcessBuilder(command).redirectError(stderr.toFile());
    }

    /**
     * Waits for the next line of standard output.
     *
     * @param seconds how long at most
     * @return the line, {@link #END} after the last one, or null when none came in time
     */
    String nextLine(long seconds) throws InterruptedException {
        return lines.poll(seconds, TimeUnit.SECONDS);
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Standard output, for a test that reads it itself. */
    java.io.InputStream stdout() {
        return process.getInputStream();
    }

    /** Sends a signal ({@code INT}, {@code TERM}) to the process. */
    void signal(String name) {
        ProcessRunner.check("kill", "-" + name, Long.toString(process.pid()));
    }

    /**
     * Waits for the process to end.
     *
     * @param seconds how long at most
     * @return its exit code, as a shell reports it (128 + the signal for a death by signal)
     */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    /**
     * Waits until the process has an ICMP socket open (raw or ping socket, IPv4 or IPv6, found by inode in its
     * namespace's {@code /proc/PID/net/raw*} and {@code icmp*} tables): its probing has started. Other sockets
     * (a UDP probe of the route) do not count.
     */
    void awaitSocket() throws InterruptedException, IOException {
        awaitIcmpSocket(process.pid());
    }

    /**
     * Waits until a process has an ICMP socket open, as {@link #awaitSocket()}.
     *
     * @param pid the process
     */
    static void awaitIcmpSocket(long pid) throws InterruptedException, IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        for (int i = 0; i < 6_000; i++) {
            java.util.Set<String> icmp = new java.util.HashSet<>();
            for (String table : List.of("raw", "raw6", "icmp", "icmp6")) {
                try {
                    for (String line : Files.readAllLines(proc.resolve("net").resolve(table))) {
                        String[] fields = line.strip().split("\\s+");
                        if (fields.length > 9 && !fields[0].equals("sl")) {
                            icmp.add(fields[9]);
                        }
                    }
                } catch (IOException absent) {
                    // the table does not exist (no IPv6), or the process ended
                }
            }
            try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
                if (open.anyMatch(fd -> {
                    try {
                        String link = Files.readSymbolicLink(fd).toString();
                        return link.startsWith("socket:[")
                                && icmp.contains(link.substring("socket:[".length(), link.length() - 1));
                    } catch (IOException closedMeanwhile) {
                        return false;
                    }
                })) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the process never opened an ICMP socket");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
