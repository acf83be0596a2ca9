package dev.icmpj.cli;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every icmpj subcommand shares: address family, socket privilege, JSON output and debugging.
 * Mixed into each subcommand with {@code @Mixin}; ping and multiping add {@link SourceOption}'s {@code -I}
 * (traceroute's {@code -I} means ICMP probes).
 *
 * <p>Not thread-safe: filled by picocli while parsing, then read by the command.
 */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "-4", description = "Use IPv4 only.")
    private boolean ipv4;

    @Option(names = "-6", description = "Use IPv6 only.")
    private boolean ipv6;

    @Option(names = "--privileged", description = "Use a raw socket (needs CAP_NET_RAW, e.g. root).")
    private boolean privileged;

    @Option(
            names = "--unprivileged",
            description = "Use an unprivileged ping socket (needs net.ipv4.ping_group_range to hold your group).")
    private boolean unprivileged;

    @Option(names = "--json", description = "Print the result as one JSON object instead of ping's lines.")
    private boolean json;

    /** Read from the raw arguments by {@link FailureReporter}, which must see it even when parsing fails. */
    @Option(names = "--debug", description = "Print the stack trace of an error.")
    private boolean debug;

    /** Creates the options; picocli fills them. */
    public CommonOptions() {}

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
