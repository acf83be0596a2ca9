package dev.icmpj.packet;

/**
 * The ICMP protocol version: ICMPv4 (IP protocol 1) or ICMPv6 (IPv6 next header 58).
 *
 * <p>Immutable and thread-safe.
 */
public enum IcmpVersion {
    /** ICMP for IPv4, RFC 792. */
    V4(1, 8, 0),
    /** ICMP for IPv6, RFC 4443. */
    V6(58, 128, 129);

    private final int ipProtocol;
    private final int echoRequestType;
    private final int echoReplyType;

    IcmpVersion(int ipProtocol, int echoRequestType, int echoReplyType) {
        this.ipProtocol = ipProtocol;
        this.echoRequestType = echoRequestType;
        this.echoReplyType = echoReplyType;
    }

    /**
     * Returns the IP protocol number (IPv4) or next header (IPv6) of this ICMP version.
     *
     * @return 1 for ICMPv4, 58 for ICMPv6
     */
    public int ipProtocol() {
        return ipProtocol;
    }

    /**
     * Returns the type of an echo request.
     *
     * @return 8 for ICMPv4, 128 for ICMPv6
     */
    public int echoRequestType() {
        return echoRequestType;
    }

    /**
     * Returns the type of an echo reply.
     *
     * @return 0 for ICMPv4, 129 for ICMPv6
     */
    public int echoReplyType() {
        return echoReplyType;
    }
}
