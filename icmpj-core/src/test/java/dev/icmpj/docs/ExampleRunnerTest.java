package dev.icmpj.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on small programs of its own: root only (a network namespace per run). */
class ExampleRunnerTest {
    private static final ExampleCompiler COMPILER = ExampleCompiler.forThisLibrary();

    @TempDir
    Path classes;

    @BeforeEach
    void gate() {
        NetworkTests.requireRoot("running examples in a network namespace");
        NetworkTests.requireCommand("ip");
    }

    private ExampleRunner.Outcome run(String code, Duration timeout) throws Exception {
        ExampleProgram program = ExampleProgram.of(new CodeBlock("docs/T.md", 30, code), COMPILER.imports());
        assertThat(COMPILER.compile(program, classes)).isEmpty();
        Path hosts = Path.of(System.getProperty("jdk.net.hosts.file", "../scripts/test-hosts"));
        return new ExampleRunner(COMPILER.library(), hosts, timeout).run(program, classes);
    }

    @Test
    void run_pingOfLoopback_printsAndExitsZero() throws Exception {
        ExampleRunner.Outcome outcome = run("""
                Host h = Icmp.ping("::1", PingOptions.builder().count(2).interval(Duration.ofMillis(10)).build());
                System.out.println(h.packetsReceived() + " " + InetAddress.getByName("icmpj-test-v4").getHostAddress());
                """, Duration.ofSeconds(60));

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout()).isEqualTo("2 127.0.0.1\n");
    }

    @Test
    void run_exception_nonZeroExitAndTheStackTracePointsAtTheDocument() throws Exception {
        ExampleRunner.Outcome outcome = run("""
                int answer = 42;
                throw new IllegalStateException("example failed: " + answer);
                """, Duration.ofSeconds(60));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stderr())
                .contains("java.lang.IllegalStateException: example failed: 42")
                .contains("at DocumentationExample.main(docs/T.md:31)");
    }

    @Test
    void run_insideANamespaceWithOnlyLoopback() throws Exception {
        // so that an address the text check missed has no route off the machine
        ExampleRunner.Outcome outcome = run("""
                List<String> names = new ArrayList<>();
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    names.add(nic.getName() + (nic.isUp() ? " up" : " down"));
                }
                System.out.println(names);
                """, Duration.ofSeconds(60));

        assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
        assertThat(outcome.stdout()).isEqualTo("[lo up]\n");
    }

    @Test
    void run_neverEnds_killedAtItsTimeoutWithAThreadDump() throws Exception {
        ExampleRunner.Outcome outcome = run("""
                new CountDownLatch(1).await();
                """, Duration.ofSeconds(3));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.stdout())
                .contains("Full thread dump")
                .contains("at DocumentationExample.main(docs/T.md:30)");
    }
}
