package dev.icmpj.internal.linux;

/** Receives echo replies read in place by {@link IcmpChannel#receiveInPlace}: fields only, no object. */
@FunctionalInterface
public interface EchoSink {

    /**
     * One echo reply with our identifier.
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
     */
    void echoReply(
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
            long receivedAtMonotonicNanos);
}
