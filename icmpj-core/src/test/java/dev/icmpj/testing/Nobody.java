package dev.icmpj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a Java main class as nobody (uid and gid 65534, no supplementary groups, no capabilities), wherever
 * the checkout lies: the test JVM's class path is copied to a directory every user can read, because a
 * checkout under {@code /root} or {@code mktemp -d} (mode 0700) is closed to nobody. Root only. Close it to
 * delete the copy.
 *
 * <p>Not thread-safe.
 */
public final class Nobody implements AutoCloseable {
    private final Path root;
    private final String classPath;

    private Nobody(Path root, String classPath) {
        this.root = root;
        this.classPath = classPath;
    }

    /**
     * Copies the directories and jars of this JVM's class path to a world-readable temporary directory.
     *
     * @return the copy
     */
    public static Nobody withClassPath() {
        try {
            Path root = Files.createTempDirectory("icmpj-nobody");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(":")) {
                Path source = Path.of(entry);
                if (!Files.exists(source)) {
                    continue;
                }
                Path target = root.resolve(i++ + (Files.isDirectory(source) ? "" : ".jar"));
                copyReadable(source, target);
                entries.add(target.toString());
            }
            return new Nobody(root, String.join(":", entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /**
     * Returns the command that runs a main class as nobody with this class path.
     *
     * @param java the java launcher to use
     * @param jvmOptions options before the class name
     * @param mainClass the class
     * @param args its arguments
     * @return {@code setpriv ... java -cp ... mainClass args}
     */
    public List<String> command(Path java, List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java.toString(), "-cp", classPath));
        command.addAll(command.size() - 2, jvmOptions);
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The java launcher of this JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Deletes the copy. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
