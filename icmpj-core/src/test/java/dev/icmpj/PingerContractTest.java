package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.Ticker;
import dev.icmpj.internal.linux.IcmpChannel;
import dev.icmpj.socket.SocketUnavailableException;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same assertions against the fake network and against the kernel's sockets on loopback (root only;
 * in the default namespace ping sockets are closed, so AUTO falls back to raw sockets).
 */
class PingerContractTest {

    private static final PingOptions THREE_FAST = PingOptions.builder()
            .count(3)
            .interval(Duration.ofMillis(20))
            .timeout(Duration.ofSeconds(1))
            .build();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    private Pinger pinger(String network) {
        if (network.equals("kernel")) {
            NetworkTests.requireRoot("pinging loopback with raw sockets");
            Pinger pinger = Pinger.create();
            toClose.add(pinger);
            return pinger;
        }
        FakeNetwork fake = FakeNetwork.echoAfter(1);
        Pinger pinger = Pinger.create(fake, Ticker.SYSTEM);
        toClose.add(pinger);
        toClose.add(fake);
        return pinger;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake", "kernel"})
    void ping_ipv4Loopback_threeRepliesWithTtl64AndOneHop(String network) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        PingListener listener = new PingListener() {
            @Override
            public void onStart(InetAddress address, PingOptions options) {
                events.add("start");
            }

            @Override
            public void onReply(InetAddress address, Reply reply) {
                events.add("reply");
            }

            @Override
            public void onComplete(Host host) {
                events.add("complete");
            }
        };
        Host host = pinger(network).ping("127.0.0.1", THREE_FAST, listener);

        assertLoopbackAnswered(host, "127.0.0.1");
        assertThat(events).containsExactly("start", "reply", "reply", "reply", "complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake", "kernel"})
    void ping_ipv6Loopback_threeRepliesWithTtl64AndOneHop(String network) throws Exception {
        Host host = pinger(network).ping("::1", THREE_FAST);

        assertLoopbackAnswered(host, "0:0:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake", "kernel"})
    void pingAsync_200LoopbackAddresses_eachHostGetsExactlyItsOwnReplies(String network) throws Exception {
        Pinger pinger = pinger(network);
        List<CompletableFuture<Host>> futures = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            futures.add(pinger.pingAsync("127.0.1." + i, THREE_FAST));
        }
        for (int i = 1; i <= 200; i++) {
            Host host = futures.get(i - 1).get(20, TimeUnit.SECONDS);
            assertThat(host.address().getHostAddress()).isEqualTo("127.0.1." + i);
            assertThat(host.packetsSent()).isEqualTo(3);
            assertThat(host.packetsReceived()).isEqualTo(3);
            assertThat(host.duplicates()).isZero();
            assertThat(host.errors()).isZero();
            InetAddress expected = host.address();
            assertThat(host.replies()).hasSize(3).allMatch(r -> r.source().equals(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake", "kernel"})
    void ping_givenPayload_matchedAndSizeReported(String network) throws Exception {
        Host host = pinger(network)
                .ping(
                        "127.0.0.1",
                        THREE_FAST.toBuilder().count(1).payload(new byte[1000]).build());

        assertThat(host.packetsReceived()).isEqualTo(1);
        assertThat(host.replies().getFirst().bytes()).isEqualTo(1008);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake", "kernel"})
    void close_duringPing_futureFailsWithSocketUnavailableAndThreadsEnd(String network) throws Exception {
        Set<Thread> threadsBefore = engineThreads();
        Pinger pinger = pinger(network);
        CountDownLatch firstReply = new CountDownLatch(1);
        PingListener listener = new PingListener() {
            @Override
            public void onReply(InetAddress address, Reply reply) {
                firstReply.countDown();
            }
        };
        CompletableFuture<Host> future =
                pinger.pingAsync("127.0.0.1", PingOptions.builder().count(10).build(), listener);
        assertThat(firstReply.await(10, TimeUnit.SECONDS)).isTrue();

        pinger.close();

        assertThatThrownBy(future::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketUnavailableException.class);
        assertThat(engineThreads())
                .as("threads of other pingers (e.g. Icmp's shared one) only")
                .isSubsetOf(threadsBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fake", "kernel"})
    void close_duringSweepAndFlood_bothFailWithSocketUnavailableAndNoLoopThreadOrChannelLeft(String network)
            throws Exception {
        Set<Thread> threadsBefore = engineThreads();
        int channelsBefore = IcmpChannel.openChannels();
        Pinger pinger = pinger(network);
        CountDownLatch sweepReplied = new CountDownLatch(1);
        CountDownLatch floodReplied = new CountDownLatch(1);
        CompletableFuture<MultipingResult> sweep = pinger.multipingAsync(
                Targets.cidr("127.5.0.0/28"),
                MultipingOptions.builder()
                        .count(1000)
                        .interval(Duration.ofMillis(100))
                        .build(),
                new MultipingListener() {
                    @Override
                    public void onReply(int index, int request, InetAddress address, Reply reply) {
                        sweepReplied.countDown();
                    }
                });
        CompletableFuture<Host> flood = pinger.pingAsync(
                "127.0.0.1",
                PingOptions.builder().flood(true).count(Integer.MAX_VALUE).build(),
                new PingListener() {
                    @Override
                    public void onReply(InetAddress address, Reply reply) {
                        floodReplied.countDown();
                    }
                });
        assertThat(sweepReplied.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(floodReplied.await(10, TimeUnit.SECONDS)).isTrue();

        pinger.close();

        for (CompletableFuture<?> future : List.of(sweep, flood)) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SocketUnavailableException.class);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threadsBefore.containsAll(engineThreads()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engineThreads()).as("loop threads end with their sockets").isSubsetOf(threadsBefore);
        if (network.equals("kernel")) {
            assertThat(IcmpChannel.openChannels())
                    .as("every socket of the loops closed")
                    .isEqualTo(channelsBefore);
        }
    }

    private static void assertLoopbackAnswered(Host host, String address) {
        assertThat(host.address().getHostAddress()).isEqualTo(address);
        assertThat(host.packetsSent()).isEqualTo(3);
        assertThat(host.packetsReceived()).isEqualTo(3);
        assertThat(host.rtts())
                .hasSize(3)
                .allSatisfy(rtt -> assertThat(rtt).isGreaterThan(0.0).isLessThan(50.0));
        assertThat(host.ttl()).isEqualTo(64);
        assertThat(host.hops()).isEqualTo(1);
        assertThat(host.osGuess()).hasValue("Linux/Unix");
        assertThat(host.duplicates()).isZero();
        assertThat(host.errors()).isZero();
        assertThat(host.replies()).extracting(Reply::sequence).doesNotHaveDuplicates();
        assertThat(host.replies()).allMatch(Reply::isEchoReply);
    }

    /** The live scheduler, receive and loop threads of every pinger in this JVM. */
    static Set<Thread> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t ->
                        t.getName().startsWith("icmpj-receive") || t.getName().startsWith("icmpj-loop"))
                .collect(Collectors.toSet());
    }
}
