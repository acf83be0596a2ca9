package dev.icmpj.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ```java-micrometer} block of docs/MICROMETER.md is a complete program: it compiles against this
 * module, Micrometer and icmpj-core, names no address but loopback, and runs to completion on loopback (as
 * root: ICMP sockets), printing what it says it prints.
 */
@Timeout(120)
class MicrometerDocExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("(?s)```java-micrometer\\n(.*?)```");
    private static final Pattern CLASS = Pattern.compile("public class (\\w+)");
    private static final Pattern IPV4 = Pattern.compile("\\b(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b");

    static Stream<String> examples() throws IOException {
        Path doc = root().resolve("docs/MICROMETER.md");
        Matcher m = BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(2);
        return out.stream();
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root above " + Path.of("").toAbsolutePath());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void example_compilesAndRunsOnLoopback(String code, @TempDir Path dir) throws Exception {
        Matcher literal = IPV4.matcher(code);
        while (literal.find()) {
            assertThat(literal.group(1))
                    .as("an IPv4 literal off loopback: %s", literal.group())
                    .isEqualTo("127");
        }
        Matcher name = CLASS.matcher(code);
        assertThat(name.find()).as("a public class").isTrue();
        Path source = dir.resolve(name.group(1) + ".java");
        Files.writeString(source, code);
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(
                null, null, null, "-classpath", classPath, "-d", dir.toString(), "-proc:none", source.toString());
        assertThat(compiled).as("javac of %s", source).isZero();

        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) || Boolean.getBoolean("icmpj.requireNetworkTests"),
                "running the examples needs ICMP sockets: root");
        Process p = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        dir + java.io.File.pathSeparator + classPath,
                        name.group(1))
                .redirectErrorStream(true)
                .start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).containsAnyOf("replies: 3.0", "requests: ");
    }
}
