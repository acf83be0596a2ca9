package dev.icmpj.cli.launch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the classes of a jar compiled for Java 5 or older (class file version below 50) as Java 8
 * class files (version 52) with stack map frames, leaving their code unchanged.
 *
 * <p>Why: the JDK's AOT cache (JEP 483) does not store "old" classes, those verified by the old type
 * inference verifier. picocli ships as Java 5 class files, so without this every start of the CLI loads,
 * verifies and links picocli from scratch. The {@code ./icmpj} launcher runs this on its copy of the
 * picocli jar (under {@code icmpj-cli/target/lib}) before it records the AOT cache, which then holds
 * picocli too.
 *
 * <p>Idempotent: a jar without old classes is left untouched. Usage:
 * {@code java -cp icmpj-cli.jar dev.icmpj.cli.launch.ClassVersionUpgrader JAR...}
 *
 * <p>Stateless; run from the command line only.
 */
public final class ClassVersionUpgrader {
    private static final int FIRST_MODERN_VERSION = ClassFile.JAVA_6_VERSION;

    private ClassVersionUpgrader() {}

    /**
     * Upgrades each jar in place.
     *
     * @param args the jars
     * @throws IOException when a jar cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            upgrade(Path.of(jar));
        }
    }

    /**
     * Upgrades the old classes of one jar in place, through a temporary file in the same directory.
     *
     * @param jar the jar
     * @return whether the jar had old classes and was rewritten
     * @throws IOException when the jar cannot be read or written
     */
    public static boolean upgrade(Path jar) throws IOException {
        if (!hasOldClasses(jar)) {
            return false;
        }
        Path upgraded = Files.createTempFile(
                jar.toAbsolutePath().getParent(), jar.getFileName().toString(), ".tmp");
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            ClassFile classFile = ClassFile.of(
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (isOldClass(entry, bytes)) {
                    bytes = upgrade(classFile, bytes);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(upgraded);
            throw e;
        }
        // the temporary file is created 0600; the rewritten jar keeps the original's mode, so that other users
        // of a checkout built by its owner can still load it
        Files.setPosixFilePermissions(upgraded, Files.getPosixFilePermissions(jar));
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Rebuilds every method body, so that stack maps are generated, and stamps version 52. */
    private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
        ClassModel model = classFile.parse(bytes);
        ClassTransform rebuildCode = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL);
        ClassTransform stampVersion = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(ClassFile.JAVA_8_VERSION, 0);
            } else {
                builder.with(element);
            }
        };
        return classFile.transformClass(model, rebuildCode.andThen(stampVersion));
    }

    private static boolean hasOldClasses(Path jar) throws IOException {
        try (InputStream file = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(file)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith(".class") && isOldClass(entry, in.readNBytes(8))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A class file's major version is the big-endian unsigned short at offset 6. */
    private static boolean isOldClass(ZipEntry entry, byte[] bytes) {
        if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class") || bytes.length < 8) {
            return false;
        }
        int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
        return major < FIRST_MODERN_VERSION;
    }
}
