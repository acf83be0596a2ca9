package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.lab.Topology;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code icmpj ping -b} on a link of its own: a client and three hosts on one bridge, the hosts answering
 * broadcasts ({@code net.ipv4.icmp_echo_ignore_broadcasts=0}), beside iputils: a line per responder without
 * {@code (DUP!)}, the first reply per request counted as received and the others as duplicates.
 */
@Timeout(120)
class PingBroadcastTest {
    private static final String BROADCAST = "198.18.0.255";

    private static final List<NetworkNamespace> NAMESPACES = new ArrayList<>();
    private static NetworkNamespace client;

    @BeforeAll
    static void link() {
        NetworkTests.requireRoot("network namespaces and a bridge");
        // the lab's prefix, so that a killed run's namespaces are swept as the lab's are
        String prefix = Topology.runPrefix() + "bcast-";
        NetworkNamespace bridge = namespace(prefix + "bridge");
        bridge.exec("ip", "link", "add", "br0", "type", "bridge");
        bridge.exec("ip", "link", "set", "br0", "up");
        client = namespace(prefix + "client");
        attach(bridge, client, "c", "198.18.0.1/24");
        for (int host = 2; host <= 4; host++) {
            NetworkNamespace ns = namespace(prefix + "h" + host);
            ns.exec("sysctl", "-qw", "net.ipv4.icmp_echo_ignore_broadcasts=0");
            attach(bridge, ns, "h" + host, "198.18.0." + host + "/24");
        }
        // neighbour discovery before the first request
        for (int host = 2; host <= 4; host++) {
            client.exec("ping", "-c", "1", "-w", "3", "198.18.0." + host);
        }
    }

    @AfterAll
    static void tearDown() {
        NAMESPACES.reversed().forEach(NetworkNamespace::close);
        NAMESPACES.clear();
    }

    private static NetworkNamespace namespace(String name) {
        NetworkNamespace ns = NetworkNamespace.create(name);
        NAMESPACES.add(ns);
        return ns;
    }

    /** A veth from a namespace to the bridge. */
    private static void attach(NetworkNamespace bridge, NetworkNamespace ns, String name, String address) {
        bridge.exec("ip", "link", "add", "p-" + name, "type", "veth", "peer", "name", "eth0", "netns", ns.name());
        bridge.exec("ip", "link", "set", "p-" + name, "master", "br0", "up");
        ns.exec("ip", "addr", "add", address, "dev", "eth0");
        ns.exec("ip", "link", "set", "eth0", "up");
    }

    @Test
    void iputils_threeResponders_threeReceivedPlusDuplicates() {
        ProcessRunner.Result iputils = PeerTool.run(client, "ping", "-b", "-c", "3", "-i", "0.2", BROADCAST);

        // the reference the disabled test below compares with
        assertThat(iputils.exitCode()).isZero();
        assertThat(iputils.stdout()).doesNotContain("DUP!");
        assertThat(iputils.stdout().lines().filter(l -> l.startsWith("64 bytes from 198.18.0.")))
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(iputils.stdout()).containsPattern("3 packets transmitted, 3 received, \\+\\d duplicates");
    }

    @Test
    void call_threeResponders_aLinePerResponderWithoutDupAsIputils() throws Exception {
        String[] args = {"ping", "-b", "-c", "3", "-i", "0.2", BROADCAST};

        CliRun run = client.call(() -> CliRun.of(args));
        ProcessRunner.Result iputils = PeerTool.run(client, args);

        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isZero();
        assertThat(run.errLines()).containsExactly("WARNING: pinging broadcast address");
        assertThat(run.out()).doesNotContain("DUP!");
        List<String> responders = run.outLines().stream()
                .filter(l -> l.startsWith("64 bytes from "))
                .map(l -> l.substring("64 bytes from ".length(), l.indexOf(':')))
                .distinct()
                .toList();
        assertThat(responders).containsExactlyInAnyOrder("198.18.0.2", "198.18.0.3", "198.18.0.4");
        assertThat(run.out()).containsPattern("3 packets transmitted, 3 received, \\+[4-6] duplicates, 0% packet loss");
    }

    @Test
    void call_broadcastWithoutDashB_refusedWithIputilsWords() throws Exception {
        String[] args = {"ping", "-c", "1", BROADCAST};

        CliRun run = client.call(() -> CliRun.of(args));
        ProcessRunner.Result iputils = PeerTool.run(client, args);

        assertThat(iputils.stderr().strip())
                .as("iputils, for reference")
                .isEqualTo("ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
        assertThat(run.exitCode()).isEqualTo(iputils.exitCode()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly(
                        "icmpj: ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules");
    }
}
