package dev.icmpj.cli;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The real tools icmpj's commands are compared with (iputils ping, fping, traceroute, mtr), run by the tests
 * beside icmpj on the same targets, and their output with what varies from run to run (times, identifiers,
 * dates) masked, so that two outputs compare line for line.
 *
 * <p>Stateless and thread-safe.
 */
final class PeerTool {
    private static final Pattern REPLY_TIME = Pattern.compile("time=\\d+(\\.\\d+)? ms");
    private static final Pattern ELAPSED = Pattern.compile("time \\d+ms");
    private static final Pattern SUMMARY_TIMES =
            Pattern.compile("= \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
    private static final Pattern IPG = Pattern.compile("ipg/ewma \\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
    /** A decimal number that is not part of an IPv4 address. */
    private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.])\\d+\\.\\d+(?![\\d.])");

    private PeerTool() {}

    /**
     * Runs a tool (60 s at most), inside a namespace when one is given; skips the calling test when the tool is
     * not installed (a failure under {@code -Dicmpj.requireNetworkTests=true}).
     *
     * @param ns the namespace, or null for this one
     * @param command the tool and its arguments
     * @return its exit code and output
     */
    static ProcessRunner.Result run(NetworkNamespace ns, String... command) {
        NetworkTests.requireCommand(command[0]);
        List<String> full = new ArrayList<>();
        if (ns != null) {
            full.addAll(List.of("ip", "netns", "exec", ns.name()));
        }
        full.addAll(List.of(command));
        return ProcessRunner.run(full);
    }

    /**
     * Masks what varies between two runs of ping: reply times, the elapsed time, the summary's times and
     * iputils' {@code ident=}.
     *
     * @param text a ping's output
     * @return its lines, masked
     */
    static List<String> maskedPing(String text) {
        return text.lines()
                .map(line -> IPG.matcher(line).replaceAll("ipg/ewma T/T ms"))
                .map(line -> SUMMARY_TIMES.matcher(line).replaceAll("= T/T/T/T ms"))
                .map(line -> REPLY_TIME.matcher(line).replaceAll("time=T ms"))
                .map(line -> ELAPSED.matcher(line).replaceAll("time Tms"))
                .toList();
    }

    /**
     * Masks what varies between two runs of fping: every time (a decimal number).
     *
     * @param text fping's output
     * @return its lines, masked
     */
    static List<String> maskedFping(String text) {
        return text.lines().map(line -> DECIMAL.matcher(line).replaceAll("T")).toList();
    }
}
