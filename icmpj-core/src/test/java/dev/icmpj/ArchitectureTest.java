package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of DESIGN.md, checked on the compiled classes' constant pools. */
class ArchitectureTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern TYPE_NAME = Pattern.compile("(?:java|javax|jdk|sun|dev|org|com)/[A-Za-z0-9_/$]+");

    /** Internal class name (e.g. dev/icmpj/socket/IcmpSocket) to the type names its constant pool mentions. */
    private static Map<String, Set<String>> references;

    @BeforeAll
    static void readClasses() throws IOException {
        references = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                if (file.getFileName().toString().equals("module-info.class")) {
                    continue;
                }
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
                Set<String> names = new TreeSet<>();
                for (PoolEntry entry : model.constantPool()) {
                    if (entry instanceof ClassEntry c) {
                        String name = c.asInternalName().replaceFirst("^\\[+", "");
                        if (!c.asInternalName().startsWith("[")) {
                            names.add(name);
                        } else if (name.startsWith("L")) {
                            names.add(name.substring(1, name.length() - 1));
                        }
                    } else if (entry instanceof Utf8Entry u) {
                        Matcher m = TYPE_NAME.matcher(u.stringValue());
                        while (m.find()) {
                            names.add(m.group());
                        }
                    }
                }
                references.put(model.thisClass().asInternalName(), names);
            }
        }
        assertThat(references)
                .as("compiled classes under " + CLASSES.toAbsolutePath())
                .isNotEmpty();
    }

    private static Map<String, Set<String>> violations(String packagePrefix, Predicate<String> forbidden) {
        return references.entrySet().stream()
                .filter(e -> e.getKey().startsWith(packagePrefix))
                .map(e -> Map.entry(
                        e.getKey(),
                        e.getValue().stream().filter(forbidden).collect(Collectors.toCollection(TreeSet::new))))
                .filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @Test
    void moduleInfo_exportsExactlyTheThreePublicPackages() throws IOException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertThat(descriptor.name()).isEqualTo("dev.icmpj");
        assertThat(descriptor.exports()).allMatch(e -> !e.isQualified());
        assertThat(descriptor.exports())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.icmpj", "dev.icmpj.socket", "dev.icmpj.packet");
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.requires())
                .extracting(ModuleDescriptor.Requires::name)
                .containsOnly("java.base");
    }

    @Test
    void javaLangForeign_referencedOnlyInInternalLinux() {
        assertThat(violations("", name -> name.startsWith("java/lang/foreign/")).keySet())
                .allMatch(cls -> cls.startsWith("dev/icmpj/internal/linux/"));
        assertThat(violations("dev/icmpj/internal/linux/", name -> name.startsWith("java/lang/foreign/")))
                .as("the scan sees the foreign API where it is used")
                .isNotEmpty();
    }

    @Test
    void packetPackage_referencesOnlyJavaAndItself() {
        assertThat(violations(
                        "dev/icmpj/packet/",
                        name -> !name.startsWith("java/") && !name.startsWith("dev/icmpj/packet/")))
                .isEmpty();
        assertThat(violations(
                        "dev/icmpj/packet/",
                        name -> name.startsWith("java/lang/foreign/")
                                || name.startsWith("java/io/File")
                                || name.startsWith("java/nio/channels/")
                                || name.startsWith("java/util/concurrent/")))
                .isEmpty();
    }

    /**
     * Which packages of the module each package may use, besides itself and {@code java.*}: the layering is
     * one-way, packet at the bottom, then the native layer and the transport types (what sockets and engine
     * exchange), the sockets, the engine, and the entry points.
     */
    private static final Map<String, Set<String>> ALLOWED_DEPENDENCIES = Map.of(
            "dev/icmpj/packet", Set.of(),
            "dev/icmpj/internal/linux", Set.of("dev/icmpj/packet"),
            "dev/icmpj/internal/transport", Set.of("dev/icmpj/packet"),
            "dev/icmpj/socket", Set.of("dev/icmpj/packet", "dev/icmpj/internal/linux", "dev/icmpj/internal/transport"),
            "dev/icmpj/internal/engine", Set.of("dev/icmpj/packet", "dev/icmpj/socket", "dev/icmpj/internal/transport"),
            "dev/icmpj",
                    Set.of(
                            "dev/icmpj/packet",
                            "dev/icmpj/socket",
                            "dev/icmpj/internal/transport",
                            "dev/icmpj/internal/engine"));

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/'));
    }

    @Test
    void everyPackage_usesOnlyThePackagesBelowIt() {
        Set<String> packages =
                references.keySet().stream().map(ArchitectureTest::packageOf).collect(Collectors.toSet());
        assertThat(ALLOWED_DEPENDENCIES.keySet()).as("every package has a rule").containsAll(packages);
        Map<String, Set<String>> violations = new TreeMap<>();
        references.forEach((cls, names) -> {
            String own = packageOf(cls);
            Set<String> allowed = ALLOWED_DEPENDENCIES.get(own);
            Set<String> bad = names.stream()
                    .filter(name -> name.startsWith("dev/icmpj/"))
                    .filter(name -> !packageOf(name).equals(own) && !allowed.contains(packageOf(name)))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!bad.isEmpty()) {
                violations.put(cls, bad);
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void corePackages_referenceNothingOutsideJavaBaseAndTheModule() {
        List<String> allowed = List.of("java/", "dev/icmpj/", "jdk/internal/");
        assertThat(violations("dev/icmpj/", name -> allowed.stream().noneMatch(name::startsWith)))
                .isEmpty();
    }
}
