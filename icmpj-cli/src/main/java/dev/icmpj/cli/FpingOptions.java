package dev.icmpj.cli;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * fping 5.1's options, as {@code icmpj multiping} takes them (declared on the command by {@link #declareOn}),
 * and its targets: the arguments, or with {@code -g} a block or a range, or the lines of {@code -f FILE}, or of
 * standard input when there is neither.
 *
 * <p>Not thread-safe: filled by picocli while parsing, then read by the command.
 */
final class FpingOptions {
    boolean showAlive;
    boolean byAddress;
    Integer payloadSize;
    Double backoff;
    Integer count;
    Integer countVerbose;
    boolean reverseAll;
    boolean timestamps;
    boolean elapsed;
    String file;
    boolean generate;
    Integer ttl;
    Double intervalMillis;
    String interfaceName;
    boolean loop;
    boolean everyAddress;
    boolean dontFragment;
    boolean reverseAddresses;
    boolean outage;
    Integer tos;
    Double periodMillis;
    boolean quiet;
    Double reportSeconds;
    Integer retries;
    boolean randomData;
    boolean stats;
    String source;
    Double timeoutMillis;
    boolean showUnreachable;
    boolean version;
    Integer minReachable;
    Integer fastReachable;
    String ignoredSelectTimeout;
    Double rate;
    Integer concurrency;
    boolean ndjson;
    List<String> arguments = new ArrayList<>();
    /** Where targets come from without arguments or {@code -f}, and with {@code -f -}. */
    InputStream standardInput = System.in;

    /**
     * Declares the options on a command, in fping's order.
     *
     * @param command the command's declaration
     */
    void declareOn(SpecBuilder command) {
        command.flag("-a", "Show the targets that answered, one per line.", () -> showAlive, v -> showAlive = v)
                .flag("-A", "Show targets by address.", () -> byAddress, v -> byAddress = v)
                .option(
                        "-b",
                        "BYTES",
                        Integer.class,
                        "Echo data bytes per request (default 56).",
                        () -> payloadSize,
                        v -> payloadSize = v)
                .option(
                        "-B",
                        "N",
                        Double.class,
                        "Timeout factor per retry (default 1.5, 1 to 5).",
                        () -> backoff,
                        v -> backoff = v)
                .option(
                        "-c",
                        "N",
                        Integer.class,
                        "Count mode: N requests to each target, a line per reply and a summary per target.",
                        () -> count,
                        v -> count = v)
                .option(
                        "-C",
                        "N",
                        Integer.class,
                        "Like -c, and the summary lists each request's round trip ('-' when lost).",
                        () -> countVerbose,
                        v -> countVerbose = v)
                .flag("-d", "Show targets by their reverse name.", () -> reverseAll, v -> reverseAll = v)
                .flag(
                        "-D",
                        "Print the time (seconds since the epoch) before each reply line.",
                        () -> timestamps,
                        v -> timestamps = v)
                .flag("-e", "Show the round trip of each alive target.", () -> elapsed, v -> elapsed = v)
                .option(
                        "-f",
                        "FILE",
                        String.class,
                        "Read targets from FILE, the first word of each line ('-': standard input).",
                        () -> file,
                        v -> file = v)
                .flag(
                        "-g",
                        "Generate the targets from a block (198.18.0.0/24) or a range (198.18.0.1 198.18.0.9) given as"
                                + " the targets.",
                        () -> generate,
                        v -> generate = v)
                .option("-H", "TTL", Integer.class, "IP time to live / hop limit.", () -> ttl, v -> ttl = v)
                .option(
                        "-i",
                        "MS",
                        Double.class,
                        "Milliseconds between any two requests (default 10, as fping's; 0: no limit).",
                        () -> intervalMillis,
                        v -> intervalMillis = v)
                .option(
                        "-I",
                        "IFACE",
                        String.class,
                        "Interface to send from.",
                        () -> interfaceName,
                        v -> interfaceName = v)
                .flag("-l", "Loop mode: ping every target every -p period until Ctrl-C.", () -> loop, v -> loop = v)
                .flag(
                        "-m",
                        "Ping every address of each name (with -A to tell them apart).",
                        () -> everyAddress,
                        v -> everyAddress = v)
                .flag("-M", "Set the don't-fragment flag.", () -> dontFragment, v -> dontFragment = v)
                .flag(
                        "-n",
                        "Show targets given as addresses by their reverse name.",
                        () -> reverseAddresses,
                        v -> reverseAddresses = v)
                .flag(
                        "-o",
                        "Show each target's outage time (lost requests times the period).",
                        () -> outage,
                        v -> outage = v)
                .option(
                        "-O",
                        "TOS",
                        Integer.class,
                        new PingValues.ByteConverter(),
                        "IP type of service / traffic class byte.",
                        () -> tos,
                        v -> tos = v)
                .option(
                        "-p",
                        "MS",
                        Double.class,
                        "Milliseconds between requests to one target (default 1000).",
                        () -> periodMillis,
                        v -> periodMillis = v)
                .flag("-q", "Quiet: no per-target or per-reply lines, no warnings.", () -> quiet, v -> quiet = v)
                .option(
                        "-Q",
                        "SECS",
                        Double.class,
                        "Like -q, and print each target's counts every SECS seconds (count and loop modes).",
                        () -> reportSeconds,
                        v -> reportSeconds = v)
                .option(
                        "-r",
                        "N",
                        Integer.class,
                        "Retries of an unanswered target (default 3; not with -c or -l).",
                        () -> retries,
                        v -> retries = v)
                .flag("-R", "Random echo data.", () -> randomData, v -> randomData = v)
                .flag("-s", "Print the statistics at the end, on standard error.", () -> stats, v -> stats = v)
                .option("-S", "SRC", String.class, "Source address to send from.", () -> source, v -> source = v)
                .option(
                        "-t",
                        "MS",
                        Double.class,
                        "Milliseconds to wait for a reply (default 500; with -c, -C or -l: the period, up to 2000).",
                        () -> timeoutMillis,
                        v -> timeoutMillis = v)
                .option(
                        "-T",
                        "N",
                        String.class,
                        "Ignored, as fping ignores it.",
                        () -> ignoredSelectTimeout,
                        v -> ignoredSelectTimeout = v)
                .flag(
                        "-u",
                        "Show the targets that did not answer, one per line.",
                        () -> showUnreachable,
                        v -> showUnreachable = v)
                .flag("-v", "Print the version and exit.", () -> version, v -> version = v)
                .option(
                        "-x",
                        "N",
                        Integer.class,
                        "Say whether at least N targets answered (exit 0 if so, else 1).",
                        () -> minReachable,
                        v -> minReachable = v)
                .option(
                        "-X",
                        "N",
                        Integer.class,
                        "Like -x, and stop as soon as N targets answered (fping 5.2).",
                        () -> fastReachable,
                        v -> fastReachable = v)
                .option(
                        "--rate",
                        "PPS",
                        Double.class,
                        "Requests per second over the sweep (instead of -i).",
                        () -> rate,
                        v -> rate = v)
                .option(
                        "--concurrency",
                        "N",
                        Integer.class,
                        "Targets in progress at once (default: no limit).",
                        () -> concurrency,
                        v -> concurrency = v)
                .flag("--ndjson", "Print one JSON object per target, as each completes.", () -> ndjson, v -> ndjson = v)
                .positionalStrings(
                        "TARGET",
                        "Addresses, host names or CIDR blocks; with -g, a block or the two ends of a range.",
                        () -> arguments,
                        v -> arguments = v);
    }

