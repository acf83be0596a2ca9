package dev.icmpj.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeBlocksTest {
    @Test
    void java_blocksWithTheirFirstCodeLine_otherLanguagesSkipped() {
        String markdown = """
                # Title

                ```sh
                ./verify
                ```

                ```java
                Host h = Icmp.ping("127.0.0.1");
                System.out.println(h);
                ```

                Text.

                ```Java
                int x = 1;
                ```
                """;

        assertThat(CodeBlocks.java("README.md", markdown))
                .containsExactly(
                        new CodeBlock("README.md", 8, "Host h = Icmp.ping(\"127.0.0.1\");\nSystem.out.println(h);\n"),
                        new CodeBlock("README.md", 15, "int x = 1;\n"));
    }

    @Test
    void java_fenceInsideAnotherFence_isNotABlock() {
        String markdown = """
                ````markdown
                ```java
                not java: shown as Markdown
                ```
                ````
                ~~~java
                int y = 2;
                ~~~
                """;

        assertThat(CodeBlocks.java("docs/A.md", markdown))
                .containsExactly(new CodeBlock("docs/A.md", 7, "int y = 2;\n"));
    }

    @Test
    void java_indentedFenceInAList_indentationRemovedAndLongerClosingFenceAccepted() {
        String markdown = """
                - an item

                  ```java
                  if (true) {
                      run();
                  }
                  `````
                after
                """;

        assertThat(CodeBlocks.java("docs/B.md", markdown))
                .containsExactly(new CodeBlock("docs/B.md", 4, "if (true) {\n    run();\n}\n"));
    }

    @Test
    void java_unclosedFence_runsToTheEndOfTheDocument() {
        assertThat(CodeBlocks.java("C.md", "```java\nint z = 3;\n"))
                .containsExactly(new CodeBlock("C.md", 2, "int z = 3;\n"));
        assertThat(CodeBlocks.java("C.md", "no code here\n")).isEmpty();
        assertThat(CodeBlocks.java("C.md", "```java\n```\n")).containsExactly(new CodeBlock("C.md", 2, ""));
    }
}
