package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code icmpj multiping} as a process, beside fping: lines that stream out as they are decided, what Ctrl-C
 * and SIGTERM print, stdout and stderr in order on one pipe, and a reader that goes away. Loopback only.
 */
@Timeout(120)
class MultipingProcessTest {

    @Test
    void output_streams_theFirstLineLongBeforeTheSweepEnds() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-stream", ".err");
        // 1,022 targets at fping's 10 ms apart: about 10 s of sweep
        try (CliProcess sweep = CliProcess.icmpj(stderr, "multiping", "-g", "127.1.0.0/22")) {
            String first = sweep.nextLine(60);

            assertThat(first).isEqualTo("127.1.0.1 is alive");
            assertThat(sweep.isAlive())
                    .as("the line came while the sweep still ran")
                    .isTrue();
            sweep.signal("INT");
            assertThat(sweep.waitFor(60))
                    .as("Ctrl-C: some targets were not pinged, fping's 1")
                    .isEqualTo(1);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void sigint_inCountMode_thePerTargetSummariesAsFping() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        // a timeout of a second: on a loaded machine a loopback reply can take longer than the period
        String[] args = {"-c", "1000", "-p", "100", "-t", "1000", "127.0.0.1", "127.0.0.2"};

        List<String> icmpj = interruptAfterLines("INT", 4, CliProcess.icmpjCommand(multiping(args)));
        NetworkTests.requireCommand("fping");
        List<String> fping = interruptAfterLines("INT", 4, fping(args));

        for (List<String> summary : List.of(fping, icmpj)) {
            assertThat(summary.getFirst()).isEqualTo("exit 0");
            assertThat(summary.subList(1, summary.size()))
                    .as("%s", summary)
                    .hasSize(3)
                    .satisfies(lines -> assertThat(lines.get(0)).isEmpty())
                    .satisfies(lines -> assertThat(lines.get(1))
                            .matches("127\\.0\\.0\\.1 : xmt/rcv/%loss = (\\d+)/\\1/0%, min/avg/max = [0-9./]+"))
                    .satisfies(lines -> assertThat(lines.get(2)).startsWith("127.0.0.2 : xmt/rcv/%loss = "));
        }
    }

    @Test
    void sigterm_inCountMode_printsTheSummariesToo() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        List<String> icmpj = interruptAfterLines(
                "TERM", 2, CliProcess.icmpjCommand("multiping", "-c", "1000", "-p", "100", "127.0.0.1"));

        assertThat(icmpj.getFirst()).isEqualTo("exit 0");
        assertThat(icmpj.getLast()).startsWith("127.0.0.1 : xmt/rcv/%loss = ");
    }

    @Test
    void sighup_inLoopMode_diesSilentlyWith129AsFping() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");

        // fping 5.1 -l has no handler for SIGHUP: it dies at once, no summaries, 129 in a shell
        List<String> icmpj =
                interruptAfterLines("HUP", 2, CliProcess.icmpjCommand("multiping", "-l", "-p", "100", "127.0.0.1"));

        assertThat(icmpj).containsExactly("exit 129");
    }

    /**
     * Starts a command, reads {@code lines} lines of its standard output, sends it a signal, and returns
     * {@code exit N} followed by its standard error.
     */
    private static List<String> interruptAfterLines(String signal, int lines, List<String> command) throws Exception {
        Path stderr = Files.createTempFile("icmpj-signal", ".err");
        try (CliProcess process = CliProcess.command(stderr, command)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            for (int i = 0; i < lines; i++) {
                assertThat(out.readLine()).as("line %d of %s", i, command).isNotNull();
            }
            process.signal(signal);
            int exitCode = process.waitFor(60);
            List<String> result = new ArrayList<>(List.of("exit " + exitCode));
            result.addAll(Files.readAllLines(stderr));
            return result;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void statisticsOnOnePipe_afterTheUnreachableLinesAsFping() throws Exception {
        try (NetworkNamespace ns = TestNamespaces.withInputRules("ip saddr 127.0.0.3 icmp type echo-reply drop")) {
            String[] args = {"-s", "-t", "50", "-r", "0", "127.0.0.1", "127.0.0.3"};

            List<String> icmpj = merged(ns, CliProcess.icmpjCommand(multiping(args)));
            List<String> fping = merged(ns, fping(args));

            assertThat(fping.subList(0, 3))
                    .as("fping, for reference")
                    .containsExactly("127.0.0.1 is alive", "127.0.0.3 is unreachable", "");
            assertThat(icmpj.subList(0, 4))
                    .containsExactly("127.0.0.1 is alive", "127.0.0.3 is unreachable", "", "       2 targets");
        }
    }

    /** Runs a command in a namespace with standard error on the same pipe as standard output (2>&1). */
    private static List<String> merged(NetworkNamespace ns, List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        process.getOutputStream().close();
        List<String> lines;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return lines;
    }

    @Test
    void brokenPipe_endsTheRunWithSigpipesStatus() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-pipe", ".err");
        try (CliProcess process = CliProcess.icmpjUnread(stderr, "multiping", "-c", "1000", "-p", "100", "127.0.0.1")) {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("127.0.0.1 : [0], 64 bytes");
            out.close();

            assertThat(process.waitFor(30)).isEqualTo(141);
            assertThat(Files.readString(stderr)).isEmpty();
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static String[] multiping(String... args) {
        List<String> all = new ArrayList<>(List.of("multiping"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static List<String> fping(String... args) {
        List<String> all = new ArrayList<>(List.of("fping"));
        all.addAll(List.of(args));
        return all;
    }
}
