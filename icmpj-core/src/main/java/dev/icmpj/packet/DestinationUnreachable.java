package dev.icmpj.packet;

import java.util.List;
import java.util.Objects;

/**
 * An ICMP destination unreachable error (ICMPv4 type 3, ICMPv6 type 1).
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the ICMP version
 * @param code the code, 0..255 (ICMPv4 0..15 and ICMPv6 0..7 are defined)
 * @param nextHopMtu the next-hop MTU of an ICMPv4 code 4 "fragmentation needed" error (RFC 1191), 0..65535;
 *     0 for every other message (ICMPv6 reports the MTU with {@link PacketTooBig})
 * @param quoted the datagram that could not be delivered
 * @param extensions the RFC 4884 extension objects, possibly empty
 */
public record DestinationUnreachable(
        IcmpVersion version, int code, int nextHopMtu, QuotedDatagram quoted, List<ExtensionObject> extensions)
        implements IcmpErrorMessage {

    /** The ICMPv4 code "fragmentation needed and DF set", which carries the next-hop MTU. */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;

    /**
     * Checks the ranges and the version of the quoted datagram, and copies the extensions.
     *
     * @throws IllegalArgumentException if a value is out of range, {@code nextHopMtu} is not 0 for a message
     *     other than an ICMPv4 code 4, or the quoted datagram is of the other IP version
     */
    public DestinationUnreachable {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(quoted, "quoted");
        extensions = List.copyOf(extensions);
        Bytes.requireRange("code", code, 0, 255);
        if (version == IcmpVersion.V4 && code == CODE_FRAGMENTATION_NEEDED) {
            Bytes.requireRange("nextHopMtu", nextHopMtu, 0, 0xFFFF);
        } else {
            Bytes.requireRange("nextHopMtu", nextHopMtu, 0, 0);
        }
        Bytes.requireQuoted(version, quoted);
    }

    @Override
    public int type() {
        return version == IcmpVersion.V4 ? IcmpTypes.V4_DESTINATION_UNREACHABLE : IcmpTypes.V6_DESTINATION_UNREACHABLE;
    }

    @Override
    public String description() {
        return IcmpDescriptions.destinationUnreachable(version, code, nextHopMtu);
    }
}
