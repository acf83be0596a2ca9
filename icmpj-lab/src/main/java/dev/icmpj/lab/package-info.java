/**
 * The network lab of icmpj's tests: what the network did, made by the test itself, so that a test can compare
 * it with what icmpj reports. Needs root (network namespaces, nftables, TUN, raw sockets); never deployed.
 *
 * <ul>
 *   <li>{@link dev.icmpj.lab.Topology}: client, routers, server in network namespaces, joined by veth links in
 *       198.18.0.0/15 and fd00::/8; per-link nftables rules ({@link dev.icmpj.lab.LabLink#loss},
 *       {@link dev.icmpj.lab.LabLink#drop}, {@link dev.icmpj.lab.LabLink#reject}) whose counters say exactly what
 *       they did.</li>
 *   <li>{@link dev.icmpj.lab.TunPeer}: a peer behind a TUN device that answers echo requests as a
 *       {@link dev.icmpj.lab.PeerScript} says (delays, drops, duplicates, damage, ICMP errors) and records what it
 *       received and sent.</li>
 *   <li>{@link dev.icmpj.lab.IcmpCapture}: the raw bytes of the ICMP packets reaching a node.</li>
 *   <li>{@link dev.icmpj.lab.WireTap}: the echo requests and replies crossing a node's interfaces, with the
 *       kernel's timestamps: the round trip on the wire, whatever the peer's threads and the machine's load.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Topology lab = Topology.chain(2);
 *      TunPeer peer = TunPeer.start(lab.server(), PeerScript.builder()
 *              .forSequence(3, PeerAction.drop())
 *              .byDefault(PeerAction.delay(Duration.ofMillis(20)))
 *              .build())) {
 *     LinkRule loss = lab.link(1).loss(Direction.TOWARD_SERVER, 10);
 *     Host host = lab.client().call(() -> Icmp.ping(peer.ipv4(1).getHostAddress(), options));
 *     // compare host with peer.received(), peer.actions(), peer.sent() and loss.packets()
 * }
 * }</pre>
 */
package dev.icmpj.lab;
