package dev.icmpj.internal.linux;

import java.net.InetAddress;

/**
 * One datagram read from an ICMP socket, with what the kernel said about it.
 *
 * <p>Immutable by convention: the data array is not copied and must not be modified.
 *
 * @param data the bytes: from the IP header on (raw IPv4) or from the ICMP header on (raw IPv6, ping
 *     sockets); for a queued error, our original ICMP message
 * @param peer the {@code msg_name} address: the sender, or for a queued error our original destination
 * @param ttl the TTL or hop limit from the control messages, or -1 when none came
 * @param receivedAtEpochNanos the {@code SCM_TIMESTAMPNS} timestamp in ns since the epoch, or 0
 * @param receivedAtMonotonicNanos {@code System.nanoTime()} right after the receive call returned
 * @param error the error-queue information, or {@code null} for an ordinary datagram
 */
public record ReceivedDatagram(
        byte[] data,
        InetAddress peer,
        int ttl,
        long receivedAtEpochNanos,
        long receivedAtMonotonicNanos,
        QueuedError error) {}
