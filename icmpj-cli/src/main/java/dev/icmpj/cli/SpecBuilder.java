package dev.icmpj.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Declares a command to picocli in code, each option bound to a field of the command through a getter and a
 * setter, as picocli's annotations would bind it. Annotations cost every start about 80 ms: the JDK spins a
 * proxy class per annotation type it reads (eight here, with the ClassFile API running interpreted), and
 * picocli reads every field and method by reflection. Declared in code, the same options cost a few
 * milliseconds.
 *
 * <p>Every command has icmpj's habits: {@code -h}/{@code --help}, {@code -V}/{@code --version} and options
 * separated from their values by a space.
 *
 * <p>Not thread-safe: one command line is declared on one thread.
 */
final class SpecBuilder {
    private final CommandSpec spec;

    /**
     * Starts a command.
     *
     * @param command the object picocli calls ({@code Callable})
     * @param name the command's name
     * @param description the paragraphs of its usage help
     */
    SpecBuilder(Object command, String name, String... description) {
        spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.versionProvider(new VersionProvider());
        spec.parser().separator(" ");
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print version information and exit.")
                .build());
    }

    /** The command declared so far. */
    CommandSpec spec() {
        return spec;
    }

    /**
     * Sets the exit code list of the usage help.
     *
     * @param heading its heading
     * @param codes entries {@code "code:meaning"}
     * @return this
     */
    SpecBuilder exitCodes(String heading, String... codes) {
        Map<String, String> list = new LinkedHashMap<>();
        for (String code : codes) {
            int colon = code.indexOf(':');
            list.put(code.substring(0, colon), code.substring(colon + 1));
        }
        spec.usageMessage().exitCodeListHeading(heading).exitCodeList(list);
        return this;
    }

    /**
     * Adds an option without a value.
     *
     * @param name its name
     * @param description its help
     * @param get reads the field
     * @param set writes the field
     * @return this
     */
    SpecBuilder flag(String name, String description, Supplier<Boolean> get, Consumer<Boolean> set) {
        spec.addOption(bind(OptionSpec.builder(name).arity("0").type(boolean.class), get, set)
                .description(description)
                .build());
        return this;
    }

    /**
     * Adds an option with one value of a type picocli converts itself (a number or a string).
     *
     * @param name its name
     * @param label its value's name in the help
     * @param type the value's type
     * @param description its help
     * @param get reads the field
     * @param set writes the field
     * @param <T> the value's type
     * @return this
     */
    <T> SpecBuilder option(
            String name, String label, Class<T> type, String description, Supplier<T> get, Consumer<T> set) {
        spec.addOption(bind(OptionSpec.builder(name).paramLabel(label).type(type), get, set)
                .description(description)
                .build());
        return this;
    }

    /**
     * Adds an option with one value converted by a converter of icmpj's.
     *
     * @param name its name
     * @param label its value's name in the help
     * @param type the value's type
     * @param converter converts the text
     * @param description its help
     * @param get reads the field
     * @param set writes the field
     * @param <T> the value's type
     * @return this
     */
    <T> SpecBuilder option(
            String name,
            String label,
            Class<T> type,
            ITypeConverter<T> converter,
            String description,
            Supplier<T> get,
            Consumer<T> set) {
        spec.addOption(bind(OptionSpec.builder(name).paramLabel(label).type(type), get, set)
                .converters(converter)
                .description(description)
                .build());
        return this;
    }

    /**
     * Adds an option whose values, one or more per occurrence, are kept as strings in a list.
     *
     * @param name its name
     * @param label its values' name in the help
     * @param arity how many values an occurrence takes, as picocli writes it ({@code "1..2"})
     * @param description its help
     * @param get reads the field
     * @param set writes the field
     * @return this
     */
    SpecBuilder strings(
            String name,
            String label,
            String arity,
            String description,
            Supplier<List<String>> get,
            Consumer<List<String>> set) {
        spec.addOption(bind(
                        OptionSpec.builder(name)
                                .paramLabel(label)
                                .arity(arity)
                                .type(List.class)
                                .auxiliaryTypes(String.class),
                        get,
                        set)
                .description(description)
                .build());
        return this;
    }

    /**
     * Adds a positional parameter of one value.
     *
     * @param index its position, as picocli writes it ({@code "0"})
     * @param label its name in the help
     * @param arity {@code "1"}, or {@code "0..1"} when it may be left out
     * @param type its type
     * @param description its help
     * @param get reads the field
     * @param set writes the field
     * @param <T> the value's type
     * @return this
     */
    <T> SpecBuilder positional(
            String index,
            String label,
            String arity,
            Class<T> type,
            String description,
            Supplier<T> get,
            Consumer<T> set) {
        spec.addPositional(bind(
                        PositionalParamSpec.builder()
                                .index(index)
                                .paramLabel(label)
                                .arity(arity)
                                .required(!arity.startsWith("0"))
                                .type(type),
                        get,
                        set)
                .description(description)
                .build());
        return this;
    }

    /**
     * Adds the positional parameters, any number of them, kept as strings in a list.
     *
     * @param label their name in the help
     * @param description their help
     * @param get reads the field
     * @param set writes the field
     * @return this
     */
    SpecBuilder positionalStrings(
            String label, String description, Supplier<List<String>> get, Consumer<List<String>> set) {
        spec.addPositional(bind(
                        PositionalParamSpec.builder()
                                .index("0..*")
                                .paramLabel(label)
                                .arity("0..*")
                                .type(List.class)
                                .auxiliaryTypes(String.class),
                        get,
                        set)
                .description(description)
                .build());
        return this;
    }

    private static <T> OptionSpec.Builder bind(OptionSpec.Builder builder, Supplier<T> get, Consumer<T> set) {
        FieldBinding<T> binding = new FieldBinding<>(get, set);
        // what the field holds now is what picocli resets it to before each parse, as for annotated fields
        return builder.getter(binding).setter(binding).initialValue(get.get());
    }

    private static <T> PositionalParamSpec.Builder bind(
            PositionalParamSpec.Builder builder, Supplier<T> get, Consumer<T> set) {
        FieldBinding<T> binding = new FieldBinding<>(get, set);
        // what the field holds now is what picocli resets it to before each parse, as for annotated fields
        return builder.getter(binding).setter(binding).initialValue(get.get());
    }

    /** A field of a command, read and written by picocli as it would a field it found by reflection. */
    private record FieldBinding<T>(Supplier<T> reader, Consumer<T> writer) implements IGetter, ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <V> V get() {
            return (V) reader.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> V set(V value) {
            V old = get();
            writer.accept((T) value);
            return old;
        }
    }
}
