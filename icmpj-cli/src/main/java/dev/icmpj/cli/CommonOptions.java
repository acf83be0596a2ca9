package dev.icmpj.cli;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The options every icmpj subcommand shares: address family, socket privilege, JSON output and debugging.
 * Declared on each subcommand ({@link #declareOn}); ping and multiping add {@link SourceOption}'s {@code -I}
 * (traceroute's {@code -I} means ICMP probes).
 *
 * <p>Not thread-safe: filled by picocli while parsing, then read by the command.
 */
public final class CommonOptions {
    private CommandSpec mixee;
    private boolean ipv4;
    private boolean ipv6;
    private boolean privileged;
    private boolean unprivileged;
    private boolean json;
    /** Read from the raw arguments by {@link FailureReporter}, which must see it even when parsing fails. */
    private boolean debug;

    /** Creates the options, unset. */
    public CommonOptions() {}

    /**
     * Declares these options on a command.
     *
     * @param command the command's declaration
     */
    void declareOn(SpecBuilder command) {
        mixee = command.spec();
        command.flag("-4", "Use IPv4 only.", () -> ipv4, v -> ipv4 = v)
                .flag("-6", "Use IPv6 only.", () -> ipv6, v -> ipv6 = v)
                .flag(
                        "--privileged",
                        "Use a raw socket (needs CAP_NET_RAW, e.g. root).",
                        () -> privileged,
                        v -> privileged = v)
                .flag(
                        "--unprivileged",
                        "Use an unprivileged ping socket (needs net.ipv4.ping_group_range to hold your group).",
                        () -> unprivileged,
                        v -> unprivileged = v)
                .flag("--json", "Print the result as JSON instead of the usual lines.", () -> json, v -> json = v)
                .flag("--debug", "Print the stack trace of an error.", () -> debug, v -> debug = v);
    }

    /**
     * Returns the address family {@code -4} or {@code -6} asked for.
     *
     * @return {@link Family#ANY} when neither was given
     * @throws ParameterException when both were given
     */
    public Family family() {
        if (ipv4 && ipv6) {
            throw new ParameterException(mixee.commandLine(), "-4 and -6 are mutually exclusive");
        }
        return ipv4 ? Family.IPV4 : ipv6 ? Family.IPV6 : Family.ANY;
    }

    /**
     * Returns the kind of socket {@code --privileged} or {@code --unprivileged} asked for.
     *
     * @return {@link Privilege#AUTO} when neither was given
     * @throws ParameterException when both were given
     */
    public Privilege privilege() {
        if (privileged && unprivileged) {
            throw new ParameterException(mixee.commandLine(), "--privileged and --unprivileged are mutually exclusive");
        }
        return privileged ? Privilege.PRIVILEGED : unprivileged ? Privilege.UNPRIVILEGED : Privilege.AUTO;
    }

    /**
     * Returns whether {@code --json} was given.
     *
     * @return true for JSON output
     */
    public boolean json() {
        return json;
    }
}
