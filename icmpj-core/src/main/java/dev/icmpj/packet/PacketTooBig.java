package dev.icmpj.packet;

import java.util.List;
import java.util.Objects;

/**
 * An ICMPv6 packet too big error (type 2, code 0), the IPv6 path MTU discovery signal. As RFC 4443 asks, the
 * decoder ignores the code of a received one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mtu the MTU of the next-hop link, 0..{@link Integer#MAX_VALUE}
 * @param quoted the datagram that was too big
 */
public record PacketTooBig(int mtu, QuotedDatagram quoted) implements IcmpErrorMessage {

    /**
     * Checks the MTU and the version of the quoted datagram.
     *
     * @throws IllegalArgumentException if the MTU is negative or the quoted datagram is IPv4
     */
    public PacketTooBig {
        Objects.requireNonNull(quoted, "quoted");
        Bytes.requireRange("mtu", mtu, 0, Integer.MAX_VALUE);
        Bytes.requireQuoted(IcmpVersion.V6, quoted);
    }

    @Override
    public IcmpVersion version() {
        return IcmpVersion.V6;
    }

    @Override
    public int type() {
        return IcmpTypes.V6_PACKET_TOO_BIG;
    }

    @Override
    public int code() {
        return 0;
    }

    /**
     * Returns no extensions: RFC 4884 does not extend packet too big.
     *
     * @return an empty list
     */
    @Override
    public List<ExtensionObject> extensions() {
        return List.of();
    }

    @Override
    public String description() {
        return "Packet too big: mtu=" + mtu;
    }
}
