package dev.icmpj.lab;

import dev.icmpj.packet.AddressText;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chain of network namespaces: client, routers r1..rN, server, joined by veth {@linkplain LabLink links},
 * addressed in 198.18.0.0/15 and fd00::/8, routed so that every hop decrements the TTL. Namespaces are
 * named {@code icmpj-lab<pid>-<n>-<role>}; {@link #close()} deletes them (and so their links), and
 * namespaces left by a killed JVM are swept when this class loads.
 *
 * <p>In every namespace: DAD off, ICMP error rate limits off ({@code icmp_ratelimit}, {@code icmp_ratemask},
 * {@code net.ipv6.icmp.ratelimit}), forwarding on in routers, and an empty nftables table
 * {@code inet icmpj_lab} for link rules. Only the client and the server have aggregate routes
 * (198.18.0.0/15, fd00::/8); routers route the client's side link by link and everything else toward the
 * server, so a {@link TunPeer} subnet attached to the server is reachable from the client. The path is
 * warmed up (one IPv4 and one IPv6 ping, client to server) before {@link #chain} returns.
 *
 * <pre>{@code
 * try (Topology lab = Topology.chain(2)) {
 *     lab.link(2).loss(Direction.TOWARD_SERVER, 30);
 *     ProcessRunner.Result r = lab.client().run("ping", "-c", "1", "-t", "2",
 *             lab.server().ipv4().getHostAddress());   // "From 198.18.1.2 ... Time to live exceeded"
 * }
 * }</pre>
 *
 * <p>Not thread-safe to build or close; the accessors of a built topology may be used from any thread.
 */
public final class Topology implements AutoCloseable {
    static final String NFT_TABLE = "icmpj_lab";
    static final String NFT_CHAIN = "pre";
    private static final String PREFIX = "icmpj-lab";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int MAX_ROUTERS = 32;

    static {
        NetworkNamespace.sweepStale(PREFIX);
    }

    private final List<LabNode> nodes;
    private final List<LabLink> links;
    private final String prefix;
    private boolean closed;

    private Topology(String prefix, List<LabNode> nodes, List<LabLink> links) {
        this.prefix = prefix;
        this.nodes = nodes;
        this.links = links;
    }

    /** The prefix of this process's lab namespaces, {@code icmpj-lab<pid>-}. */
    public static String runPrefix() {
        return PREFIX + ProcessHandle.current().pid() + "-";
    }

    /**
     * Builds client — r1 — ... — rN — server. With 0 routers the client and the server share a link.
     *
     * @param routers N, 0..32
     * @return the topology, to close
     */
    public static Topology chain(int routers) {
        if (routers < 0 || routers > MAX_ROUTERS) {
            throw new IllegalArgumentException("routers must be in 0.." + MAX_ROUTERS + ": " + routers);
        }
        String prefix = runPrefix() + COUNTER.incrementAndGet() + "-";
        List<NetworkNamespace> created = new ArrayList<>();
        try {
            List<String> roles = new ArrayList<>();
            roles.add("client");
            for (int r = 1; r <= routers; r++) {
                roles.add("r" + r);
            }
            roles.add("server");
            for (String role : roles) {
                created.add(NetworkNamespace.create(prefix + role));
            }
            int last = roles.size() - 1;
            List<LabNode> nodes = new ArrayList<>();
            for (int k = 0; k <= last; k++) {
                int facing = Math.max(k - 1, 0);
                nodes.add(new LabNode(
                        roles.get(k), created.get(k), v4(facing, k == 0 ? 1 : 2), v6(facing, k == 0 ? 1 : 2)));
            }
            List<LabLink> links = new ArrayList<>();
            for (int i = 0; i < last; i++) {
                links.add(new LabLink(i, nodes.get(i), nodes.get(i + 1), v4(i, 1), v4(i, 2), v6(i, 1), v6(i, 2)));
            }
            Topology topology = new Topology(prefix, List.copyOf(nodes), List.copyOf(links));
            topology.configure();
            return topology;
        } catch (RuntimeException | Error e) {
            created.reversed().forEach(NetworkNamespace::close);
            throw e;
        }
    }

    private void configure() {
        int last = nodes.size() - 1;
        for (int k = 0; k <= last; k++) {
            LabNode node = nodes.get(k);
            boolean router = k > 0 && k < last;
            node.exec(
                    "sysctl",
                    "-qw",
                    "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0",
                    "net.ipv4.icmp_ratelimit=0",
                    "net.ipv4.icmp_ratemask=0",
                    "net.ipv6.icmp.ratelimit=0",
                    "net.ipv4.ip_forward=" + (router ? 1 : 0),
                    "net.ipv6.conf.all.forwarding=" + (router ? 1 : 0));
            node.exec(
                    "nft",
                    "add table inet " + NFT_TABLE + "; add chain inet " + NFT_TABLE + " " + NFT_CHAIN
                            + " { type filter hook prerouting priority 0; policy accept; }; add rule inet " + NFT_TABLE
                            + " "
                            + NFT_CHAIN + " icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit,"
                            + " nd-router-advert, mld-listener-query, mld-listener-report, mld-listener-done,"
                            + " mld2-listener-report } accept");
        }
        for (LabLink link : links) {
            batch(
                    link.left(),
                    List.of("link add " + link.interfaceName() + " type veth peer name " + link.interfaceName()
                            + " netns " + link.right().namespace().name()));
        }
        for (int k = 0; k <= last; k++) {
            batch(nodes.get(k), addressesAndRoutes(k));
        }
        String server4 = server().ipv4().getHostAddress();
        String server6 = AddressText.of(server().ipv6());
        // until one reply (neighbour discovery may eat the first probes), every 100 ms, 3 s at most
        client().exec("ping", "-c", "1", "-i", "0.1", "-w", "3", server4);
        client().exec("ping", "-6", "-c", "1", "-i", "0.1", "-w", "3", server6);
    }

    private List<String> addressesAndRoutes(int k) {
        int last = nodes.size() - 1;
        List<String> commands = new ArrayList<>();
        if (k > 0) {
            LabLink left = links.get(k - 1);
            commands.addAll(up(left, left.rightIpv4(), left.rightIpv6()));
        }
        if (k < last) {
            LabLink right = links.get(k);
            commands.addAll(up(right, right.leftIpv4(), right.leftIpv6()));
        }
        if (k == 0) {
            commands.add("route add 198.18.0.0/15 via "
                    + links.getFirst().rightIpv4().getHostAddress());
            commands.add(
                    "route add fd00::/8 via " + links.getFirst().rightIpv6().getHostAddress());
        } else if (k == last) {
            commands.add(
                    "route add 198.18.0.0/15 via " + links.getLast().leftIpv4().getHostAddress());
            commands.add("route add fd00::/8 via " + links.getLast().leftIpv6().getHostAddress());
        } else {
            LabLink left = links.get(k - 1);
            LabLink right = links.get(k);
            commands.add("route add 198.18.0.0/15 via " + right.rightIpv4().getHostAddress());
            commands.add("route add fd00::/8 via " + right.rightIpv6().getHostAddress());
            for (int j = 0; j < k - 1; j++) {
                commands.add(
                        "route add 198.18." + j + ".0/24 via " + left.leftIpv4().getHostAddress());
                commands.add("route add fd00:0:0:" + Integer.toHexString(j) + "::/64 via "
                        + left.leftIpv6().getHostAddress());
            }
        }
        return commands;
    }

    private static List<String> up(LabLink link, Inet4Address v4, Inet6Address v6) {
        String dev = link.interfaceName();
        return List.of(
                "addr add " + v4.getHostAddress() + "/24 dev " + dev,
                "addr add " + v6.getHostAddress() + "/64 dev " + dev + " nodad",
                "link set " + dev + " up");
    }

    private static void batch(LabNode node, List<String> commands) {
        try {
            Path file = Files.createTempFile("icmpj-lab", ".ip");
            try {
                Files.write(file, commands);
                ProcessRunner.check("ip", "-n", node.namespace().name(), "-batch", file.toString());
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Inet4Address v4(int link, int host) {
        return (Inet4Address) address("198.18." + link + "." + host);
    }

    private static Inet6Address v6(int link, int host) {
        return (Inet6Address) address("fd00:0:0:" + Integer.toHexString(link) + "::" + host);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** The prefix of this topology's namespace names, {@code icmpj-lab<pid>-<n>-}. */
    public String namePrefix() {
        return prefix;
    }

    /** The client node, where tests probe from. */
    public LabNode client() {
        return nodes.getFirst();
    }

    /** The server node, at the far end. */
    public LabNode server() {
        return nodes.getLast();
    }

    /**
     * A router.
     *
     * @param n 1..N, counted from the client
     * @return router {@code rn}
     */
    public LabNode router(int n) {
        if (n < 1 || n > nodes.size() - 2) {
            throw new IllegalArgumentException("router must be in 1.." + (nodes.size() - 2) + ": " + n);
        }
        return nodes.get(n);
    }

    /** All nodes, client first, server last. */
    public List<LabNode> nodes() {
        return nodes;
    }

    /**
     * A link.
     *
     * @param index 0 (client — first hop) .. N (last hop — server)
     * @return the link
     */
    public LabLink link(int index) {
        return links.get(index);
    }

    /** All links, from the client's to the server's. */
    public List<LabLink> links() {
        return links;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (LabNode node : nodes.reversed()) {
            try {
                node.namespace().close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
