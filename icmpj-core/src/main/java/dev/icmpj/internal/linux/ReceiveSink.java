package dev.icmpj.internal.linux;

/**
 * Receives what {@link IcmpChannel#receive} reads, sorted once: our echo replies in place (fields only, no
 * object), the kernel's transmit timestamps, and every other datagram copied out. Each method drops what it is
 * given by default.
 */
public interface ReceiveSink {

    /** A sink that drops everything. */
    ReceiveSink DISCARD = new ReceiveSink() {};

    /**
     * One echo reply with our identifier, read in place.
     *
     * @param entry the receive entry, for {@link IcmpChannel#payloadEquals} and {@link IcmpChannel#payload}
     *     during this call
     * @param ipv4 the source's 32 bits when IPv4
     * @param high the first 64 bits of the source when IPv6
     * @param low the last 64 bits of the source when IPv6
     * @param identifier the echo identifier
     * @param sequence the echo sequence
     * @param ttl the TTL / hop limit, or -1
     * @param icmpBytes the size of the ICMP message
     * @param payloadOffset where the echo data starts in the entry
     * @param receivedAtEpochNanos the kernel's receive timestamp, or 0
     * @param receivedAtMonotonicNanos {@code System.nanoTime()} after the call returned
     * @param checksumValid false when the ICMP checksum is wrong: checked here on a raw ICMPv4 socket, whose
     *     kernel does not check it (it does for ping sockets and ICMPv6)
     */
    default void echoReply(
            int entry,
            int ipv4,
            long high,
            long low,
            int identifier,
            int sequence,
            int ttl,
            int icmpBytes,
            int payloadOffset,
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            boolean checksumValid) {}

    /**
     * A software transmit timestamp from the error queue.
     *
     * @param timestamp its key and time
     */
    default void transmitTimestamp(TransmitTimestamp timestamp) {}

    /**
     * Any other datagram (an ICMP error, another identifier's echo reply, ...), copied out.
     *
     * @param datagram what was read
     */
    default void datagram(ReceivedDatagram datagram) {}
}
