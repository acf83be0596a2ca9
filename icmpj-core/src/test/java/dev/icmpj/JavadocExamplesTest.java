package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.Ticker;
import dev.icmpj.testing.NetworkTests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the {@code {@snippet}} examples of the public Javadoc, verbatim; keep the two in sync. */
class JavadocExamplesTest {

    @Test
    void pingOptionsExample_buildsTheDescribedOptions() {
        PingOptions options = PingOptions.builder()
                .count(10)
                .interval(Duration.ofMillis(200))
                .timeout(Duration.ofSeconds(1))
                .build();

        assertThat(options.count()).isEqualTo(10);
        assertThat(options.interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void pingerExample_pingsLoopbackThreeTimes() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        Host result;
        try (Pinger pinger = Pinger.create()) {
            Host host = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder()
                            .count(3)
                            .interval(Duration.ofMillis(20))
                            .build());
            System.out.println(host.avgRtt() + " ms, loss " + host.packetLoss());
            result = host;
        }
        assertThat(result.packetsReceived()).isEqualTo(3);
    }

    @Test
    void icmpExample_pingsLoopbackWithDefaults() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        Host result = null;
        if (Icmp.isAvailable()) {
            Host host = Icmp.ping("127.0.0.1");
            System.out.println(host.isAlive() + " " + host.avgRtt());
            result = host;
        }
        assertThat(result).isNotNull();
        assertThat(result.packetsReceived()).isEqualTo(4);
    }

    @Test
    void pingListenerExample_printsIputilsStyleLines() throws Exception {
        PingListener printer = new PingListener() {
            @Override
            public void onReply(InetAddress address, Reply reply) {
                System.out.printf(
                        "%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms%n",
                        reply.bytes(), address.getHostAddress(), reply.sequence(), reply.ttl(), reply.rtt());
            }
        };
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (FakeNetwork network = FakeNetwork.echoAfter(1);
                Pinger pinger = Pinger.create(network, Ticker.SYSTEM)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            pinger.ping(
                    "198.18.0.1",
                    PingOptions.builder()
                            .count(2)
                            .interval(Duration.ofMillis(10))
                            .build(),
                    printer);
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines())
                .hasSize(2)
                .allMatch(line ->
                        line.matches("64 bytes from 198\\.18\\.0\\.1: icmp_seq=\\d+ ttl=64 time=\\d+\\.\\d{3} ms"));
    }

    @Test
    void tracerouteListenerExample_printsEachHop() throws Exception {
        TracerouteListener printer = hop -> System.out.println(hop.distance() + "  " + hop.responders());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (FakeNetwork network = FakeNetwork.echoAfter(1);
                Pinger pinger = Pinger.create(network, Ticker.SYSTEM)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            pinger.traceroute("198.18.0.1", TracerouteOptions.builder().count(1).build(), printer);
        } finally {
            System.setOut(out);
        }
        // the fake destination answers every TTL: it is hop 1
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly("1  [/198.18.0.1]");
    }
}
