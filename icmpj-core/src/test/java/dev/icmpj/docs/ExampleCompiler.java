package dev.icmpj.docs;

import dev.icmpj.Icmp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles an {@link ExampleProgram} in this JVM ({@code javax.tools}) against icmpj-core's own classes, nothing
 * else, with the imports every example gets: {@code dev.icmpj.*}, {@code dev.icmpj.socket.*},
 * {@code dev.icmpj.packet.*}, {@code java.net.*}, {@code java.time.*}, {@code java.util.*} and
 * {@code java.util.concurrent.*}. Where one of icmpj's types has the simple name of a public type of those JDK
 * packages or of {@code java.lang} ({@code SocketOptions} is also {@code java.net.SocketOptions}), icmpj's is
 * imported by name, so that the example means icmpj's. Deprecated, removed, unchecked and raw uses are errors.
 *
 * <p>Thread-safe: a new compiler task per call.
 */
final class ExampleCompiler {
    private static final List<String> ICMPJ_PACKAGES = List.of("dev.icmpj", "dev.icmpj.socket", "dev.icmpj.packet");
    private static final List<String> JDK_PACKAGES =
            List.of("java.net", "java.time", "java.util", "java.util.concurrent");

    private final Path library;
    private final List<String> imports;

    private ExampleCompiler(Path library, List<String> imports) {
        this.library = library;
        this.imports = imports;
    }

    /**
     * The compiler for the icmpj-core classes this JVM runs: the directory (or jar) {@link Icmp} was loaded from.
     *
     * @return the compiler
     */
    static ExampleCompiler forThisLibrary() {
        try {
            Path library = Path.of(Icmp.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return new ExampleCompiler(library, imports(library));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where icmpj-core's classes are: the class path of a compiled example, and of its JVM. */
    Path library() {
        return library;
    }

    /** The import declarations every example gets. */
    List<String> imports() {
        return imports;
    }

    /**
     * Compiles a program into a directory.
     *
     * @param program the program
     * @param classes the output directory
     * @return what the compiler said, one entry per diagnostic, as {@code README.md:85: error: message} followed
     *     by the offending line; empty when it compiled without a warning
     */
    List<String> compile(ExampleProgram program, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: the tests need a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "-classpath",
                library.toString(),
                "-d",
                classes.toString(),
                "-proc:none",
                "-implicit:none",
                "-encoding",
                "UTF-8",
                "-Xlint:deprecation,removal,unchecked,rawtypes",
                "-Werror");
        boolean compiled = javac.getTask(null, null, diagnostics, options, null, List.of(new Source(program)))
                .call();
        List<String> problems = new ArrayList<>();
        List<String> sourceLines = program.source().lines().toList();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            long line = d.getLineNumber();
            String code = line >= 1 && line <= sourceLines.size()
                    ? sourceLines.get((int) line - 1).strip()
                    : "";
            problems.add(program.block().document() + ":" + program.documentLine(line) + ": "
                    + (d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning") + ": " + d.getMessage(Locale.ROOT)
                    + (code.isEmpty() ? "" : "\n    " + code));
        }
        if (!compiled && problems.isEmpty()) {
            problems.add(program.block() + ": the compiler failed without a diagnostic");
        }
        return problems;
    }

    /** The on-demand imports, and a single-type import for each of icmpj's types whose name the JDK's share. */
    private static List<String> imports(Path library) {
        List<String> imports = new ArrayList<>();
        Stream.concat(ICMPJ_PACKAGES.stream(), JDK_PACKAGES.stream())
                .map(p -> "import " + p + ".*;")
                .forEach(imports::add);
        for (String type : publicTypes(library)) {
            String simpleName = type.substring(type.lastIndexOf('.') + 1);
            boolean shared = Stream.concat(JDK_PACKAGES.stream(), Stream.of("java.lang"))
                    .anyMatch(p -> isPublicType(p + "." + simpleName));
            if (shared) {
                imports.add("import " + type + ";");
            }
        }
        return List.copyOf(imports);
    }

    /** The public top-level types of icmpj's exported packages, read from the library's class files. */
    private static Set<String> publicTypes(Path library) {
        Set<String> types = new TreeSet<>();
        for (String pkg : ICMPJ_PACKAGES) {
            Path dir = library.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(
                        "icmpj-core's classes are not a directory with " + pkg + ": " + library);
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.startsWith("package-info"))
                        .map(f -> pkg + "." + f.substring(0, f.length() - ".class".length()))
                        .filter(ExampleCompiler::isPublicType)
                        .forEach(types::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return types;
    }

    private static boolean isPublicType(String name) {
        try {
            return Modifier.isPublic(Class.forName(name, false, ExampleCompiler.class.getClassLoader())
                    .getModifiers());
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** A program's source, in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(ExampleProgram program) {
            super(URI.create("string:///" + program.fileName()), Kind.SOURCE);
            this.code = program.source();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
