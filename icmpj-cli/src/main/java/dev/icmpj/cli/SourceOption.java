package dev.icmpj.cli;

import java.net.InetAddress;
import java.util.Optional;

/**
 * iputils' and fping's {@code -I}: the source address or interface to send from. Mixed into ping and
 * multiping ({@link #declareOn}).
 *
 * <p>Not thread-safe: filled by picocli while parsing, then read by the command.
 */
public final class SourceOption {
    private String source;

    /** Creates the option, unset. */
    public SourceOption() {}

    /**
     * Declares the option on a command.
     *
     * @param command the command's declaration
     */
    void declareOn(SpecBuilder command) {
        command.option(
                "-I",
                "SRC",
                String.class,
                "Source address (an IP address) or interface name (e.g. eth0) to send from.",
                () -> source,
                v -> source = v);
    }

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
