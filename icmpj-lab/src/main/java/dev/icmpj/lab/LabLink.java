package dev.icmpj.lab;

import dev.icmpj.packet.IcmpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A veth link of a {@link Topology} between two neighbouring nodes, the left one nearer the client.
 * Link {@code i} holds 198.18.i.0/24 (left .1, right .2) and fd00:0:0:i::/64 (left ::1, right ::2);
 * on both nodes its interface is named {@code lab<i>}.
 *
 * <p>Rules are nftables rules in the receiving node's {@code inet icmpj_lab} table, prerouting hook,
 * matching packets that arrive over this link in the given {@link Direction}; IPv6 neighbour discovery
 * is never affected. Each rule has its own counter. Thread-safe: the link is immutable and each rule
 * is installed by one {@code nft} run.
 */
public final class LabLink {
    private static final AtomicInteger RULES = new AtomicInteger();

    private final int index;
    private final LabNode left;
    private final LabNode right;
    private final Inet4Address leftIpv4;
    private final Inet4Address rightIpv4;
    private final Inet6Address leftIpv6;
    private final Inet6Address rightIpv6;

    LabLink(
            int index,
            LabNode left,
            LabNode right,
            Inet4Address leftIpv4,
            Inet4Address rightIpv4,
            Inet6Address leftIpv6,
            Inet6Address rightIpv6) {
        this.index = index;
        this.left = left;
        this.right = right;
        this.leftIpv4 = leftIpv4;
        this.rightIpv4 = rightIpv4;
        this.leftIpv6 = leftIpv6;
        this.rightIpv6 = rightIpv6;
    }

    /** The link's index: 0 is the client's link, the last one the server's. */
    public int index() {
        return index;
    }

    /** The interface name of this link on both of its nodes. */
    public String interfaceName() {
        return "lab" + index;
    }

    /** The node on the client's side. */
    public LabNode left() {
        return left;
    }

    /** The node on the server's side. */
    public LabNode right() {
        return right;
    }

    /** The left node's IPv4 address on this link (198.18.i.1). */
    public Inet4Address leftIpv4() {
        return leftIpv4;
    }

    /** The right node's IPv4 address on this link (198.18.i.2). */
    public Inet4Address rightIpv4() {
        return rightIpv4;
    }

    /** The left node's IPv6 address on this link (fd00:0:0:i::1). */
    public Inet6Address leftIpv6() {
        return leftIpv6;
    }

    /** The right node's IPv6 address on this link (fd00:0:0:i::2). */
    public Inet6Address rightIpv6() {
        return rightIpv6;
    }

    /**
     * Drops a random share of the packets (IPv4 and IPv6) crossing the link in one direction.
     *
     * @param direction which way
     * @param percent 0..100
     * @return the rule, whose counter is the number of packets dropped
     */
    public LinkRule loss(Direction direction, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in 0..100: " + percent);
        }
        return install(
                direction, "numgen random mod 100 < " + percent + " counter name %s drop", "loss " + percent + "%");
    }

    /**
     * Drops every packet (IPv4 and IPv6) crossing the link in one direction.
     *
     * @param direction which way
     * @return the rule, whose counter is the number of packets dropped
     */
    public LinkRule drop(Direction direction) {
        return install(direction, "counter name %s drop", "drop");
    }

    /**
     * Rejects the packets of one IP version crossing the link in one direction with an ICMP destination
     * unreachable (ICMPv4 type 3, ICMPv6 type 1) of a chosen code, sent by the receiving node. These are the
     * only ICMP errors the kernel's reject can send; other types come from a {@link TunPeer}.
     *
     * @param direction which way
     * @param version which packets: IPv4 ones get an ICMPv4 error, IPv6 ones an ICMPv6 error
     * @param code the unreachable code: 0..15 for ICMPv4, 0..6 for ICMPv6
     * @return the rule, whose counter is the number of packets rejected
     */
    public LinkRule reject(Direction direction, IcmpVersion version, int code) {
        int max = version == IcmpVersion.V4 ? 15 : 6;
        if (code < 0 || code > max) {
            throw new IllegalArgumentException("code must be in 0.." + max + " for " + version + ": " + code);
        }
        String family = version == IcmpVersion.V4 ? "meta nfproto ipv4" : "meta nfproto ipv6";
        String with = version == IcmpVersion.V4 ? "icmp " : "icmpv6 ";
        return install(
                direction,
                family + " counter name %s reject with " + with + code,
                "reject " + version + " unreachable code " + code);
    }

    private LinkRule install(Direction direction, String statement, String description) {
        LabNode receiver = direction == Direction.TOWARD_SERVER ? right : left;
        String counter = "rule" + RULES.incrementAndGet();
        String rule = "iifname \"" + interfaceName() + "\" " + statement.formatted(counter);
        receiver.exec(
                "nft",
                "add counter inet " + Topology.NFT_TABLE + " " + counter + "; add rule inet " + Topology.NFT_TABLE + " "
                        + Topology.NFT_CHAIN + " " + rule);
        return new LinkRule(receiver, counter, description + " " + direction + " on link " + index);
    }

    @Override
    public String toString() {
        return "link " + index + " " + left.role() + " <-> " + right.role();
    }
}
