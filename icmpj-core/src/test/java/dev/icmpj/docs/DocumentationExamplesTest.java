package dev.icmpj.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ```java} block of the repository's {@code README.md} and of {@code docs/**.md} names only loopback
 * addresses, compiles against icmpj-core, and runs on loopback, so that no documented example rots or sends a
 * packet off the machine of whoever pastes it. Whatever those files hold: each block is one case, named by its
 * file and line ({@code README.md:84}). See {@link ExampleProgram} for how a block becomes a program, and
 * docs/TESTING.md.
 *
 * <p>Running needs ICMP sockets and a network namespace: root, as for every network test (skipped otherwise,
 * a failure under {@code -Dicmpj.requireNetworkTests=true}).
 */
class DocumentationExamplesTest {
    /** A documented example is short: a ping of 4 requests 1 s apart is the longest one so far. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static final ExampleCompiler COMPILER = ExampleCompiler.forThisLibrary();

    /** The repository: {@code -Dicmpj.repositoryRoot} (set by the build), else the nearest parent with mvnw. */
    static Path repositoryRoot() {
        String configured = System.getProperty("icmpj.repositoryRoot");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }

    /** The documents: README.md and every .md file under docs/, in path order. */
    static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>();
        if (Files.isRegularFile(root.resolve("README.md"))) {
            documents.add(root.resolve("README.md"));
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.walk(docs)) {
                files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".md"))
                        .sorted()
                        .forEach(documents::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    static Stream<CodeBlock> examples() throws IOException {
        Path root = repositoryRoot();
        List<CodeBlock> blocks = new ArrayList<>();
        for (Path document : documents(root)) {
            String name = root.relativize(document).toString().replace('\\', '/');
            blocks.addAll(CodeBlocks.java(name, Files.readString(document, StandardCharsets.UTF_8)));
        }
        return blocks.stream();
    }

    @Test
    void documents_readmeAndDocsFound() {
        Path root = repositoryRoot();
        assertThat(documents(root))
                .as("documents under %s", root)
                .contains(root.resolve("README.md"), root.resolve("docs/TESTING.md"));
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("examples")
    void example_namesOnlyLoopbackAddresses(CodeBlock block) {
        assertThat(AddressLiterals.outsideLoopback(block.code()))
                .as(
                        "%s: addresses outside loopback (127.0.0.0/8, ::1): whoever pastes the example would send"
                                + " packets off their machine",
                        block)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("examples")
    void example_compilesAgainstTheLibrary(CodeBlock block, @TempDir Path classes) {
        ExampleProgram program = ExampleProgram.of(block, COMPILER.imports());

        assertThat(COMPILER.compile(program, classes))
                .as("%s does not compile; the program it became:%n%s", block, program.source())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("examples")
    void example_runsOnLoopback(CodeBlock block, @TempDir Path classes) throws Exception {
        NetworkTests.requireRoot("running the documentation's examples (ICMP sockets in a network namespace)");
        NetworkTests.requireCommand("ip");
        // never run an example that names an address off the machine, even inside the namespace
        assertThat(AddressLiterals.outsideLoopback(block.code()))
                .as("%s: addresses outside loopback", block)
                .isEmpty();
        ExampleProgram program = ExampleProgram.of(block, COMPILER.imports());
        assertThat(COMPILER.compile(program, classes))
                .as("%s does not compile", block)
                .isEmpty();

        ExampleRunner.Outcome outcome =
                new ExampleRunner(COMPILER.library(), hostsFile(), RUN_TIMEOUT).run(program, classes);

        System.out.printf("%s printed:%n%s", block, outcome.stdout());
        assertThat(outcome.timedOut())
                .as("%s did not end within %s; its threads:%n%s", block, RUN_TIMEOUT, outcome.stdout())
                .isFalse();
        assertThat(outcome.exitCode())
                .as("%s failed (exit %d):%n%s", block, outcome.exitCode(), outcome.stderr())
                .isZero();
    }

    /** The test JVM's own hosts file, else the repository's: examples never ask a resolver off the machine. */
    private static Path hostsFile() {
        String configured = System.getProperty("jdk.net.hosts.file");
        return configured != null ? Path.of(configured) : repositoryRoot().resolve("scripts/test-hosts");
    }
}
