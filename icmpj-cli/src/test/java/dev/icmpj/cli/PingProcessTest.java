package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProcessRunner;
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
 * {@code icmpj ping} as a process, beside iputils ping: a reader that goes away, a full disk, no {@code -c},
 * signals, and the rules for users other than root. Loopback only.
 */
@Timeout(120)
class PingProcessTest {

    @Test
    void brokenPipe_endsAtTheNextWriteWithSigpipesStatus_asIputils() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-pipe", ".err");
        try {
            int icmpj = readTwoLinesThenClose(CliProcess.icmpjCommand("ping", "-i", "0.2", "127.0.0.1"), stderr);
            NetworkTests.requireCommand("ping");
            int iputils = readTwoLinesThenClose(List.of("ping", "-i", "0.2", "127.0.0.1"), stderr);

            // the shell's $? for a process killed by SIGPIPE (128 + 13)
            assertThat(iputils).as("iputils, for reference").isEqualTo(141);
            assertThat(icmpj).isEqualTo(141);
            assertThat(Files.readString(stderr))
                    .as("no word when the reader went away")
                    .isEmpty();
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Reads two lines of the command's output, closes the pipe, and returns its exit code (within 10 s). */
    private static int readTwoLinesThenClose(List<String> command, Path stderr) throws Exception {
        try (CliProcess process = CliProcess.command(stderr, command)) {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("PING 127.0.0.1");
            assertThat(out.readLine()).startsWith("64 bytes from 127.0.0.1");
            out.close();
            long closed = System.nanoTime();
            int exitCode = process.waitFor(30);
            // the next reply is due 0.2 s later: its write meets the closed pipe
            assertThat((System.nanoTime() - closed) / 1_000_000).isLessThan(10_000);
            return exitCode;
        }
    }

    @Test
    void fullDisk_writeErrorAndExit1_asIputils() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        NetworkTests.requireCommand("ping");
        Path full = Path.of("/dev/full");

        ProcessRunner.Result icmpj =
                CliProcess.runInto(full, CliProcess.icmpjCommand("ping", "-c", "2", "-i", "0.2", "127.0.0.1"));
        ProcessRunner.Result iputils = CliProcess.runInto(full, List.of("ping", "-c", "2", "-i", "0.2", "127.0.0.1"));

        assertThat(iputils.exitCode()).as("iputils, for reference").isEqualTo(1);
        assertThat(iputils.stderr()).startsWith("ping: write error");
        assertThat(icmpj.exitCode()).isEqualTo(1);
        assertThat(icmpj.stderr().lines().toList())
                .containsExactly("icmpj: ping: write error: No space left on device");
    }

