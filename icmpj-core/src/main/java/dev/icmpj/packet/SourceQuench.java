package dev.icmpj.packet;

import java.util.List;
import java.util.Objects;

/**
 * An ICMPv4 source quench (type 4, code 0), deprecated by RFC 6633 but still seen.
 *
 * <p>Immutable and thread-safe.
 *
 * @param quoted the datagram that provoked it
 */
public record SourceQuench(QuotedDatagram quoted) implements IcmpErrorMessage {

    /**
     * Checks the version of the quoted datagram.
     *
     * @throws IllegalArgumentException if the quoted datagram is IPv6
     */
    public SourceQuench {
        Objects.requireNonNull(quoted, "quoted");
        Bytes.requireQuoted(IcmpVersion.V4, quoted);
    }

    @Override
    public IcmpVersion version() {
        return IcmpVersion.V4;
    }

    @Override
    public int type() {
        return IcmpTypes.V4_SOURCE_QUENCH;
    }

    @Override
    public int code() {
        return 0;
    }

    /**
     * Returns no extensions: RFC 4884 does not extend source quench.
     *
     * @return an empty list
     */
    @Override
    public List<ExtensionObject> extensions() {
        return List.of();
    }

    @Override
    public String description() {
        return "Source Quench";
    }
}
