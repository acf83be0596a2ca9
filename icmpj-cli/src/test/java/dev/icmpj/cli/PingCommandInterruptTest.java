package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C on a real {@code icmpj ping} process: SIGINT prints what iputils prints, the statistics of what was
 * sent and decided so far, or with {@code --json} the JSON of it, and exits 0 after a reply.
 */
@Timeout(120)
class PingCommandInterruptTest {

    @Test
    void sigint_afterTwoReplies_printsTheStatisticsOfWhatWasSent() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-interrupt", ".err");
        Process ping = start(stderr, "ping", "-c", "1000", "-i", "0.2", "127.0.0.1");
        try {
            BlockingQueue<String> lines = collect(ping);
            List<String> seen = new ArrayList<>();
            while (seen.stream().filter(l -> l.startsWith("64 bytes from")).count() < 2) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line)
                        .as("output so far: %s, stderr: %s", seen, Files.readString(stderr))
                        .isNotNull()
                        .isNotEqualTo(END);
                seen.add(line);
            }
            interrupt(ping);
            for (String line = lines.poll(60, TimeUnit.SECONDS);
                    line != null && !line.equals(END);
                    line = lines.poll(60, TimeUnit.SECONDS)) {
                seen.add(line);
            }

            assertThat(ping.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ping.exitValue()).isZero();
            assertThat(seen).contains("--- 127.0.0.1 ping statistics ---");
            String packets = seen.get(seen.indexOf("--- 127.0.0.1 ping statistics ---") + 1);
            // two replies were read; the requests sent by the time the signal came count, answered or not
            assertThat(packets).matches("(\\d+) packets transmitted, (\\d+) received, .*% packet loss, time \\d+ms");
            int sent = Integer.parseInt(packets.split(" ")[0]);
            int received = Integer.parseInt(packets.split(" ")[3]);
            assertThat(received).isGreaterThanOrEqualTo(2);
            assertThat(sent).isBetween(received, received + 1);
        } finally {
            ping.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void sigint_inJsonMode_printsTheJsonOfWhatWasDecided() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-interrupt", ".err");
        Process ping = start(stderr, "ping", "--json", "-c", "1000", "-i", "0.1", "127.0.0.1");
        try {
            BlockingQueue<String> lines = collect(ping);
            awaitIcmpSocket(ping);
            // the first request leaves right after the socket opens and is answered in microseconds; 2 s (20
            // requests) leave room for a JVM that a busy machine holds up before it sends
            Thread.sleep(2000);
            interrupt(ping);
            String json = lines.poll(60, TimeUnit.SECONDS);

            assertThat(json).as("stderr: %s", Files.readString(stderr)).isNotNull();
            assertThat(ping.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ping.exitValue()).isZero();
            assertThat(json)
                    .startsWith("{\"address\":\"127.0.0.1\",\"packets_sent\":")
                    .endsWith("}");
            assertThat(json).containsPattern("\"packets_received\":[1-9]").contains("\"is_alive\":true");
        } finally {
            ping.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    /** Marks the end of a process's output in {@link #collect}. */
    private static final String END = "\u0000end";

    /** Reads a process's output lines on a thread of their own, so that a test waits for them with a bound. */
    private static BlockingQueue<String> collect(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = reader(process)) {
                out.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException closed) {
                // the process ended
            }
            lines.add(END);
        });
        return lines;
    }

    /** Runs the CLI's main class in a JVM of its own, on this JVM's class path, with SIGINT at its default. */
    private static Process start(Path stderr, String... args) throws IOException {
        // a background job of a non-interactive shell (a CI runner, a script with '&') starts with SIGINT
        // ignored, and exec keeps it ignored, so the JVM would never see the signal: reset it, as a terminal has it
        List<String> command = new ArrayList<>(List.of(
                "env",
                "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void interrupt(Process process) {
        ProcessRunner.check("kill", "-INT", Long.toString(process.pid()));
    }

    /** Waits until the process has an ICMP socket open: its ping has started. */
    private static void awaitIcmpSocket(Process process) throws Exception {
        CliProcess.awaitIcmpSocket(process.pid());
    }
}
