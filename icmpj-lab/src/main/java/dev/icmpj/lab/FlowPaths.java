package dev.icmpj.lab;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-flow load balancer's table, for {@link PeerAction#fromByFlow}: the first flow it sees over a set of
 * routers takes the first, each new flow the next one in turn, and a flow seen before keeps its router. A
 * hash would send a few different flows down one path now and then; this spreads every two flows over two.
 *
 * <p>Not thread-safe: the peer's reader thread alone uses it.
 */
final class FlowPaths {
    /** Per set of routers: each flow seen, to the index of its router. */
    private final Map<List<InetAddress>, Map<Long, Integer>> tables = new HashMap<>();

    /**
     * The router a probe's flow takes: its ICMP type, code, checksum and identifier (the ICMP header's first
     * 6 bytes, not the sequence).
     *
     * @param routers the routers, at least one
     * @param packet the probe's IP packet
     * @param icmp where its ICMP header starts
     * @return one of the routers
     */
    InetAddress router(List<InetAddress> routers, byte[] packet, int icmp) {
        long flow = 0;
        for (int i = 0; i < 6; i++) {
            flow = flow << 8 | (packet[icmp + i] & 0xFF);
        }
        Map<Long, Integer> table = tables.computeIfAbsent(routers, r -> new HashMap<>());
        int index = table.computeIfAbsent(flow, f -> table.size() % routers.size());
        return routers.get(index);
    }
}
