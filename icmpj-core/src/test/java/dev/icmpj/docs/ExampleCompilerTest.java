package dev.icmpj.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleCompilerTest {
    private static final ExampleCompiler COMPILER = ExampleCompiler.forThisLibrary();

    private static ExampleProgram program(String code) {
        return ExampleProgram.of(new CodeBlock("docs/T.md", 11, code), COMPILER.imports());
    }

    @Test
    void imports_theUsualPackagesAndIcmpjsSocketOptionsByName() {
        assertThat(COMPILER.imports())
                .contains(
                        "import dev.icmpj.*;",
                        "import dev.icmpj.socket.*;",
                        "import dev.icmpj.packet.*;",
                        "import java.net.*;",
                        "import java.time.*;",
                        "import java.util.*;",
                        "import java.util.concurrent.*;",
                        // java.net.SocketOptions would make the simple name ambiguous
                        "import dev.icmpj.socket.SocketOptions;");
    }

    @Test
    void compile_statementsUsingTheLibrary_classFileWritten(@TempDir Path classes) {
        ExampleProgram program = program("""
                SocketOptions options = SocketOptions.builder(Family.IPV4).build();
                Duration wait = Duration.ofMillis(10);
                System.out.println(options + " " + wait + " " + List.of(1));
                """);

        assertThat(COMPILER.compile(program, classes)).isEmpty();
        assertThat(classes.resolve("DocumentationExample.class")).isRegularFile();
    }

    @Test
    void compile_undeclaredVariable_namesTheDocumentLineAndTheCode(@TempDir Path classes) throws Exception {
        ExampleProgram program = program("""
                Host h = Icmp.ping("127.0.0.1");
                System.out.println(targets);
                """);

        assertThat(COMPILER.compile(program, classes))
                .singleElement()
                .asString()
                .startsWith("docs/T.md:12: error: cannot find symbol")
                .endsWith("\n    System.out.println(targets);");
        try (var written = Files.list(classes)) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void compile_deprecatedApi_isAnError(@TempDir Path classes) {
        ExampleProgram program = program("Integer boxed = new Integer(5);\n");

        assertThat(COMPILER.compile(program, classes))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("docs/T.md:11: warning: ")
                        .contains("deprecated"))
                .anySatisfy(problem -> assertThat(problem).contains("error: warnings found and -Werror specified"));
    }
}
