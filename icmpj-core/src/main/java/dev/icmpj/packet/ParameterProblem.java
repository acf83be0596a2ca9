package dev.icmpj.packet;

import java.util.List;
import java.util.Objects;

/**
 * An ICMP parameter problem error (ICMPv4 type 12, ICMPv6 type 4).
 *
 * <p>ICMPv6 parameter problem messages have a 32-bit pointer and no room for the RFC 4884 length
 * attribute, so they carry no extensions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the ICMP version
 * @param code the code, 0..255 (ICMPv4 0..2 and ICMPv6 0..3 are defined)
 * @param pointer the offset of the offending octet in the quoted datagram: ICMPv4 0..255, ICMPv6
 *     0..{@link Integer#MAX_VALUE}
 * @param quoted the datagram that had the problem
 * @param extensions the RFC 4884 extension objects; always empty for ICMPv6
 */
public record ParameterProblem(
        IcmpVersion version, int code, int pointer, QuotedDatagram quoted, List<ExtensionObject> extensions)
        implements IcmpErrorMessage {

    /**
     * Checks the ranges and the version of the quoted datagram, and copies the extensions.
     *
     * @throws IllegalArgumentException if a value is out of range, the quoted datagram is of the other IP
     *     version, or an ICMPv6 message has extensions
     */
    public ParameterProblem {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(quoted, "quoted");
        extensions = List.copyOf(extensions);
        Bytes.requireRange("code", code, 0, 255);
        Bytes.requireRange("pointer", pointer, 0, version == IcmpVersion.V4 ? 255 : Integer.MAX_VALUE);
        Bytes.requireQuoted(version, quoted);
        if (version == IcmpVersion.V6 && !extensions.isEmpty()) {
            throw new IllegalArgumentException("an ICMPv6 parameter problem cannot carry RFC 4884 extensions");
        }
    }

    @Override
    public int type() {
        return version == IcmpVersion.V4 ? IcmpTypes.V4_PARAMETER_PROBLEM : IcmpTypes.V6_PARAMETER_PROBLEM;
    }

    @Override
    public String description() {
        return IcmpDescriptions.parameterProblem(version, code, pointer);
    }
}
