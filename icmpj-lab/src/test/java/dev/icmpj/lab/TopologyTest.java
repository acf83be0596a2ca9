package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopologyTest {
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    @BeforeEach
    void gate() {
        NetworkTests.requireRoot("the network lab");
        NetworkTests.requireCommand("nft");
        NetworkTests.requireCommand("ping");
    }

    @Test
    void chain_ttlBelowHopCount_timeExceededFromThatRouter() {
        try (Topology lab = Topology.chain(2)) {
            String server = lab.server().ipv4().getHostAddress();
            for (int ttl = 1; ttl <= 2; ttl++) {
                String out = lab.client()
                        .run("ping", "-n", "-c", "1", "-W", "1", "-t", "" + ttl, server)
                        .stdout();
                assertThat(out)
                        .contains("From " + lab.router(ttl).ipv4().getHostAddress()
                                + " icmp_seq=1 Time to live exceeded");
            }
            String reached = lab.client()
                    .run("ping", "-n", "-c", "1", "-W", "1", "-t", "3", server)
                    .stdout();
            assertThat(reached).contains("from " + server + ": icmp_seq=1 ttl=62");
        }
    }

    @Test
    void chain_ipv6HopLimitBelowHopCount_timeExceededFromThatRouter() {
        try (Topology lab = Topology.chain(2)) {
            String server = AddressText.of(lab.server().ipv6());
            String out = lab.client()
                    .run("ping", "-6", "-n", "-c", "1", "-W", "1", "-t", "2", server)
                    .stdout();
            assertThat(out)
                    .contains("From " + AddressText.of(lab.router(2).ipv6()) + " icmp_seq=1 Time exceeded: Hop limit");
            String reached = lab.client()
                    .run("ping", "-6", "-n", "-c", "1", "-W", "1", server)
                    .stdout();
            assertThat(reached).contains("from " + server + ": icmp_seq=1 ttl=62");
        }
    }

    @Test
    void loss_thirtyPercent_counterEqualsPingLoss() {
        try (Topology lab = Topology.chain(1)) {
            LinkRule loss = lab.link(1).loss(Direction.TOWARD_SERVER, 30);
            String out = lab.client()
                    .run(
                            "ping",
                            "-n",
                            "-q",
                            "-c",
                            "200",
                            "-i",
                            "0.002",
                            "-W",
                            "1",
                            lab.server().ipv4().getHostAddress())
                    .stdout();
            Matcher m = RECEIVED.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            long lost = Long.parseLong(m.group(1)) - Long.parseLong(m.group(2));
            assertThat(Long.parseLong(m.group(1))).isEqualTo(200);
            assertThat(loss.packets()).isEqualTo(lost);
            assertThat(lost).isBetween(30L, 90L);
        }
    }

    @Test
    void loss_ipv6_counterEqualsPingLossAndSparesNeighbourDiscovery() {
        try (Topology lab = Topology.chain(0)) {
            LinkRule loss = lab.link(0).loss(Direction.TOWARD_SERVER, 50);
            String out = lab.client()
                    .run(
                            "ping",
                            "-6",
                            "-n",
                            "-q",
                            "-c",
                            "100",
                            "-i",
                            "0.002",
                            "-W",
                            "1",
                            AddressText.of(lab.server().ipv6()))
                    .stdout();
            Matcher m = RECEIVED.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(loss.packets()).isEqualTo(Long.parseLong(m.group(1)) - Long.parseLong(m.group(2)));
        }
    }

    @Test
    void drop_towardClient_everyReplyLostAndCounted() {
        try (Topology lab = Topology.chain(0)) {
            LinkRule drop = lab.link(0).drop(Direction.TOWARD_CLIENT);
            String out = lab.client()
                    .run(
                            "ping",
                            "-n",
                            "-q",
                            "-c",
                            "5",
                            "-i",
                            "0.01",
                            "-W",
                            "1",
                            lab.server().ipv4().getHostAddress())
                    .stdout();
            assertThat(out).contains("5 packets transmitted, 0 received");
            assertThat(drop.packets()).isEqualTo(5);
        }
    }

    @Test
    void reject_eachCode_pingPrintsItsText() {
        List<String> v4 = UnreachableTexts.V4.subList(0, 4);
        List<String> v6 = UnreachableTexts.V6.subList(0, 5).stream()
                .map(text -> "Destination unreachable: " + text)
                .toList();
        try (Topology lab = Topology.chain(1)) {
            String server4 = lab.server().ipv4().getHostAddress();
            String server6 = AddressText.of(lab.server().ipv6());
            for (int code = 0; code < v4.size(); code++) {
                LinkRule rule = lab.link(1).reject(Direction.TOWARD_SERVER, IcmpVersion.V4, code);
                String out = lab.client()
                        .run("ping", "-n", "-c", "1", "-W", "1", server4)
                        .stdout();
                assertThat(out).contains("From " + server4 + " icmp_seq=1 " + v4.get(code));
                assertThat(rule.packets()).isEqualTo(1);
                rule.remove();
            }
            for (int code = 0; code < v6.size(); code++) {
                LinkRule rule = lab.link(1).reject(Direction.TOWARD_SERVER, IcmpVersion.V6, code);
                String out = lab.client()
                        .run("ping", "-6", "-n", "-c", "1", "-W", "1", server6)
                        .stdout();
                assertThat(out).contains("From " + server6 + " icmp_seq=1 " + v6.get(code));
                assertThat(rule.packets()).isEqualTo(1);
                rule.remove();
            }
        }
    }

    @Test
    void close_removesEveryNamespaceOfTheRun() {
        String prefix;
        try (Topology lab = Topology.chain(3)) {
            prefix = lab.namePrefix();
            assertThat(namespaces()).filteredOn(n -> n.startsWith(prefix)).hasSize(5);
        }
        assertThat(namespaces()).noneMatch(n -> n.startsWith(prefix));
    }

    @Test
    void call_socketsOpenedInNamespaces_workFromTheTestThread() throws Exception {
        try (Topology lab = Topology.chain(1)) {
            InetSocketAddress serverAddress = new InetSocketAddress(lab.server().ipv4(), 7007);
            try (DatagramSocket client = lab.client()
                            .call(() -> new DatagramSocket(
                                    new InetSocketAddress(lab.client().ipv4(), 0)));
                    DatagramSocket server = lab.server().call(() -> new DatagramSocket(serverAddress))) {
                server.setSoTimeout(10_000);
                byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
                client.send(new DatagramPacket(hello, hello.length, serverAddress));
                DatagramPacket received = new DatagramPacket(new byte[16], 16);
                server.receive(received);
                assertThat(received.getAddress()).isEqualTo(lab.client().ipv4());
                assertThat(new String(received.getData(), 0, received.getLength(), StandardCharsets.US_ASCII))
                        .isEqualTo("hello");
            }
        }
    }

    @Test
    void close_afterAFailingTestBody_stillRemovesTheNamespaces() {
        String[] prefix = new String[1];
        assertThatThrownBy(() -> {
                    try (Topology lab = Topology.chain(1)) {
                        prefix[0] = lab.namePrefix();
                        throw new IllegalStateException("the test failed");
                    }
                })
                .hasMessage("the test failed");
        assertThat(namespaces()).noneMatch(n -> n.startsWith(prefix[0]));
    }

    @Test
    void sweep_namespaceOfADeadProcess_deleted() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String stale = "icmpj-lab" + gone.pid() + "-1-client";
        ProcessRunner.check("ip", "netns", "add", stale);
        try {
            NetworkNamespace.sweepStale("icmpj-lab");
            assertThat(namespaces()).doesNotContain(stale);
        } finally {
            ProcessRunner.run(List.of("ip", "netns", "del", stale));
        }
    }

    private static List<String> namespaces() {
        return ProcessRunner.run(List.of("ip", "netns", "list"))
                .stdout()
                .lines()
                .map(l -> l.split(" ")[0])
                .toList();
    }
}
