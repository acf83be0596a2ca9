package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The raw-socket advice of {@link SocketPermissionException}, followed to the letter as a user would: on a
 * copy of the JDK (made with jlink), run as nobody, the refusal names the commands; after running them, the
 * same copy opens a raw socket as nobody. Without the loader step, setcap alone makes {@code java} fail to
 * start ({@code libjli.so}), which is why the advice has it.
 */
@Timeout(120)
class SetcapAdviceTest {
    private static final Pattern COMMANDS = Pattern.compile("grant the capability to the java binary with: (.+?) \\(");

    @Test
    void rawSocketAdvice_followedOnACopyOfTheJdk_letsNobodyOpenARawSocket() throws Exception {
        NetworkTests.requireRoot("setcap, /etc/ld.so.conf.d and switching to uid 65534");
        NetworkTests.requireCommand("setcap");
        NetworkTests.requireCommand("ldconfig");
        Path dir = Files.createTempDirectory("icmpj-jdk");
        Path conf = null;
        try (Nobody nobody = Nobody.withClassPath()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jdk = dir.resolve("jdk");
            Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
            ProcessRunner.check(
                    jlink.toString(), "--add-modules", "java.base", "--strip-debug", "--output", jdk.toString());
            Path java = jdk.resolve("bin").resolve("java");

            ProcessRunner.Result refused = ProcessRunner.run(probe(nobody, java));
            assertThat(refused.stdout()).startsWith("PRIVILEGED\tSocketPermissionException\t");
            Matcher matcher = COMMANDS.matcher(refused.stdout());
            assertThat(matcher.find()).as(refused.stdout()).isTrue();
            String commands = matcher.group(1);
            assertThat(commands).contains("setcap cap_net_raw+ep " + java.toRealPath(), jdk.toRealPath() + "/lib");
            conf = Path.of(commands.replaceFirst(".* tee (\\S+) .*", "$1"));
            assertThat(conf.toString()).startsWith("/etc/ld.so.conf.d/");

            // setcap alone: the loader ignores the launcher's relative library path
            ProcessRunner.check("setcap", "cap_net_raw+ep", java.toString());
            ProcessRunner.Result setcapOnly = ProcessRunner.run(probe(nobody, java));
            assertThat(setcapOnly.exitCode()).isNotZero();
            assertThat(setcapOnly.stderr()).contains("libjli.so");

            // the advice as printed, as root (here without sudo)
            ProcessRunner.check("bash", "-c", commands.replace("sudo ", ""));
            ProcessRunner.Result opened = ProcessRunner.run(probe(nobody, java));

            assertThat(opened.exitCode()).as(opened.stderr()).isZero();
            assertThat(opened.stdout().strip()).isEqualTo("PRIVILEGED\topened\tPRIVILEGED");
        } finally {
            if (conf != null && Files.deleteIfExists(conf)) {
                ProcessRunner.check("ldconfig");
            }
            deleteTree(dir);
        }
    }

    private static List<String> probe(Nobody nobody, Path java) {
        return nobody.command(java, List.of("--enable-native-access=ALL-UNNAMED"), OpenSocketProbe.class, "PRIVILEGED");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
