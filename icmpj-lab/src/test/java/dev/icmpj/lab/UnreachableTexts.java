package dev.icmpj.lab;

import java.util.List;

/**
 * The text iputils ping prints, and icmpj's {@code description()} gives, for each destination unreachable code:
 * the expectation the lab tests share. Index = code.
 */
public final class UnreachableTexts {
    /** ICMPv4 type 3, codes 0 to 15. */
    public static final List<String> V4 = List.of(
            "Destination Net Unreachable",
            "Destination Host Unreachable",
            "Destination Protocol Unreachable",
            "Destination Port Unreachable",
            "Frag needed and DF set (mtu = 0)",
            "Source Route Failed",
            "Destination Net Unknown",
            "Destination Host Unknown",
            "Source Host Isolated",
            "Destination Net Prohibited",
            "Destination Host Prohibited",
            "Destination Net Unreachable for Type of Service",
            "Destination Host Unreachable for Type of Service",
            "Packet filtered",
            "Precedence Violation",
            "Precedence Cutoff");

    /** ICMPv6 type 1, codes 0 to 7 (iputils prints them after "Destination unreachable: "). */
    public static final List<String> V6 = List.of(
            "No route",
            "Administratively prohibited",
            "Beyond scope of source address",
            "Address unreachable",
            "Port unreachable",
            "Source address failed ingress/egress policy",
            "Reject route to destination",
            "Error in source routing header");

    private UnreachableTexts() {}
}
