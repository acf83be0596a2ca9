package dev.icmpj.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A programmable peer behind a TUN device: every address of 198.18.S.0/24 and fd00:S::/64 (S = the subnet
 * number, 200 by default) is routed to the device, and each ICMP echo request to one of them is answered as a
 * {@link PeerScript} says: replies on time, late, damaged, duplicated, reordered, from elsewhere, ICMP errors,
 * floods. Other packets are ignored. The peer records every probe ({@link #received()}), every decision
 * ({@link #actions()}) and every packet it wrote ({@link #sent()}).
 *
 * <p>The device is opened with {@code open(/dev/net/tun)} and {@code ioctl(TUNSETIFF)} on a thread inside the
 * node's namespace; forwarding is turned on in that namespace so probes from other nodes reach the device. A
 * reader thread parses, decides and writes answers without delay at once; a sender thread writes delayed
 * answers at their due time (see {@link PeerAction#after(Duration)}), waiting until 200 µs before and
 * spinning for the rest. Times are {@link System#nanoTime()} right after {@code read(2)}: a TUN device gives
 * no kernel timestamp, so a delay runs from when the peer saw the probe.
 *
 * <pre>{@code
 * try (Topology lab = Topology.chain(0);
 *      TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.delay(Duration.ofMillis(20))))) {
 *     lab.client().run("ping", "-c", "20", "-i", "0.05", peer.ipv4(7).getHostAddress());
 *     assertThat(peer.received()).hasSize(20);
 * }
 * }</pre>
 *
 * <p>Thread-safe: the recordings may be read from any thread while the peer runs.
 */
public final class TunPeer implements AutoCloseable {
    /** The subnet number used by {@link #start(LabNode, PeerScript)}. */
    public static final int DEFAULT_SUBNET = 200;

    private final WakeableFd tun;
    private final int subnet;
    private final PeerScript script;
    private final ReplySender sender;
    private final Thread reader;
    private final List<ReceivedProbe> received = Collections.synchronizedList(new ArrayList<>());
    private final List<TakenAction> actions = Collections.synchronizedList(new ArrayList<>());
    /** Where errors chosen by flow come from; the reader thread's. */
    private final FlowPaths flowPaths = new FlowPaths();

    private volatile IOException failure;
    private boolean closed;

    private TunPeer(WakeableFd tun, int subnet, PeerScript script) {
        this.tun = tun;
        this.subnet = subnet;
        this.script = script;
        this.sender = new ReplySender(tun);
        this.reader =
                Thread.ofPlatform().name("tun-peer-read-" + tun.name()).daemon().start(this::readLoop);
    }

    /**
     * Starts a peer on 198.18.200.0/24 and fd00:200::/64.
     *
     * @param node the node whose namespace gets the device
     * @param script what to answer
     * @return the running peer, to close
     * @throws IOException when the device cannot be created
     */
    public static TunPeer start(LabNode node, PeerScript script) throws IOException {
        return start(node, DEFAULT_SUBNET, script);
    }

    /**
     * Starts a peer on 198.18.S.0/24 and fd00:S::/64 (S written in decimal digits in both), on device
     * {@code labtunS}.
     *
     * @param node the node whose namespace gets the device
     * @param subnet S, 200..255 (below 200 are the topology's links)
     * @param script what to answer
     * @return the running peer, to close
     * @throws IOException when the device cannot be created
     */
    public static TunPeer start(LabNode node, int subnet, PeerScript script) throws IOException {
        if (subnet < 200 || subnet > 255) {
            throw new IllegalArgumentException("subnet must be in 200..255: " + subnet);
        }
        String name = "labtun" + subnet;
        WakeableFd tun;
        try {
            tun = node.call(() -> WakeableFd.tun(name));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot create " + name + " in " + node, e);
        }
        try {
            node.exec("sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
            node.exec("ip", "link", "set", name, "up");
            node.exec("ip", "route", "add", "198.18." + subnet + ".0/24", "dev", name);
            node.exec("ip", "-6", "route", "add", "fd00:" + subnet + "::/64", "dev", name);
        } catch (RuntimeException e) {
            tun.close();
            throw e;
        }
        return new TunPeer(tun, subnet, script);
    }

    /**
     * An IPv4 address answered by this peer.
     *
     * @param host 1..254
     * @return 198.18.S.host
     */
    public Inet4Address ipv4(int host) {
        return (Inet4Address) address("198.18." + subnet + "." + checkHost(host));
    }

    /**
     * An IPv6 address answered by this peer.
     *
     * @param host 1..254, written in decimal digits
     * @return fd00:S::host
     */
    public Inet6Address ipv6(int host) {
        return (Inet6Address) address("fd00:" + subnet + "::" + checkHost(host));
    }

    private static int checkHost(int host) {
        if (host < 1 || host > 254) {
            throw new IllegalArgumentException("host must be in 1..254: " + host);
        }
        return host;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** The echo requests received so far, in arrival order. */
    public List<ReceivedProbe> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The action taken for each received probe, in arrival order. */
    public List<TakenAction> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    /** The packets written so far, in writing order. */
    public List<SentPacket> sent() {
        return sender.sent();
    }

    /**
     * Returns how many packets the peer has written so far: {@code sent().size()} without the copy, cheap
     * enough to poll while the peer writes.
     *
     * @return the count
     */
    public int sentCount() {
        return sender.sentCount();
    }

    /**
     * Waits until at least {@code count} probes have arrived.
     *
     * @param count how many
     * @param timeout how long at most
     * @return whether they arrived in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitReceived(int count, Duration timeout) throws InterruptedException {
        return Recording.awaitSize(received, count, timeout);
    }

    private void readLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment pollfds = arena.allocate(2 * Libc.POLLFD_SIZE);
            MemorySegment buffer = arena.allocate(65_536);
            byte[] bytes = new byte[65_536];
            while (true) {
                int n = tun.read(errno, pollfds, buffer);
                long now = System.nanoTime();
                if (n < 0) {
                    return;
                }
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, 0, n);
                PeerPackets.Probe probe = PeerPackets.parse(bytes, n, now);
                if (probe != null) {
                    answer(probe, errno, buffer);
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private void answer(PeerPackets.Probe probe, MemorySegment errno, MemorySegment buffer) throws IOException {
        ReceivedProbe info = probe.info();
        PeerAction action = script.actionFor(info.destination(), info.sequence(), info.hopLimit());
        List<byte[]> packets = PeerPackets.answer(probe, action, flowPaths);
        received.add(info);
        actions.add(new TakenAction(info, action, packets.size()));
        boolean held = action.kind() == PeerAction.Kind.REORDER;
        if (!packets.isEmpty() && action.delayTime().isZero() && !held) {
            sender.writeNow(packets, info, action, errno, buffer);
        } else if (!packets.isEmpty()) {
            sender.schedule(info.receivedNanos() + action.delayTime().toNanos(), packets, info, action, held);
        }
    }

    /**
     * Stops both threads, closes the device (its routes go with it) and reports a failure of either thread.
     *
     * @throws UncheckedIOException when reading or writing the device failed while the peer ran
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tun.wakeUp();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
            sender.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!reader.isAlive()) {
                tun.close();
            }
        }
        IOException e = failure != null ? failure : sender.failure();
        if (e != null) {
            throw new UncheckedIOException(e);
        }
    }
}
