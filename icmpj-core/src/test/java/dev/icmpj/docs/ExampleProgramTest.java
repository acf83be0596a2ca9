package dev.icmpj.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleProgramTest {
    private static final List<String> IMPORTS =
            List.of("import java.util.*;", "import dev.icmpj.socket.SocketOptions;");

    @Test
    void of_statements_wrappedInMainWithImportsHoistedAndLinesMapped() {
        CodeBlock block =
                new CodeBlock("README.md", 10, "import java.nio.file.Path;\n\nint x = 1;\nSystem.out.println(x);\n");

        ExampleProgram program = ExampleProgram.of(block, IMPORTS);

        assertThat(program.className()).isEqualTo("DocumentationExample");
        assertThat(program.fileName()).isEqualTo("DocumentationExample.java");
        assertThat(program.source()).isEqualTo("""
                        import java.nio.file.Path;
                        import java.util.*;
                        import dev.icmpj.socket.SocketOptions;
                        public final class DocumentationExample {
                            public static void main(String[] args) throws Exception {


                        int x = 1;
                        System.out.println(x);
                            }
                        }
                        """);
        assertThat(program.documentLine(1)).as("the block's import").isEqualTo(10);
        assertThat(program.documentLine(2))
                .as("an added import: the block's first line")
                .isEqualTo(10);
        assertThat(program.documentLine(8)).isEqualTo(12);
        assertThat(program.documentLine(9)).isEqualTo(13);
        assertThat(program.documentLine(99)).isEqualTo(10);
    }

    @Test
    void of_classBlock_compiledAsItIsWithItsPublicClassToRun() {
        String code = """
                package demo;

                import java.net.SocketOptions;

                record Point(int x) {}

                @SuppressWarnings("unused")
                public final class Sweep {
                    public static void main(String[] args) {}
                }
                """;

        ExampleProgram program = ExampleProgram.of(new CodeBlock("docs/GUIDE.md", 20, code), IMPORTS);

        assertThat(program.className()).isEqualTo("demo.Sweep");
        assertThat(program.fileName()).isEqualTo("Sweep.java");
        assertThat(program.source())
                .as("the block's own SocketOptions import wins: icmpj's is not added")
                .startsWith("package demo;\nimport java.net.SocketOptions;\nimport java.util.*;\n")
                .doesNotContain("dev.icmpj.socket.SocketOptions")
                .contains("public final class Sweep {");
        assertThat(program.documentLine(1)).isEqualTo(20);
        assertThat(program.documentLine(2)).isEqualTo(22);
        assertThat(program.source().lines().toList().indexOf("record Point(int x) {}") + 1)
                .satisfies(line -> assertThat(program.documentLine(line)).isEqualTo(24));
    }

    @Test
    void of_blockStartingWithALocalRecordLikeType_isAClassBlock_otherwiseStatements() {
        ExampleProgram typed = ExampleProgram.of(new CodeBlock("A.md", 1, "record Pair(int a, int b) {}\n"), IMPORTS);
        ExampleProgram statements = ExampleProgram.of(
                new CodeBlock("A.md", 1, "// a comment\nvar pair = 1;\nrecord Pair(int a) {}\n"), IMPORTS);

        assertThat(typed.className()).isEqualTo("Pair");
        assertThat(statements.className()).isEqualTo(ExampleProgram.WRAPPER);
    }
}
