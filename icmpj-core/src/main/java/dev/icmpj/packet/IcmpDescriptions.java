package dev.icmpj.packet;

import java.net.Inet4Address;

/**
 * Human descriptions of ICMP types and codes, in the wording of iputils' {@code ping} where it has one
 * (ICMPv4: {@code pr_icmph}; ICMPv6: {@code print_icmp}); stateless.
 */
final class IcmpDescriptions {

    private static final String[] V4_UNREACHABLE = {
        "Destination Net Unreachable",
        "Destination Host Unreachable",
        "Destination Protocol Unreachable",
        "Destination Port Unreachable",
        "Frag needed and DF set",
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
        "Precedence Cutoff",
    };
    private static final String[] V6_UNREACHABLE = {
        "Destination unreachable: No route",
        "Destination unreachable: Administratively prohibited",
        "Destination unreachable: Beyond scope of source address",
        "Destination unreachable: Address unreachable",
        "Destination unreachable: Port unreachable",
        "Destination unreachable: Source address failed ingress/egress policy",
        "Destination unreachable: Reject route to destination",
        "Destination unreachable: Error in source routing header",
    };
    private static final String[] V4_TIME_EXCEEDED = {"Time to live exceeded", "Frag reassembly time exceeded"};
    private static final String[] V6_TIME_EXCEEDED = {
        "Time exceeded: Hop limit", "Time exceeded: Defragmentation failure"
    };
    private static final String[] V4_PARAMETER_PROBLEM = {
        "Parameter problem: pointer = ",
        "Parameter problem: missing required option, pointer = ",
        "Parameter problem: bad length, pointer = ",
    };
    private static final String[] V6_PARAMETER_PROBLEM = {
        "Parameter problem: Wrong header field at ", "Parameter problem: Unknown header at ",
        "Parameter problem: Unknown option at ", "Parameter problem: Incomplete header chain at ",
    };
    private static final String[] V4_REDIRECT = {
        "Redirect Network",
        "Redirect Host",
        "Redirect Type of Service and Network",
        "Redirect Type of Service and Host",
    };

    private IcmpDescriptions() {}

    static String destinationUnreachable(IcmpVersion version, int code, int nextHopMtu) {
        if (version == IcmpVersion.V4 && code == DestinationUnreachable.CODE_FRAGMENTATION_NEEDED) {
            return V4_UNREACHABLE[code] + " (mtu = " + nextHopMtu + ")";
        }
        String[] table = version == IcmpVersion.V4 ? V4_UNREACHABLE : V6_UNREACHABLE;
        return code < table.length ? table[code] : generic(version, "Destination unreachable", code);
    }

    static String timeExceeded(IcmpVersion version, int code) {
        String[] table = version == IcmpVersion.V4 ? V4_TIME_EXCEEDED : V6_TIME_EXCEEDED;
        return code < table.length ? table[code] : generic(version, "Time exceeded", code);
    }

    static String parameterProblem(IcmpVersion version, int code, int pointer) {
        String[] table = version == IcmpVersion.V4 ? V4_PARAMETER_PROBLEM : V6_PARAMETER_PROBLEM;
        return code < table.length
                ? table[code] + pointer
                : generic(version, "Parameter problem", code) + ", pointer = " + pointer;
    }

    static String redirect(int code, Inet4Address gateway) {
        String kind = code < V4_REDIRECT.length ? V4_REDIRECT[code] : generic(IcmpVersion.V4, "Redirect", code);
        return kind + " (New nexthop: " + AddressText.of(gateway) + ")";
    }

    static String other(IcmpVersion version, int type, int code) {
        String name = version == IcmpVersion.V4 ? v4TypeName(type) : v6TypeName(type);
        String text = name != null ? name : "Unknown " + Bytes.name(version) + " type " + type;
        return code == 0 ? text : text + ", code " + code;
    }

    /**
     * The text of a code no RFC defines for its type; names the type and the code.
     *
     * @param typeName the type, e.g. {@code "Time exceeded"}
     */
    static String generic(IcmpVersion version, String typeName, int code) {
        return typeName + ", unknown " + Bytes.name(version) + " code " + code;
    }

    private static String v4TypeName(int type) {
        return switch (type) {
            case 6 -> "Alternate Host Address";
            case 9 -> "Router Advertisement";
            case 10 -> "Router Solicitation";
            case 13 -> "Timestamp";
            case 14 -> "Timestamp Reply";
            case 15 -> "Information Request";
            case 16 -> "Information Reply";
            case 17 -> "Address Mask Request";
            case 18 -> "Address Mask Reply";
            case 30 -> "Traceroute";
            case 42 -> "Extended Echo Request";
            case 43 -> "Extended Echo Reply";
            default -> null;
        };
    }

    private static String v6TypeName(int type) {
        return switch (type) {
            case 130 -> "MLD Query";
            case 131 -> "MLD Report";
            case 132 -> "MLD Reduction";
            case 133 -> "Router Solicitation";
            case 134 -> "Router Advertisement";
            case 135 -> "Neighbor Solicitation";
            case 136 -> "Neighbor Advertisement";
            case 137 -> "Redirect";
            case 138 -> "Router Renumbering";
            case 139 -> "Node Information Query";
            case 140 -> "Node Information Response";
            case 143 -> "MLDv2 Report";
            case 160 -> "Extended Echo Request";
            case 161 -> "Extended Echo Reply";
            default -> null;
        };
    }
}
