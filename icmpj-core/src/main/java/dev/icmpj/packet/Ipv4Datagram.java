package dev.icmpj.packet;

import java.util.Objects;

/**
 * An IPv4 datagram carrying an ICMP message, as a raw IPv4 socket delivers it; see
 * {@link IcmpCodec#decodeIpv4}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param header the IPv4 header, or {@code null} when the bytes did not start with a valid one (the message
 *     is then an {@link UnparseableMessage} holding all the bytes)
 * @param message the ICMP message after the header
 */
public record Ipv4Datagram(Ipv4Header header, IcmpMessage message) {

    /**
     * Checks that the message is present, and unparseable when the header is absent.
     *
     * @throws IllegalArgumentException if the header is null and the message is not an {@link UnparseableMessage}
     */
    public Ipv4Datagram {
        Objects.requireNonNull(message, "message");
        if (header == null && !(message instanceof UnparseableMessage)) {
            throw new IllegalArgumentException("a datagram without a header must hold an UnparseableMessage");
        }
    }
}
