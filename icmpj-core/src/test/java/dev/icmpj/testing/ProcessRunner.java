package dev.icmpj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands (ip, nft, sysctl) for tests, bounded in time. */
public final class ProcessRunner {
    private ProcessRunner() {}

    /** The result of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Runs a command and waits at most 60 s.
     *
     * @param command the command and its arguments
     * @return its exit code and output
     */
    public static Result run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            // Output goes to files, not pipes, so that a command that never exits cannot block the reads and
            // the 60 s bound holds.
            out = Files.createTempFile("icmpj-run", ".out");
            err = Files.createTempFile("icmpj-run", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /**
     * Runs a command that must succeed.
     *
     * @param command the command and its arguments
     * @return its standard output
     * @throws IllegalStateException with the command's stderr when it exits non-zero
     */
    public static String check(String... command) {
        Result r = run(List.of(command));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
        return r.stdout();
    }

    /** True when the command is an executable on the PATH. */
    public static boolean onPath(String command) {
        for (String dir : System.getenv()
                .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                .split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The real uid of this process, from /proc/self/status, or -1. */
    public static int uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
