package dev.icmpj.socket;

import dev.icmpj.packet.AddressText;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ICMP echo request to send: destination, identifier, sequence, payload and per-packet IP fields.
 *
 * <p>On an unprivileged ping socket the kernel replaces the identifier with the socket's own
 * ({@link IcmpSocket#identifier()}); the {@link SentRequest} returned by {@link IcmpSocket#send} holds
 * the identifier actually used.
 *
 * <p>Immutable and thread-safe: the payload is copied in and out.
 *
 * @param destination where to send, IPv4 or IPv6
 * @param identifier the echo identifier, 0..65535
 * @param sequence the echo sequence number, 0..65535
 * @param payload the echo data (copied), at most {@link #MAX_PAYLOAD_V4} or {@link #MAX_PAYLOAD_V6} bytes
 * @param ttl the IPv4 TTL or IPv6 hop limit, 1..255, or 0 for the socket's own
 * @param trafficClass the IPv4 TOS or IPv6 traffic class, 0..255, or -1 for the socket's own
 */
public record IcmpRequest(
        InetAddress destination, int identifier, int sequence, byte[] payload, int ttl, int trafficClass) {

    /** The largest ICMPv4 echo payload: 65,535 - 20 (IP header) - 8 (ICMP header). */
    public static final int MAX_PAYLOAD_V4 = 65_507;
    /** The largest ICMPv6 echo payload without jumbograms: 65,535 - 8 (ICMPv6 header). */
    public static final int MAX_PAYLOAD_V6 = 65_527;

    /** Validates every field and copies the payload. */
    public IcmpRequest {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
        requireRange("identifier", identifier, 0, 0xFFFF);
        requireRange("sequence", sequence, 0, 0xFFFF);
        if (ttl != 0) {
            requireRange("ttl", ttl, 1, 255);
        }
        if (trafficClass != -1) {
            requireRange("trafficClass", trafficClass, 0, 255);
        }
        int max = maxPayload(destination);
        if (payload.length > max) {
            throw new IllegalArgumentException("payload is " + payload.length + " bytes; the largest "
                    + (max == MAX_PAYLOAD_V4 ? "ICMPv4" : "ICMPv6") + " echo payload is " + max + " bytes");
        }
        payload = payload.clone();
    }

    /**
     * Creates a request with the socket's TTL and traffic class.
     *
     * @param destination where to send
     * @param identifier the echo identifier, 0..65535
     * @param sequence the echo sequence, 0..65535
     * @param payload the echo data
     * @return the request
     */
    public static IcmpRequest of(InetAddress destination, int identifier, int sequence, byte[] payload) {
        return new IcmpRequest(destination, identifier, sequence, payload, 0, -1);
    }

    /**
     * Returns the largest echo payload for the family of a destination.
     *
     * @param destination an IPv4 or IPv6 address
     * @return {@link #MAX_PAYLOAD_V4} or {@link #MAX_PAYLOAD_V6}
     */
    public static int maxPayload(InetAddress destination) {
        return destination instanceof java.net.Inet4Address ? MAX_PAYLOAD_V4 : MAX_PAYLOAD_V6;
    }

    /**
     * Returns a copy of the payload.
     *
     * @return the echo data
     */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Returns the payload length without copying it.
     *
     * @return the number of payload bytes
     */
    public int payloadSize() {
        return payload.length;
    }

    /**
     * Returns a copy of this request with another sequence number.
     *
     * @param newSequence 0..65535
     * @return the new request
     */
    public IcmpRequest withSequence(int newSequence) {
        return new IcmpRequest(destination, identifier, newSequence, payload, ttl, trafficClass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpRequest r
                && destination.equals(r.destination)
                && identifier == r.identifier
                && sequence == r.sequence
                && Arrays.equals(payload, r.payload)
                && ttl == r.ttl
                && trafficClass == r.trafficClass;
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, identifier, sequence, Arrays.hashCode(payload), ttl, trafficClass);
    }

    @Override
    public String toString() {
        return "IcmpRequest[destination=" + AddressText.of(destination) + ", identifier=" + identifier
                + ", sequence=" + sequence + ", payloadSize=" + payload.length + ", ttl=" + ttl
                + ", trafficClass=" + trafficClass + "]";
    }

    static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be between " + min + " and " + max);
        }
    }
}
