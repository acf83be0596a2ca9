package dev.icmpj.docs;

/**
 * One fenced {@code ```java} block of a Markdown document.
 *
 * @param document the document's path from the repository's root, with {@code /} separators (e.g.
 *     {@code docs/TESTING.md})
 * @param line the 1-based line of the block's first line of code (the line after the opening fence)
 * @param code the block's text, the fence's indentation removed, ending with a newline unless empty
 */
record CodeBlock(String document, int line, String code) {
    /** Where the block is, as a compiler would name it: {@code README.md:84}. */
    @Override
    public String toString() {
        return document + ":" + line;
    }
}
