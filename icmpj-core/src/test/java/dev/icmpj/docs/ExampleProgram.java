package dev.icmpj.docs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link CodeBlock} made into a Java source file that compiles and runs: a block that declares a class (or
 * record, interface, enum) is a compilation unit as it is; any other block is a list of statements, put into
 * {@code public static void main(String[] args) throws Exception} of a class named {@value #WRAPPER}, with its
 * leading {@code import} lines moved above the class. Either way the documentation's usual imports are added, so
 * that an example need not repeat them. {@link #documentLine} maps a line of the source back to the document.
 *
 * <p>Immutable and thread-safe.
 */
final class ExampleProgram {
    /** The class that holds a block of statements. */
    static final String WRAPPER = "DocumentationExample";

    private static final Pattern TYPE = Pattern.compile(
            "^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|abstract|static|final|sealed|non-sealed"
                    + "|strictfp)\\s+)*(?:class|record|interface|enum|@interface)\\s+(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;\\s*$");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;\\s*$");

    private final CodeBlock block;
    private final String className;
    private final String source;
    private final int[] documentLines;

    private ExampleProgram(CodeBlock block, String className, List<String> lines, List<Integer> documentLines) {
        this.block = block;
        this.className = className;
        this.source = String.join("\n", lines) + "\n";
        this.documentLines = documentLines.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Makes the program of a block.
     *
     * @param block the block
     * @param imports the import declarations to add (e.g. {@code import java.util.*;}); a single-type import is
     *     left out when the block imports a type of the same simple name itself
     * @return the program
     */
    static ExampleProgram of(CodeBlock block, Collection<String> imports) {
        List<String> code = block.code().lines().toList();
        List<String> own = new ArrayList<>(); // the block's own imports, each with its document line
        List<Integer> ownLines = new ArrayList<>();
        List<String> ownSimpleNames = new ArrayList<>();
        String packageName = null;
        int packageLine = 0;
        int body = firstCodeLine(code);
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i).strip();
            Matcher imported = IMPORT.matcher(line);
            Matcher declared = PACKAGE.matcher(line);
            if (i < body && imported.matches()) {
                own.add(code.get(i));
                ownLines.add(block.line() + i);
                if (imported.group(3) == null) {
                    String name = imported.group(2);
                    ownSimpleNames.add(name.substring(name.lastIndexOf('.') + 1));
                }
            } else if (i < body && declared.matches()) {
                packageName = declared.group(1);
                packageLine = block.line() + i;
            }
        }
        List<String> added = imports.stream()
                .filter(i -> ownSimpleNames.stream().noneMatch(name -> i.endsWith("." + name + ";")))
                .toList();

        List<String> lines = new ArrayList<>();
        List<Integer> map = new ArrayList<>();
        if (packageName != null) {
            lines.add("package " + packageName + ";");
            map.add(packageLine);
        }
        for (int i = 0; i < own.size(); i++) {
            lines.add(own.get(i));
            map.add(ownLines.get(i));
        }
        for (String declaration : added) {
            lines.add(declaration);
            map.add(0);
        }
        String mainClass = mainType(code, body);
        boolean statements = mainClass == null;
        if (statements) {
            lines.add("public final class " + WRAPPER + " {");
            map.add(0);
            lines.add("    public static void main(String[] args) throws Exception {");
            map.add(0);
        }
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i).strip();
            boolean hoisted = i < body
                    && (IMPORT.matcher(line).matches() || PACKAGE.matcher(line).matches());
            lines.add(hoisted ? "" : code.get(i));
            map.add(block.line() + i);
        }
        if (statements) {
            lines.add("    }");
            map.add(0);
            lines.add("}");
            map.add(0);
        }
        String simpleName = statements ? WRAPPER : mainClass;
        String className = packageName == null ? simpleName : packageName + "." + simpleName;
        return new ExampleProgram(block, className, lines, map);
    }

    /** The index of the first line that is not blank, a comment, a package or an import declaration. */
    private static int firstCodeLine(List<String> code) {
        boolean inComment = false;
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i).strip();
            if (inComment) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.isEmpty()
                    || line.startsWith("//")
                    || IMPORT.matcher(line).matches()
                    || PACKAGE.matcher(line).matches()) {
                continue;
            }
            return i;
        }
        return code.size();
    }

    /**
     * The type to run when the block is a compilation unit: its public top-level type, else its first one; null
     * when the block's code does not start with a type declaration (it is statements).
     */
    private static String mainType(List<String> code, int body) {
        if (body >= code.size() || !TYPE.matcher(declarationAt(code, body)).find()) {
            return null;
        }
        String first = null;
        for (int i = body; i < code.size(); i++) {
            String line = code.get(i);
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                continue; // a member or a nested type
            }
            Matcher type = TYPE.matcher(declarationAt(code, i));
            if (type.find()) {
                if (line.startsWith("public ") || declarationAt(code, i).contains("public ")) {
                    return type.group(1);
                }
                first = first == null ? type.group(1) : first;
            }
        }
        return first;
    }

    /** The line at {@code i} joined with the lines after it while it is only annotations. */
    private static String declarationAt(List<String> code, int i) {
        StringBuilder joined = new StringBuilder(code.get(i).strip());
        for (int next = i + 1; next < code.size() && joined.toString().matches("(@\\w+(\\([^)]*\\))?\\s*)+"); next++) {
            joined.append(' ').append(code.get(next).strip());
        }
        return joined.toString();
    }

    /** The block this program was made of. */
    CodeBlock block() {
        return block;
    }

    /** The binary name of the class whose {@code main} runs the example. */
    String className() {
        return className;
    }

    /** The source file's name, as the compiler and stack traces give it: the class's simple name + {@code .java}. */
    String fileName() {
        return className.substring(className.lastIndexOf('.') + 1) + ".java";
    }

    /** The Java source. */
    String source() {
        return source;
    }

    /**
     * The document line of a source line.
     *
     * @param sourceLine a 1-based line of {@link #source()}
     * @return the 1-based line of the document it came from; the block's first line for a line the harness
     *     added (the wrapper, the imports)
     */
    int documentLine(long sourceLine) {
        if (sourceLine < 1 || sourceLine > documentLines.length) {
            return block.line();
        }
        int line = documentLines[(int) sourceLine - 1];
        return line == 0 ? block.line() : line;
    }
}
