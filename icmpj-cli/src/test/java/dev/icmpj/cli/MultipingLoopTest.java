package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fping's loop mode ({@code -l}, {@code -Q}) as a process, beside fping: lines until Ctrl-C, then the
 * per-target summaries; reports every few seconds. Loopback only.
 */
@Timeout(120)
class MultipingLoopTest {

    @Test
    void loop_linesUntilSigintThenTheSummaries_asFping() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        String[] args = {"-l", "-p", "200", "127.0.0.1", "127.0.0.2"};

        Loop icmpj = loop(CliProcess.icmpjCommand(prepend("multiping", args).toArray(String[]::new)), 6);
        NetworkTests.requireCommand("fping");
        Loop fping = loop(prepend("fping", args), 6);

        for (Loop run : List.of(fping, icmpj)) {
            assertThat(run.exitCode()).isZero();
            assertThat(run.lines())
                    .allMatch(line -> line.matches(
                            "127\\.0\\.0\\.[12] : \\[\\d+], 64 bytes, \\d+\\.\\d+ ms \\(\\d+\\.\\d+ avg, 0% loss\\)"));
            assertThat(run.lines())
                    .anyMatch(line -> line.startsWith("127.0.0.1 : [0], 64 bytes, "))
                    .anyMatch(line -> line.startsWith("127.0.0.2 : [2], 64 bytes, "));
            assertThat(run.err()).hasSize(3);
            assertThat(run.err().getFirst()).isEmpty();
            assertThat(run.err().get(1)).matches("127\\.0\\.0\\.1 : xmt/rcv/%loss = (\\d+)/\\1/0%, min/avg/max = .*");
        }
    }

    @Test
    void quietLoop_aReportEverySecondOnStandardError() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-loop", ".err");
        try (CliProcess loop = CliProcess.icmpjUnread(stderr, "multiping", "-l", "-Q", "1", "-p", "100", "127.0.0.1")) {
            // a report of a JVM slow to start on a busy machine may come before any request is decided
            // ("0/0/0%", as fping's): wait for one that counts replies
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (Files.readAllLines(stderr).stream().noneMatch(l -> l.contains("min/avg/max"))) {
                assertThat(System.nanoTime())
                        .as("a report with replies within 60 s")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            loop.signal("INT");

            assertThat(loop.waitFor(60)).isZero();
            List<String> lines = Files.readAllLines(stderr);
            assertThat(lines.get(0)).matches("\\[\\d{2}:\\d{2}:\\d{2}]");
            // each report a time line, then the target's counts since the last one: every request answered
            assertThat(lines.stream().filter(l -> !l.isEmpty() && !l.startsWith("[")))
                    .isNotEmpty()
                    .allMatch(l -> l.matches("127\\.0\\.0\\.1 : xmt/rcv/%loss = (\\d+)/\\1/0%(, min/avg/max = .*)?"));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** A loop's exit code, its lines before the signal and its standard error. */
    private record Loop(int exitCode, List<String> lines, List<String> err) {}

    private static Loop loop(List<String> command, int lines) throws Exception {
        Path stderr = Files.createTempFile("icmpj-loop", ".err");
        try (CliProcess process = CliProcess.command(stderr, command)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                String line = out.readLine();
                assertThat(line).as("line %d of %s", i, command).isNotNull();
                seen.add(line);
            }
            process.signal("INT");
            int exitCode = process.waitFor(60);
            return new Loop(exitCode, seen, Files.readAllLines(stderr));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static List<String> prepend(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
