package dev.icmpj.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClassVersionUpgraderTest {

    @Test
    void upgrade_picocliBecomesJava8AndStillWorks(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(picocliJar(), dir.resolve("picocli.jar"));
        assertThat(lowestClassVersion(jar)).isLessThan(50);

        assertThat(ClassVersionUpgrader.upgrade(jar)).isTrue();

        assertThat(lowestClassVersion(jar)).isEqualTo(52);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(jar);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            // initialising verifies the rewritten bytecode, stack maps included
            Class<?> commandLine = Class.forName("picocli.CommandLine", true, loader);
            assertThat(commandLine.getClassLoader()).isSameAs(loader);
            Class.forName("picocli.CommandLine$Model$CommandSpec", true, loader);
        }
    }

    @Test
    void upgrade_keepsTheJarsModeSoOtherUsersCanReadIt(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(picocliJar(), dir.resolve("picocli.jar"));
        Set<PosixFilePermission> worldReadable = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(jar, worldReadable);

        assertThat(ClassVersionUpgrader.upgrade(jar)).isTrue();

        assertThat(Files.getPosixFilePermissions(jar)).isEqualTo(worldReadable);
    }

    @Test
    void upgrade_modernJarIsLeftUntouched(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(picocliJar(), dir.resolve("picocli.jar"));
        ClassVersionUpgrader.upgrade(jar);
        byte[] once = Files.readAllBytes(jar);

        assertThat(ClassVersionUpgrader.upgrade(jar)).isFalse();
        assertThat(Files.readAllBytes(jar)).isEqualTo(once);
    }

    private static Path picocliJar() throws URISyntaxException {
        return Path.of(CommandLine.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    private static int lowestClassVersion(Path jar) throws IOException {
        int lowest = Integer.MAX_VALUE;
        try (InputStream file = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    byte[] header = in.readNBytes(8);
                    lowest = Math.min(lowest, ((header[6] & 0xff) << 8) | (header[7] & 0xff));
                }
            }
        }
        return lowest;
    }
}
