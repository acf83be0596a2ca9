package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.SocketFactory;
import dev.icmpj.internal.engine.Ticker;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import dev.icmpj.socket.SocketPermissionException;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProberEventCounts;
import dev.icmpj.testing.ProcessRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine on the kernel's sockets: descriptors, ICMP errors from nftables, ping sockets as a non-root uid. */
class PingerKernelTest {

    @Test
    void ping_moreRequestsThanSequenceNumbers_sequencesWrapAndEveryRequestIsAnswered() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        int count = 0x10000 + 5_000;
        List<Integer> sequences = new ArrayList<>();
        PingListener recorder = new PingListener() {
            @Override
            public void onSent(InetAddress address, int sequence, long sentAtNanos) {
                sequences.add(sequence);
            }
        };
        try (Pinger pinger = Pinger.create()) {
            Host host = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder()
                            .count(count)
                            .interval(Duration.ZERO)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    recorder);

            assertThat(host.packetsSent()).isEqualTo(count);
            assertThat(host.packetsReceived()).isEqualTo(count);
            assertThat(host.duplicates()).isZero();
        }
        // the 16-bit sequence wrapped: the number after 65535 is 0, and request 65,537 reused request 1's
        assertThat(sequences).hasSize(count);
        int first = sequences.getFirst();
        assertThat(sequences.get(0x10000)).isEqualTo(first);
        assertThat(sequences.get(0xFFFF)).isEqualTo((first + 0xFFFF) & 0xFFFF);
    }

    @Test
    void ping_20000RequestsAtIntervalZeroWith10msTimeout_completesWithoutLoss() throws Exception {
        // it never returned: an expiry that found the socket unread rescheduled itself 1 ms later, forever,
        // and the socket was never read
        NetworkTests.requireRoot("raw sockets on loopback");
        try (Pinger pinger = Pinger.create()) {
            Host host = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder()
                            .count(20_000)
                            .interval(Duration.ZERO)
                            .timeout(Duration.ofMillis(10))
                            .build());

            assertThat(host.packetsSent()).isEqualTo(20_000);
            assertThat(host.packetsReceived()).isEqualTo(20_000);
            assertThat(host.packetLoss()).isZero();
        }
    }

    @Test
    void ping_3000RequestsTenMicrosecondsApartWith10msTimeout_everyReplyCounted() throws Exception {
        // 2,048 were counted every time: a read stopped after 64 batches and the socket was called read empty
        NetworkTests.requireRoot("raw sockets on loopback");
        try (Pinger pinger = Pinger.create()) {
            Host host = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder()
                            .count(3_000)
                            .interval(Duration.ofNanos(10_000))
                            .timeout(Duration.ofMillis(10))
                            .build());

            assertThat(host.packetsReceived()).isEqualTo(3_000);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Family.class,
            names = {"IPV4", "IPV6"})
    void ping_unspecifiedAddress_repliesFromTheLocalAddressThatAnswersCounted(Family family) throws Exception {
        // the kernel answers a ping of 0.0.0.0 (::) from 127.0.0.1 (::1); iputils shows those replies
        NetworkTests.requireRoot("raw sockets on loopback");
        String unspecified = family == Family.IPV4 ? "0.0.0.0" : "::";
        InetAddress answering = InetAddress.ofLiteral(family == Family.IPV4 ? "127.0.0.1" : "::1");
        try (Pinger pinger = Pinger.create()) {
            Host host = pinger.ping(
                    unspecified,
                    PingOptions.builder()
                            .count(2)
                            .interval(Duration.ofMillis(10))
                            .build());

            assertThat(host.address()).isEqualTo(InetAddress.ofLiteral(unspecified));
            assertThat(host.packetsReceived()).isEqualTo(2);
            assertThat(host.duplicates()).isZero();
            assertThat(host.replies()).extracting(Reply::source).containsOnly(answering);
        }
    }

    @Test
    void prober_loopbackOfBothFamilies_everyRequestAnsweredOnItsOwnSchedule() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        ProberEventCounts counts = new ProberEventCounts();
        int v4 = 4;
        int v6 = 6;
        Map<String, Integer> v6Before;
        int mostSent;
        try (Pinger pinger = Pinger.create();
                Prober prober = pinger.prober(
                        PingOptions.builder()
                                .count(1)
                                .interval(Duration.ofMillis(50))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        counts)) {
            long start = System.nanoTime();
            prober.add(v4, InetAddress.ofLiteral("127.0.0.1"));
            prober.add(v6, InetAddress.ofLiteral("::1"));
            Thread.sleep(600);
            assertThat(prober.privilege(Family.IPV4)).hasValue(Privilege.PRIVILEGED);
            // from another thread than the loop's: once remove returns, nothing more is heard of the target
            prober.remove(v6);
            v6Before = counts.of(v6);
            Thread.sleep(200);
            // one per 50 ms, from a first one within the first 50 ms
            mostSent = (int) ((System.nanoTime() - start) / 50_000_000L) + 1;
        }
        assertThat(counts.of(v6)).isEqualTo(v6Before);
        assertThat(counts.get(v4, "sent")).isGreaterThan(v6Before.get("sent"));
        for (int target : new int[] {v4, v6}) {
            int sent = counts.get(target, "sent");
            // about 16 in 800 ms for the one, 12 in 600 ms for the other; at most one still out at the end
            assertThat(sent).as("target %d", target).isBetween(6, mostSent);
            assertThat(counts.get(target, "reply")).as("target %d", target).isBetween(sent - 1, sent);
            assertThat(counts.get(target, "loss")).isZero();
            assertThat(counts.get(target, "duplicate")).isZero();
        }
        assertThat(counts.sockets()).containsExactlyInAnyOrder("IPv4 PRIVILEGED", "IPv6 PRIVILEGED");
        assertThat(counts.failures()).isEmpty();
    }

    @Test
    void flood_keepingNoReplies_theCountsAndStatisticsOfEveryReply() throws Exception {
        NetworkTests.requireRoot("a flood (raw socket) on loopback");
        int count = 20_000;
        AtomicInteger heard = new AtomicInteger();
        PingListener listener = new PingListener() {
            @Override
            public void onReply(InetAddress address, Reply reply) {
                heard.incrementAndGet();
            }
        };
        try (Pinger pinger = Pinger.create()) {
            Host host = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder()
                            .flood(true)
                            .count(count)
                            .timeout(Duration.ofSeconds(5))
                            .keepReplies(false)
                            .build(),
                    listener);

            assertThat(host.packetsSent()).isEqualTo(count);
            assertThat(host.packetsReceived()).isEqualTo(count);
            assertThat(heard).hasValue(count);
            assertThat(host.rtts()).isEmpty();
            assertThat(host.replies()).isEmpty();
            assertThat(host.medianRtt()).isNaN();
            assertThat(host.minRtt()).isPositive().isLessThanOrEqualTo(host.avgRtt());
            assertThat(host.maxRtt()).isGreaterThanOrEqualTo(host.avgRtt()).isLessThan(5_000);
            assertThat(host.stddev()).isNotNaN().isNotNegative();
            assertThat(host.jitter()).isNotNaN().isNotNegative();
            assertThat(host.ttl()).isEqualTo(64);
        }
    }

    @Test
    void multiping_loopbackBlock_everyHostAliveAndTransmitTimestampsOnlyWhenAskedFor() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        Set<RttClock> without = ConcurrentHashMap.newKeySet();
        Set<RttClock> with = ConcurrentHashMap.newKeySet();
        try (Pinger pinger = Pinger.create()) {
            MultipingResult sweep =
                    pinger.multiping(Targets.cidr("127.1.0.0/24"), MultipingOptions.defaults(), clocks(without));
            MultipingResult timestamped = pinger.multiping(
                    Targets.cidr("127.2.0.0/28"),
                    MultipingOptions.builder().transmitTimestamps(true).build(),
                    clocks(with));

            assertThat(sweep.alive()).isEqualTo(254);
            assertThat(timestamped.alive()).isEqualTo(14);
        }
        // a sweep's RTTs run from the clock read before sendto to the kernel's receive timestamp
        assertThat(without).containsOnly(RttClock.KERNEL_RECEIVE);
        assertThat(with).contains(RttClock.KERNEL_TX_RX);
    }

    @Test
    void multiping_largeSweep_runsOnALoopPerCoreWithTheListenersCallsOneAtATime() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        Targets targets = Targets.cidr("127.6.0.0/18");
        int loops = Pinger.loopsFor(targets, MultipingOptions.defaults());
        assertThat(loops).isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        MultipingListener listener = new MultipingListener() {
            @Override
            public void onComplete(int index, Host host) {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                callers.add(Thread.currentThread());
                completed.incrementAndGet();
                inside.decrementAndGet();
            }
        };
        try (Pinger pinger = Pinger.create()) {
            MultipingResult result = pinger.multiping(targets, MultipingOptions.defaults(), listener);

            assertThat(result.alive()).isEqualTo(targets.size());
            assertThat(completed.get()).isEqualTo(targets.size());
            assertThat(overlaps.get()).as("listener calls that overlapped").isZero();
            assertThat(callers).as("loop threads that called the listener").hasSize(loops);
        }
    }

    @Test
    void multiping_tinyReceiveBuffer_flowControlFromTheBufferReadBackLosesNothing() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        // a 4 KiB buffer (the kernel grants its minimum, about 4.5 KiB read back) holds a few replies at a time
        SocketFactory tiny = options -> SocketFactory.KERNEL.open(
                options.toBuilder().receiveBufferSize(4096).build());
        try (Pinger pinger = Pinger.create(tiny, Ticker.SYSTEM, 1L << 30)) {
            MultipingResult result = pinger.multiping(
                    Targets.cidr("127.3.0.0/22"),
                    MultipingOptions.builder().timeout(Duration.ofSeconds(2)).build(),
                    MultipingListener.NONE);

            assertThat(result.alive()).isEqualTo(1022);
            assertThat(result.kernelDrops()).isZero();
            assertThat(result.peakInFlight())
                    .as("the window held the sends back")
                    .isBetween(1, 8);
        }
    }

    @Test
    void multiping_socketOverstatesItsBuffer_kernelDropsReportedNotHidden() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        // sockets with a 4 KiB buffer that claim 1 GiB: the window lets replies overflow at the kernel
        SocketFactory overstated = options ->
                new ForwardingSocket(SocketFactory.KERNEL.open(
                        options.toBuilder().receiveBufferSize(4096).build())) {
                    @Override
                    public long receiveBufferBytes() {
                        return 1L << 30;
                    }
                };
        try (Pinger pinger = Pinger.create(overstated, Ticker.SYSTEM, 1L << 30)) {
            MultipingResult result = pinger.multiping(
                    Targets.cidr("127.3.0.0/22"),
                    MultipingOptions.builder().timeout(Duration.ofMillis(500)).build(),
                    MultipingListener.NONE);

            int lost = result.size() - result.alive();
            assertThat(lost).as("the kernel dropped replies").isPositive();
            assertThat(result.kernelDrops()).as("and said so").isGreaterThanOrEqualTo(lost);
        }
        try (Pinger pinger = Pinger.create()) {
            MultipingResult roomy =
                    pinger.multiping(Targets.cidr("127.3.0.0/22"), MultipingOptions.defaults(), MultipingListener.NONE);
            assertThat(roomy.alive()).isEqualTo(1022);
            assertThat(roomy.kernelDrops()).isZero();
        }
    }

    private static MultipingListener clocks(Set<RttClock> seen) {
        return new MultipingListener() {
            @Override
            public void onReply(int index, int request, InetAddress address, Reply reply) {
                seen.add(reply.clock());
            }
        };
    }

    @Test
    void pingAsync_10000Requests_noDescriptorPerPingAndNoneLeftAfterClose() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        try (Pinger warmUp = Pinger.create()) {
            // loads and opens what the JDK keeps for the process's life (e.g. SecureRandom's /dev/urandom)
            warmUp.ping("127.0.0.1", PingOptions.builder().count(1).build());
        }
        List<String> before = openDescriptors();
        PingOptions burst = PingOptions.builder()
                .count(100)
                .interval(Duration.ZERO)
                .timeout(Duration.ofSeconds(2))
                .family(Family.IPV4)
                .build();
        List<String> whileOpen;
        int received = 0;
        try (Pinger pinger = Pinger.create()) {
            assertThat(pinger.ping("127.0.0.1", burst.toBuilder().count(1).build())
                            .packetsReceived())
                    .isEqualTo(1);
            whileOpen = openDescriptors();
            List<CompletableFuture<Host>> futures = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                futures.add(pinger.pingAsync("127.0.0." + i, burst));
            }
            for (CompletableFuture<Host> future : futures) {
                Host host = future.get(30, TimeUnit.SECONDS);
                assertThat(host.packetsSent()).isEqualTo(100);
                assertThat(host.duplicates()).isZero();
                received += host.packetsReceived();
            }
            assertThat(openDescriptors()).as("descriptors with the Pinger open").isEqualTo(whileOpen);
        }
        assertThat(received).as("replies received of 10,000").isEqualTo(10_000);
        assertThat(openDescriptors()).as("descriptors after close").isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(
            value = Privilege.class,
            names = {"PRIVILEGED", "UNPRIVILEGED"})
    void ping_nftablesRejectsWithHostUnreachable_everyRequestAnErrorOfType3Code1(Privilege privilege) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip daddr 127.0.0.2 icmp type echo-request reject with icmp type host-unreachable")) {
            List<String> errors = new CopyOnWriteArrayList<>();
            PingListener listener = new PingListener() {
                @Override
                public void onError(InetAddress address, Reply error) {
                    errors.add(error.message().type() + "/" + error.message().code() + " from "
                            + error.source().getHostAddress());
                }
            };
            PingOptions options = PingOptions.builder()
                    .count(3)
                    .interval(Duration.ofMillis(20))
                    .timeout(Duration.ofSeconds(1))
                    .privilege(privilege)
                    .build();

            Host host = ns.call(() -> {
                try (Pinger pinger = Pinger.create()) {
                    return pinger.ping("127.0.0.2", options, listener);
                }
            });

            assertThat(host.errors()).isEqualTo(3);
            assertThat(host.packetsReceived()).isZero();
            assertThat(host.packetLoss()).isEqualTo(1.0);
            assertThat(host.isAlive()).isFalse();
            assertThat(host.replies()).hasSize(3).allMatch(Reply::isError);
            assertThat(errors).hasSize(3).allMatch(e -> e.startsWith("3/1 from "));
        }
    }

    @Test
    void ping_unprivilegedAsNobodyInNamespaceWithPingGroupRange_received() {
        NetworkTests.requireRoot("network namespaces and setpriv");
        NetworkTests.requireCommand("setpriv");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            ProcessRunner.Result result = runAsNobody(ns);

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            assertThat(result.stdout())
                    .contains(
                            "address=127.0.0.1",
                            "packets_sent=2",
                            "packets_received=2",
                            "is_alive=true",
                            "ttl=64",
                            "hops=1");
        }
    }

    @Test
    void ping_unprivilegedAsNobodyWithoutPingGroupRange_socketPermissionNamingTheSysctl() {
        NetworkTests.requireRoot("network namespaces and setpriv");
        NetworkTests.requireCommand("setpriv");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ProcessRunner.Result result = runAsNobody(ns);

            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(2);
            assertThat(result.stdout())
                    .startsWith(SocketPermissionException.class.getName())
                    .contains("ping_group_range");
        }
    }

    private static ProcessRunner.Result runAsNobody(NetworkNamespace ns) {
        try (Nobody nobody = Nobody.withClassPath()) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
            command.addAll(nobody.command(
                    Nobody.currentJava(),
                    List.of("--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m"),
                    UnprivilegedPingMain.class));
            return ProcessRunner.run(command);
        }
    }

    /** The targets of this process's descriptors, sorted (the directory stream's own descriptor excluded). */
    private static List<String> openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString();
                        } catch (IOException closedMeanwhile) {
                            return "";
                        }
                    })
                    .filter(target -> !target.isEmpty())
                    .sorted()
                    .toList();
        }
    }
}
