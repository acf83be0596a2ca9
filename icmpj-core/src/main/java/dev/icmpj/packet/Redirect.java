package dev.icmpj.packet;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * An ICMPv4 redirect (type 5): the sender tells us a better first hop for the quoted datagram's destination.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code the code, 0..255 (0..3 are defined: network, host, type of service and network, type of
 *     service and host)
 * @param gateway the better first hop
 * @param quoted the datagram that was redirected
 */
public record Redirect(int code, Inet4Address gateway, QuotedDatagram quoted) implements IcmpErrorMessage {

    /**
     * Checks the code and the version of the quoted datagram.
     *
     * @throws IllegalArgumentException if the code is out of range or the quoted datagram is IPv6
     */
    public Redirect {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(quoted, "quoted");
        Bytes.requireRange("code", code, 0, 255);
        Bytes.requireQuoted(IcmpVersion.V4, quoted);
    }

    @Override
    public IcmpVersion version() {
        return IcmpVersion.V4;
    }

    @Override
    public int type() {
        return IcmpTypes.V4_REDIRECT;
    }

    /**
     * Returns no extensions: RFC 4884 does not extend redirects.
     *
     * @return an empty list
     */
    @Override
    public List<ExtensionObject> extensions() {
        return List.of();
    }

    @Override
    public String description() {
        return IcmpDescriptions.redirect(code, gateway);
    }
}
