package dev.icmpj.docs;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.ProcessRunner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a compiled {@link ExampleProgram} the way a newcomer would: its {@code main} in a JVM of its own, with
 * {@code --enable-native-access=ALL-UNNAMED} and the test suite's hosts file ({@code -Djdk.net.hosts.file}), and
 * inside a network namespace of its own with only loopback up and ping sockets open, so that even an address
 * the text check missed cannot leave the machine. A run that outlasts its timeout gets a thread dump
 * ({@code SIGQUIT}) before it is killed.
 *
 * <p>Thread-safe: no shared state.
 */
final class ExampleRunner {
    /** What one run did. */
    record Outcome(int exitCode, boolean timedOut, String stdout, String stderr) {}

    private final Path library;
    private final Path hostsFile;
    private final Duration timeout;

    /**
     * @param library icmpj-core's classes
     * @param hostsFile the only name service of the example's JVM
     * @param timeout how long a run may take
     */
    ExampleRunner(Path library, Path hostsFile, Duration timeout) {
        this.library = library;
        this.hostsFile = hostsFile;
        this.timeout = timeout;
    }

    /**
     * Runs a program. Root only (the namespace).
     *
     * @param program the program
     * @param classes where it was compiled to
     * @return how it ended and what it printed, stack trace lines of the example pointing at the document
     */
    Outcome run(ExampleProgram program, Path classes) throws IOException, InterruptedException {
        Path out = Files.createTempFile(classes, "stdout", ".txt");
        Path err = Files.createTempFile(classes, "stderr", ".txt");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
            command.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Xshare:auto",
                    "-Djdk.net.hosts.file=" + hostsFile,
                    "-cp",
                    classes + File.pathSeparator + library,
                    program.className()));
            // output to files, not pipes: a program that never ends cannot block the reads
            Process process = new ProcessBuilder(command)
                    .directory(classes.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            boolean timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                // ip netns exec replaces itself with java: the pid is the JVM's, which prints its threads on SIGQUIT
                ProcessRunner.run(List.of("kill", "-QUIT", Long.toString(process.pid())));
                process.waitFor(2, TimeUnit.SECONDS);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return new Outcome(
                    timedOut ? -1 : process.exitValue(),
                    timedOut,
                    pointAtTheDocument(program, Files.readString(out, StandardCharsets.UTF_8)),
                    pointAtTheDocument(program, Files.readString(err, StandardCharsets.UTF_8)));
        }
    }

    /** Rewrites {@code (DocumentationExample.java:12)} in stack traces to {@code (README.md:95)}. */
    static String pointAtTheDocument(ExampleProgram program, String text) {
        Matcher frame = Pattern.compile("\\(" + Pattern.quote(program.fileName()) + ":(\\d+)\\)")
                .matcher(text);
        return frame.replaceAll(m -> Matcher.quoteReplacement(
                "(" + program.block().document() + ":" + program.documentLine(Long.parseLong(m.group(1))) + ")"));
    }
}
