package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.SentPacket;
import dev.icmpj.lab.TunPeer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 100,000 echo replies that answer none of our probes, sent while a ping runs, do not change its result. The
 * flood is triggered by a second pinger (identifier {@value #FLOODER_ID}): each of its 10 probes makes the
 * peer send 10,000 replies with the inverted identifier, which is the identifier of the measured ping, with
 * sequence numbers 0..9,999 (so they also collide with ours) from another address of the peer.
 */
class FloodTest extends TruthTestBase {
    private static final int FLOODER_ID = 0x1234;
    private static final int FLOOD_PROBES = 10;
    private static final int FLOOD_SIZE = 10_000;
    private static final int COUNT = 50;
    /**
     * The measured ping's timeout. The peer writes each flood burst before it reads on, so our requests wait
     * behind 10,000 packets: with both cores busy, replies came up to 3.2 s late; a result that changes only
     * because the peer was slow would say nothing about icmpj.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Duration FLOOD_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void flood_100000UnrelatedReplies_pingResultUnchanged(PingCase c) throws Exception {
        Outcome o = flood(c, 0x5678);
        assertThat(o.host().packetsReceived()).isEqualTo(COUNT);
        assertThat(o.listener().losses).isEmpty();
    }

    /**
     * The flood carries our identifier, so it passes the kernel's filters and fills our receive buffer: the
     * kernel may drop some of our replies with it. Whatever it drops is reported as loss, only then, and
     * nothing else changes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.icmpj.lab.truth.PingCase#all")
    void flood_100000RepliesWithOurIdentifier_onlyKernelDropsBecomeLoss(PingCase c) throws Exception {
        Outcome o = flood(c, ~FLOODER_ID & 0xFFFF);
        assertThat(o.host().packetsReceived() + o.listener().losses.size()).isEqualTo(COUNT);
        if (!o.listener().losses.isEmpty()) {
            assertThat(o.kernelDrops())
                    .as("packets the kernel dropped at our socket")
                    .isPositive();
        }
    }

    private record Outcome(Host host, RecordingListener listener, long kernelDrops) {}

    private static Outcome flood(PingCase c, int identifier) throws Exception {
        InetAddress measured = c.target(1);
        InetAddress flooded = c.target(2);
        PeerScript script = PeerScript.builder()
                .forAddress(flooded, PeerAction.flood(FLOOD_SIZE))
                .build();
        RecordingListener listener = new RecordingListener();
        try (TunPeer peer = TunPeer.start(lab.client(), script);
                Pinger flooder = Pinger.create();
                Pinger pinger = Pinger.create()) {
            CompletableFuture<Host> flood = TruthLab.pingAsync(
                    lab,
                    flooder,
                    flooded,
                    c.options()
                            .identifier(FLOODER_ID)
                            .count(FLOOD_PROBES)
                            .interval(Duration.ofMillis(40))
                            .timeout(FLOOD_TIMEOUT)
                            .build(),
                    new RecordingListener());
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    measured,
                    c.options()
                            .identifier(identifier)
                            .count(COUNT)
                            .interval(Duration.ofMillis(10))
                            .timeout(TIMEOUT)
                            .build(),
                    listener);
            long drops = kernelDrops(c, identifier);
            Host flooderHost = flood.get(60, TimeUnit.SECONDS);
            TruthLab.awaitPeer(peer, FLOOD_PROBES + COUNT, FLOOD_PROBES * (FLOOD_SIZE + 1) + COUNT);
            List<SentPacket> sent = peer.sent();
            long floodPackets = sent.stream()
                    .filter(s -> s.probe().destination().equals(flooded))
                    .count();
            long duringPing = sent.stream()
                    .filter(s -> s.probe().destination().equals(flooded) && s.writtenNanos() < listener.completedNanos)
                    .count();
            Map<Integer, SentPacket> truth = sent.stream()
                    .filter(s -> s.probe().destination().equals(measured))
                    .collect(Collectors.toMap(s -> s.probe().sequence(), Function.identity()));
            double worst = host.replies().stream()
                    .mapToDouble(r -> r.rtt()
                            - (truth.get(r.sequence()).writtenNanos()
                                            - truth.get(r.sequence()).probe().receivedNanos())
                                    / 1e6)
                    .max()
                    .orElse(Double.NaN);
            System.out.printf(
                    "flood %s, identifier %04x: %d flood packets written, %d during the ping; kernel drops"
                            + " at our socket %d; ping: %d/%d received, dup %d, errors %d, RTT median %.3f max %.3f ms, worst"
                            + " reported - peer's %.3f ms; flooder %d/%d%n",
                    c,
                    identifier,
                    floodPackets,
                    duringPing,
                    drops,
                    host.packetsReceived(),
                    host.packetsSent(),
                    host.duplicates(),
                    host.errors(),
                    host.medianRtt(),
                    host.maxRtt(),
                    worst,
                    flooderHost.packetsReceived(),
                    flooderHost.packetsSent());
            assertThat(floodPackets).isEqualTo((long) FLOOD_PROBES * (FLOOD_SIZE + 1));
            assertThat(duringPing)
                    .as("flood packets written while the ping ran")
                    .isGreaterThanOrEqualTo(FLOOD_SIZE);
            assertThat(flooderHost.packetsReceived()).isEqualTo(FLOOD_PROBES);
            assertThat(host.packetsSent()).isEqualTo(COUNT);
            assertThat(host.duplicates()).isZero();
            assertThat(host.errors()).isZero();
            assertThat(listener.duplicates).isEmpty();
            assertThat(host.replies()).allMatch(r -> r.source().equals(measured));
            for (Reply r : host.replies()) {
                SentPacket s = truth.get(r.sequence());
                double peerMs = (s.writtenNanos() - s.probe().receivedNanos()) / 1e6;
                // and no longer than from its send to the ping's end
                double sendToEndMs = (listener.completedNanos - listener.sentAt.get(r.sequence())) / 1e6;
                assertThat(r.rtt())
                        .as("sequence %d", r.sequence())
                        .isGreaterThan(peerMs - DelayAccuracyTest.SLEW_MS)
                        .isLessThan(sendToEndMs + DelayAccuracyTest.SLEW_MS);
            }
            return new Outcome(host, listener, drops);
        }
    }

    /**
     * The kernel's drop counter of the client's ICMP sockets of the case's kind ({@code /proc/net/raw},
     * {@code raw6}, {@code icmp}, {@code icmp6}: the last column). For raw sockets this sums over the
     * flooder's socket too, whose filter rejects the flood without counting it as drops.
     */
    private static long kernelDrops(PingCase c, int identifier) {
        String table = (c.privilege() == dev.icmpj.socket.Privilege.PRIVILEGED ? "raw" : "icmp") + (c.v4() ? "" : "6");
        String text = lab.client().exec("cat", "/proc/net/" + table);
        long drops = 0;
        for (String line : text.lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 2
                    && (c.privilege() == dev.icmpj.socket.Privilege.PRIVILEGED
                            || f[1].endsWith(":" + String.format("%04X", identifier)))) {
                drops += Long.parseLong(f[f.length - 1]);
            }
        }
        return drops;
    }
}
