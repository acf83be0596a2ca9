package dev.icmpj.lab;

import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;

/**
 * An echo request as a {@link TunPeer} read it from its TUN device.
 *
 * @param version ICMPv4 or ICMPv6
 * @param source the probe's source address
 * @param destination the probe's destination address (somewhere in the peer's subnet)
 * @param identifier the echo identifier
 * @param sequence the echo sequence number
 * @param payloadLength bytes after the 8-byte ICMP header
 * @param hopLimit the TTL or hop limit the probe arrived with
 * @param receivedNanos {@link System#nanoTime()} right after {@code read(2)} returned it (a TUN device has no
 *     kernel receive timestamp)
 */
public record ReceivedProbe(
        IcmpVersion version,
        InetAddress source,
        InetAddress destination,
        int identifier,
        int sequence,
        int payloadLength,
        int hopLimit,
        long receivedNanos) {}
