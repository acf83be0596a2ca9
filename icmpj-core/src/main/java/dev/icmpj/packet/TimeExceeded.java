package dev.icmpj.packet;

import java.util.List;
import java.util.Objects;

/**
 * An ICMP time exceeded error (ICMPv4 type 11, ICMPv6 type 3): code 0 is the TTL or hop limit reaching zero
 * in transit (what traceroute provokes), code 1 a fragment reassembly timeout.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the ICMP version
 * @param code the code, 0..255 (0 and 1 are defined)
 * @param quoted the datagram that was dropped
 * @param extensions the RFC 4884 extension objects (e.g. an RFC 4950 MPLS label stack), possibly empty
 */
public record TimeExceeded(IcmpVersion version, int code, QuotedDatagram quoted, List<ExtensionObject> extensions)
        implements IcmpErrorMessage {

    /**
     * Checks the code and the version of the quoted datagram, and copies the extensions.
     *
     * @throws IllegalArgumentException if the code is out of range or the quoted datagram is of the other
     *     IP version
     */
    public TimeExceeded {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(quoted, "quoted");
        extensions = List.copyOf(extensions);
        Bytes.requireRange("code", code, 0, 255);
        Bytes.requireQuoted(version, quoted);
    }

    @Override
    public int type() {
        return version == IcmpVersion.V4 ? IcmpTypes.V4_TIME_EXCEEDED : IcmpTypes.V6_TIME_EXCEEDED;
    }

    @Override
    public String description() {
        return IcmpDescriptions.timeExceeded(version, code);
    }
}
