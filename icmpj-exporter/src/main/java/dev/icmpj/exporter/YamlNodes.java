package dev.icmpj.exporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reading YAML (and JSON, a subset) as a tree of nodes that keep their line and column, so that every error
 * names the file, line, column and field. Used for the config and for file-SD target files.
 *
 * <p>Stateless and thread-safe.
 */
final class YamlNodes {
    private YamlNodes() {}

    /** A node with its path in the document, e.g. {@code probes[0].interval}. */
    record At(String file, String path, Node node) {

        ConfigException error(String problem) {
            Optional<Mark> mark = node.getStartMark();
            return new ConfigException(
                    file,
                    mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0),
                    path,
                    problem);
        }

        /** Where this node starts, {@code FILE:LINE}. */
        String origin() {
            return file + node.getStartMark().map(m -> ":" + (m.getLine() + 1)).orElse("");
        }

        At child(String key, Node value) {
            return new At(file, path.isEmpty() ? key : path + "." + key, value);
        }

        At element(int index, Node value) {
            return new At(file, path + "[" + index + "]", value);
        }

        /** The mapping's entries by key, in order; unknown keys and duplicates are errors. */
        Map<String, At> mapping(Set<String> allowed) throws ConfigException {
            if (!(node instanceof MappingNode m)) {
                throw error("expected a mapping (key: value lines), found " + kind());
            }
            Map<String, At> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                At key = new At(file, path, t.getKeyNode());
                String name = key.scalar();
                At value = child(name, t.getValueNode());
                if (!allowed.contains(name)) {
                    throw new At(file, value.path, t.getKeyNode())
                            .error("unknown field; the fields here are "
                                    + String.join(
                                            ", ", allowed.stream().sorted().toList()));
                }
                if (out.put(name, value) != null) {
                    throw new At(file, value.path, t.getKeyNode()).error("given twice");
                }
            }
            return out;
        }

        /** A mapping of strings to strings (labels). */
        Map<String, String> stringMap() throws ConfigException {
            if (!(node instanceof MappingNode m)) {
                throw error("expected a mapping of names to values, found " + kind());
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String name = new At(file, path, t.getKeyNode()).scalar();
                At value = child(name, t.getValueNode());
                if (out.put(name, value.scalar()) != null) {
                    throw value.error("given twice");
                }
            }
            return out;
        }

        List<At> sequence() throws ConfigException {
            if (!(node instanceof SequenceNode s)) {
                throw error("expected a list, found " + kind());
            }
            List<Node> items = s.getValue();
            At[] out = new At[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = element(i, items.get(i));
            }
            return List.of(out);
        }

        String scalar() throws ConfigException {
            if (!(node instanceof ScalarNode s)) {
                throw error("expected a single value, found " + kind());
            }
            return s.getValue();
        }

        boolean isScalar() {
            return node instanceof ScalarNode;
        }

        /** A scalar parsed by a function whose IllegalArgumentException becomes an error at this node. */
        <T> T parse(Function<String, T> parser) throws ConfigException {
            String text = scalar();
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        int integer(int min, int max) throws ConfigException {
            String text = scalar();
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw error("\"" + text + "\" is not a whole number");
            }
            if (value < min || value > max) {
                throw error(value + " is out of range; it must be between " + min + " and " + max);
            }
            return value;
        }

        boolean bool() throws ConfigException {
            return switch (scalar()) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw error("\"" + scalar() + "\" is not true or false");
            };
        }

        private String kind() {
            return switch (node) {
                case MappingNode m -> "a mapping";
                case SequenceNode s -> "a list";
                case ScalarNode s -> "\"" + s.getValue() + "\"";
                default -> "a " + node.getNodeType();
            };
        }
    }

    /**
     * Reads a file's single document.
     *
     * @param file the file
     * @return its root; empty for an empty document
     * @throws ConfigException when it cannot be read or is not YAML, with where
     */
    static Optional<At> read(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.of(file, "cannot read: " + whyUnreadable(e));
        }
        return parse(file.toString(), text);
    }

    /** How deep collections may nest: a config needs 5 levels, a target file 3. */
    static final int MAX_DEPTH = 64;

    /**
     * Refuses a document nested deeper than {@link #MAX_DEPTH}, from the parser's events (which keep their
     * state on a stack of their own): snakeyaml's composer recurses per level, and 5,000 nested brackets
     * overflow the thread's stack.
     */
    private static void requireShallow(String name, LoadSettings settings, String text) throws ConfigException {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        Optional<Mark> mark = event.getStartMark();
                        throw new ConfigException(
                                name,
                                mark.map(m -> m.getLine() + 1).orElse(0),
                                mark.map(m -> m.getColumn() + 1).orElse(0),
                                "",
                                "nested more than " + MAX_DEPTH + " levels deep");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> {}
            }
        }
    }

    /** Why a file could not be read, in the words of a shell ({@code no such file}), not the exception's class. */
    static String whyUnreadable(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            case FileSystemException other when other.getReason() != null -> other.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    /** Parses a document given as text; {@code name} names it in errors. */
    static Optional<At> parse(String name, String text) throws ConfigException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name)
                .setAllowDuplicateKeys(true)
                .build();
        try {
            requireShallow(name, settings, text);
            return new Compose(settings).composeString(text).map(n -> new At(name, "", n));
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            throw new ConfigException(
                    name,
                    mark.map(m -> m.getLine() + 1).orElse(0),
                    mark.map(m -> m.getColumn() + 1).orElse(0),
                    "",
                    "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(name, 0, 0, "", "not valid YAML: " + e.getMessage());
        }
    }
}
