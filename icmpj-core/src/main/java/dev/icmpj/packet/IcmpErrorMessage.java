package dev.icmpj.packet;

import java.util.List;

/**
 * An ICMP error message: it quotes the beginning of the datagram that caused it and may carry RFC 4884
 * extension objects (e.g. the MPLS label stack of RFC 4950).
 *
 * <p>Every implementation is an immutable record and is thread-safe.
 */
public sealed interface IcmpErrorMessage extends IcmpMessage
        permits DestinationUnreachable, TimeExceeded, ParameterProblem, Redirect, SourceQuench, PacketTooBig {

    /**
     * Returns the datagram that caused this error, as quoted by its sender.
     *
     * @return the quoted datagram
     */
    QuotedDatagram quoted();

    /**
     * Returns the RFC 4884 extension objects of this message.
     *
     * @return an unmodifiable list, empty when there are none
     */
    List<ExtensionObject> extensions();
}
