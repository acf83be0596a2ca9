package dev.icmpj.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the fenced code blocks of a Markdown text whose info string names Java, as CommonMark reads fences: an
 * opening run of at least three backticks or tildes, the block up to a closing run of the same character at
 * least as long (or the end of the document), and the opening fence's indentation removed from each line.
 * Fences of other languages are skipped whole, so a {@code ```java} line inside a {@code ```markdown} block is
 * not a block of its own.
 *
 * <p>Thread-safe: no state.
 */
final class CodeBlocks {
    private static final Pattern FENCE = Pattern.compile("^( *)(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");

    private CodeBlocks() {}

    /**
     * The Java blocks of a document.
     *
     * @param document the document's name for {@link CodeBlock#document()}
     * @param markdown its text
     * @return its {@code ```java} blocks in document order
     */
    static List<CodeBlock> java(String document, String markdown) {
        List<CodeBlock> blocks = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            boolean java = open.group(3).equalsIgnoreCase("java");
            int first = i + 1;
            int end = first;
            while (end < lines.size() && !closes(lines.get(end), fence)) {
                end++;
            }
            if (java) {
                StringBuilder code = new StringBuilder();
                for (String line : lines.subList(first, end)) {
                    code.append(unindent(line, indent)).append('\n');
                }
                blocks.add(new CodeBlock(document, first + 1, code.toString()));
            }
            i = end + 1;
        }
        return blocks;
    }

    private static boolean closes(String line, String fence) {
        String stripped = line.strip();
        return stripped.length() >= fence.length() && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String unindent(String line, int indent) {
        int spaces = 0;
        while (spaces < indent && spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
        }
        return line.substring(spaces);
    }
}
