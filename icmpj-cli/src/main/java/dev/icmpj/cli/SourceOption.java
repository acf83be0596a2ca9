package dev.icmpj.cli;

import java.net.InetAddress;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * iputils' and fping's {@code -I}: the source address or interface to send from. Mixed into ping and
 * multiping with {@code @Mixin}.
 *
 * <p>Not thread-safe: filled by picocli while parsing, then read by the command.
 */
public final class SourceOption {
    @Option(
            names = "-I",
            paramLabel = "SRC",
            description = "Source address (an IP address) or interface name (e.g. eth0) to send from.")
    private String source;

    /** Creates the option; picocli fills it. */
    public SourceOption() {}

    /**
     * Returns the source address of {@code -I}, when its value is an IP address.
     *
     * @return the address, empty when {@code -I} was not given or names an interface
     */
    public Optional<InetAddress> sourceAddress() {
        if (source == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(source));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    /**
     * Returns the interface name of {@code -I}, when its value is not an IP address.
     *
     * @return the interface name, empty when {@code -I} was not given or is an address
     */
    public Optional<String> interfaceName() {
        return source == null || sourceAddress().isPresent() ? Optional.empty() : Optional.of(source);
    }
}
