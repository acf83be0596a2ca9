package dev.icmpj.exporter;

import dev.icmpj.socket.Family;
import java.util.List;

/**
 * Which addresses of a target name are probed: IPv4 only, IPv6 only, both (one target per family, for a name
 * with A and AAAA records), or the resolver's first, whatever its family.
 *
 * <p>Immutable and thread-safe.
 */
public enum FamilyChoice {
    /** The first IPv4 address ({@code family: 4}). */
    IPV4,
    /** The first IPv6 address ({@code family: 6}). */
    IPV6,
    /** The first address of each family, each probed as a target of its own ({@code family: both}). */
    BOTH,
    /** The resolver's first address ({@code family: any}, the default). */
    ANY;

    /**
     * Parses the config's spelling.
     *
     * @param text {@code 4}, {@code 6}, {@code both} or {@code any}
     * @return the choice
     * @throws IllegalArgumentException for anything else
     */
    public static FamilyChoice parse(String text) {
        return switch (text) {
            case "4", "ip4", "ipv4" -> IPV4;
            case "6", "ip6", "ipv6" -> IPV6;
            case "both" -> BOTH;
            case "any" -> ANY;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not 4, 6, both or any");
        };
    }

    /** The families probed for a name whose addresses are {@code found}, in the resolver's order. */
    List<Family> probed(List<Family> found) {
        return switch (this) {
            case IPV4 -> found.contains(Family.IPV4) ? List.of(Family.IPV4) : List.of();
            case IPV6 -> found.contains(Family.IPV6) ? List.of(Family.IPV6) : List.of();
            case ANY -> found.isEmpty() ? List.of() : List.of(found.getFirst());
            case BOTH -> found.stream().distinct().toList();
        };
    }

    /** As the config writes it. */
    String text() {
        return switch (this) {
            case IPV4 -> "4";
            case IPV6 -> "6";
            case BOTH -> "both";
            case ANY -> "any";
        };
    }
}
