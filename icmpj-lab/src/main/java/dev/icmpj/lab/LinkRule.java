package dev.icmpj.lab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An nftables rule installed on a {@link LabLink}, with the named counter of the packets it acted on
 * (dropped or rejected). The kernel's {@code numgen random} cannot be seeded, so a loss rule is not
 * reproducible; its counter says exactly how many packets it dropped.
 *
 * <p>Thread-safe: each read runs {@code nft} in the rule's namespace.
 */
public final class LinkRule {
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

    private final LabNode node;
    private final String counter;
    private final String description;

    LinkRule(LabNode node, String counter, String description) {
        this.node = node;
        this.counter = counter;
        this.description = description;
    }

    /**
     * Reads the rule's counter.
     *
     * @return how many packets the rule dropped or rejected so far
     */
    public long packets() {
        String out = node.exec("nft", "list", "counter", "inet", Topology.NFT_TABLE, counter);
        Matcher m = PACKETS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no packet count in: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Deletes the rule; its counter stays readable. */
    public void remove() {
        String chain = node.exec("nft", "-a", "list", "chain", "inet", Topology.NFT_TABLE, Topology.NFT_CHAIN);
        Matcher m = Pattern.compile("counter name \"" + counter + "\".*# handle (\\d+)")
                .matcher(chain);
        if (!m.find()) {
            throw new IllegalStateException("rule " + counter + " not found in: " + chain);
        }
        node.exec("nft", "delete", "rule", "inet", Topology.NFT_TABLE, Topology.NFT_CHAIN, "handle", m.group(1));
    }

    @Override
    public String toString() {
        return description + " on " + node.role() + " (counter " + counter + ")";
    }
}