    /** {@code -n} or {@code -d}. */
    FpingTargets.Naming naming() {
        return reverseAll
                ? FpingTargets.Naming.NAME_OF_ALL
                : reverseAddresses ? FpingTargets.Naming.NAME_OF_ADDRESSES : FpingTargets.Naming.GIVEN;
    }

    /**
     * Returns the targets as given: the arguments, or the lines of {@code -f}, or of standard input when there
     * are neither (as fping).
     *
     * @return the targets, in order
     * @throws CommandFailure with fping's exit code 4 when the file cannot be read
     */
    List<String> targets() {
        if (file == null && (!arguments.isEmpty() || generate)) {
            return List.copyOf(arguments);
        }
        String name = file == null ? "-" : file;
        try (InputStream in = name.equals("-") ? standardInput : Files.newInputStream(Path.of(name))) {
            return read(in);
        } catch (NoSuchFileException e) {
            throw new CommandFailure("-f: cannot read " + name + ": No such file or directory", 4);
        } catch (AccessDeniedException e) {
            throw new CommandFailure("-f: cannot read " + name + ": Permission denied", 4);
        } catch (FileNotFoundException e) {
            throw new CommandFailure("-f: cannot read " + name + ": " + e.getMessage(), 4);
        } catch (IOException e) {
            throw new CommandFailure("-f: cannot read " + name + ": " + e.getMessage(), 4);
        }
    }

    /**
     * Reads targets as fping does: the first word of each line, lines that are blank or start with {@code #}
     * skipped. Bytes that are not UTF-8 are read as U+FFFD: such a name does not resolve and is reported as
     * any other.
     *
     * @param in the text
     * @return the targets, in order
     */
    static List<String> read(InputStream in) throws IOException {
        List<String> targets = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            int space = 0;
            while (space < stripped.length() && !Character.isWhitespace(stripped.charAt(space))) {
                space++;
            }
            targets.add(stripped.substring(0, space));
        }
        return targets;
    }
}
