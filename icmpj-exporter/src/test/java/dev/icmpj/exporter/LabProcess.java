package dev.icmpj.exporter;

import dev.icmpj.lab.LabNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process started inside a lab node's namespace ({@code ip netns exec}, which execs the command, so the
 * process's pid is the command's), its output in a file; {@link #close()} stops it (TERM, then KILL after 5 s).
 */
final class LabProcess implements AutoCloseable {
    private final Process process;
    final Path log;

    private LabProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LabProcess start(LabNode node, Path log, List<String> command) throws IOException {
        List<String> full =
                new ArrayList<>(List.of("ip", "netns", "exec", node.namespace().name()));
        full.addAll(command);
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new LabProcess(p, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits until the output holds a text, or fails with the output. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "process ended (" + process.exitValue() + ") before \"" + text + "\":\n" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no \"" + text + "\" within " + timeout + ":\n" + output());
    }

    /** Sends a signal by name, e.g. {@code HUP}. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