    @Test
    void noCount_runsUntilSigint_thenTheStatisticsAndExit0() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-sigint", ".err");
        try (CliProcess ping = CliProcess.icmpj(stderr, "ping", "-i", "0.1", "127.0.0.1")) {
            List<String> seen = readUntilReplies(ping, 5);

            ping.signal("INT");
            seen.addAll(readToEnd(ping));

            assertThat(ping.waitFor(60)).isZero();
            int statistics = seen.indexOf("--- 127.0.0.1 ping statistics ---");
            assertThat(statistics).as("%s", seen).isPositive();
            assertThat(seen.get(statistics + 1))
                    .matches("(\\d+) packets transmitted, (\\d+) received, .*% packet loss, time \\d+ms");
            assertThat(Integer.parseInt(seen.get(statistics + 1).split(" ")[3])).isGreaterThanOrEqualTo(5);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void sigterm_printsTheStatisticsAsSigintDoes() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-sigterm", ".err");
        try (CliProcess ping = CliProcess.icmpj(stderr, "ping", "-i", "0.1", "127.0.0.1")) {
            List<String> seen = readUntilReplies(ping, 2);

            ping.signal("TERM");
            seen.addAll(readToEnd(ping));

            assertThat(ping.waitFor(60)).isZero();
            assertThat(seen).contains("--- 127.0.0.1 ping statistics ---");
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void sigquit_threadDumpOnStderr_standardOutputCleanAndTheRunGoesOn() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        // the launcher passes the flag that sends the JVM's own output to stderr (CliProcess passes it too)
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("icmpj");
        assertThat(Files.readAllLines(launcher))
                .anyMatch(line -> line.startsWith("jvm_flags=(") && line.contains("-XX:+DisplayVMOutputToStderr"));
        Path stderr = Files.createTempFile("icmpj-sigquit", ".err");
        try (CliProcess ping = CliProcess.icmpj(stderr, "ping", "-i", "0.1", "127.0.0.1")) {
            List<String> seen = readUntilReplies(ping, 2);

            // iputils prints a status line on stderr and goes on; the JVM keeps SIGQUIT for its thread dump
            ping.signal("QUIT");
            int before = (int) seen.stream()
                    .filter(line -> line.startsWith("64 bytes from"))
                    .count();
            seen.addAll(readUntilReplies(ping, 3));
            ping.signal("INT");
            seen.addAll(readToEnd(ping));

            assertThat(ping.waitFor(60)).isZero();
            assertThat(seen.stream()
                            .filter(line -> line.startsWith("64 bytes from"))
                            .count())
                    .isGreaterThanOrEqualTo(before + 3);
            assertThat(seen).noneMatch(line -> line.contains("thread dump") || line.startsWith("\""));
            assertThat(seen).contains("--- 127.0.0.1 ping statistics ---");
            assertThat(Files.readString(stderr)).contains("Full thread dump");
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void sighup_diesSilentlyWith129AsIputils() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        Path stderr = Files.createTempFile("icmpj-sighup", ".err");
        try (CliProcess ping = CliProcess.icmpj(stderr, "ping", "-i", "0.1", "127.0.0.1")) {
            List<String> seen = readUntilReplies(ping, 2);

            // iputils 20221126 has no handler for SIGHUP: it dies at once, no statistics, 129 in a shell
            ping.signal("HUP");
            seen.addAll(readToEnd(ping));

            assertThat(ping.waitFor(60)).isEqualTo(128 + 1);
            assertThat(seen).noneMatch(line -> line.contains("statistics") || line.contains("packets transmitted"));
            assertThat(Files.readString(stderr)).isEmpty();
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void userOtherThanRoot_intervalUnder2msRefusedWithIputilsWords() throws Exception {
        NetworkTests.requireRoot("running a command as nobody");
        NetworkTests.requireCommand("setpriv");
        List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        try (Nobody nobody = Nobody.withClassPath()) {
            for (String[] args : List.of(
                    new String[] {"ping", "-c", "1", "-i", "0.001", "127.0.0.1"},
                    new String[] {"ping", "-c", "1", "-f", "127.0.0.1"})) {
                ProcessRunner.Result icmpj = ProcessRunner.run(nobody.command(
                        Nobody.currentJava(), List.of("--enable-native-access=ALL-UNNAMED"), Main.class, args));
                List<String> iputilsCommand = new ArrayList<>(asNobody);
                iputilsCommand.addAll(List.of(args));
                ProcessRunner.Result iputils = PeerTool.run(null, iputilsCommand.toArray(String[]::new));

                assertThat(iputils.stderr().strip())
                        .as("iputils, for reference")
                        .isEqualTo("ping: cannot flood; minimal interval allowed for user is 2ms");
                assertThat(icmpj.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(2);
                assertThat(icmpj.stderr().strip())
                        .isEqualTo("icmpj: ping: cannot flood; minimal interval allowed for user is 2ms");
            }
        }
    }

    @Test
    void quiet_aProgressLineOnATerminalsStderrOnly() throws Exception {
        NetworkTests.requireRoot("pinging loopback with a raw socket");
        NetworkTests.requireCommand("script");
        Path typescript = Files.createTempFile("icmpj-terminal", ".out");
        try {
            // script(1) runs the command on a pseudo-terminal: its stderr is a terminal there
            String command =
                    String.join(" ", CliProcess.icmpjCommand("ping", "-q", "-c", "4", "-i", "0.3", "127.0.0.1"));
            ProcessRunner.Result onTerminal =
                    ProcessRunner.run(List.of("script", "-q", "-e", "-c", command, typescript.toString()));
            ProcessRunner.Result inPipe =
                    ProcessRunner.run(CliProcess.icmpjCommand("ping", "-q", "-c", "4", "-i", "0.3", "127.0.0.1"));
            String terminal = Files.readString(typescript);

            assertThat(onTerminal.exitCode()).isZero();
            assertThat(terminal).containsPattern("\r\\d+ packets transmitted, \\d+ received\u001b\\[K");
            assertThat(terminal).contains("4 packets transmitted, 4 received, 0% packet loss");
            assertThat(inPipe.exitCode()).isZero();
            assertThat(inPipe.stderr()).isEmpty();
            assertThat(inPipe.stdout()).doesNotContain("\r").doesNotContain("\u001b");
        } finally {
            Files.deleteIfExists(typescript);
        }
    }

    private static List<String> readUntilReplies(CliProcess process, int replies) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        while (seen.stream().filter(l -> l.startsWith("64 bytes from")).count() < replies) {
            String line = process.nextLine(60);
            assertThat(line).as("output so far: %s", seen).isNotNull().isNotEqualTo(CliProcess.END);
            seen.add(line);
        }
        return seen;
    }

    private static List<String> readToEnd(CliProcess process) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (String line = process.nextLine(60);
                line != null && !line.equals(CliProcess.END);
                line = process.nextLine(60)) {
            seen.add(line);
        }
        return seen;
    }
}
