package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.internal.engine.FakeNetwork;
import dev.icmpj.internal.engine.Ticker;
import dev.icmpj.socket.Family;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Name resolution and family checks: nothing here needs a socket. */
class PingerResolveTest {

    private static final String UNKNOWN = "no-such-host.invalid";
    private final FakeNetwork network = FakeNetwork.echoAfter(1);
    private final Pinger pinger = Pinger.create(network, Ticker.SYSTEM);

    @AfterEach
    void close() {
        pinger.close();
        network.close();
    }

    @Test
    void resolve_unknownName_nameLookupNamingHostAndFamily() {
        assertThatThrownBy(() -> pinger.resolve(UNKNOWN, Family.ANY))
                .isInstanceOf(NameLookupException.class)
                .hasMessage("cannot resolve " + UNKNOWN + ": Name or service not known")
                .satisfies(e -> assertThat(((NameLookupException) e).name()).isEqualTo(UNKNOWN));
        assertThatThrownBy(() -> pinger.resolve(UNKNOWN, Family.IPV6))
                .hasMessage("cannot resolve " + UNKNOWN + " (IPv6): Name or service not known");
    }

    @Test
    void resolve_testJvm_readsNamesFromTheProjectsHostsFileOnly() {
        // no test asks the machine's resolver: the poms point jdk.net.hosts.file at scripts/test-hosts
        assertThat(System.getProperty("jdk.net.hosts.file")).endsWith("scripts/test-hosts");
        assertThat(pinger.resolveAsync("icmpj-test-dual", Family.IPV6).join()).isEqualTo(InetAddress.ofLiteral("::1"));
        assertThat(pinger.resolveAsync("icmpj-test-dual", Family.IPV4).join())
                .isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
    }

    @Test
    void resolveAll_nameWithTwoAddresses_everyAddressInTheResolversOrder() throws Exception {
        assertThat(pinger.resolveAll("icmpj-test-dual", Family.ANY))
                .containsExactly(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("::1"));
        assertThat(pinger.resolveAll("icmpj-test-dual", Family.IPV6)).containsExactly(InetAddress.ofLiteral("::1"));
        assertThat(pinger.resolveAll("198.18.3.4", Family.ANY)).containsExactly(InetAddress.ofLiteral("198.18.3.4"));
        assertThat(Icmp.resolveAll("icmpj-test-v4", Family.ANY)).containsExactly(InetAddress.ofLiteral("127.0.0.1"));
    }

    @Test
    void resolve_emptyOrBlankName_nameLookupNotLoopback() {
        // InetAddress.getAllByName("") is the loopback address; iputils says the name is unknown
        for (String name : new String[] {"", " "}) {
            assertThatThrownBy(() -> pinger.resolve(name, Family.ANY))
                    .isInstanceOf(NameLookupException.class)
                    .hasMessage("cannot resolve \"" + name + "\": Name or service not known");
        }
        assertThatThrownBy(() -> pinger.ping("")).isInstanceOf(NameLookupException.class);
        assertThatThrownBy(() -> pinger.traceroute("", TracerouteOptions.defaults()))
                .isInstanceOf(NameLookupException.class);
        assertThat(network.opened()).isEmpty();
    }

    @Test
    void resolve_ipv6LiteralWithIpv4Family_nameLookupNamingHostAndFamily() {
        assertThatThrownBy(() -> pinger.resolve("::1", Family.IPV4))
                .isInstanceOf(NameLookupException.class)
                .hasMessage("::1 is an IPv6 address; it has no IPv4 address");
    }

    @Test
    void resolve_ipv4LiteralWithIpv6Family_nameLookup() {
        assertThatThrownBy(() -> pinger.resolve("127.0.0.1", Family.IPV6))
                .isInstanceOf(NameLookupException.class)
                .hasMessage("127.0.0.1 is an IPv4 address; it has no IPv6 address");
    }

    @Test
    void resolve_literalsAndLocalhost_addresses() throws Exception {
        assertThat(pinger.resolve("198.18.3.4", Family.ANY)).isEqualTo(InetAddress.ofLiteral("198.18.3.4"));
        assertThat(pinger.resolve("fd00::5", Family.IPV6)).isEqualTo(InetAddress.ofLiteral("fd00::5"));
        assertThat(pinger.resolve("localhost", Family.IPV4)).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
    }

    @Test
    void resolveAsync_unknownName_completesExceptionallyWithNameLookup() {
        assertThatThrownBy(() -> pinger.resolveAsync(UNKNOWN, Family.IPV4).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NameLookupException.class);
    }

    @Test
    void ping_unknownName_nameLookupAndNoSocketOpened() {
        assertThatThrownBy(() -> pinger.ping(UNKNOWN))
                .isInstanceOf(NameLookupException.class)
                .hasMessageContaining(UNKNOWN);
        assertThatThrownBy(
                        () -> pinger.pingAsync(UNKNOWN, PingOptions.defaults()).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NameLookupException.class);
        assertThat(network.opened()).isEmpty();
    }

    @Test
    void ping_ipv6LiteralWithIpv4Family_nameLookup() {
        PingOptions v4 = PingOptions.builder().family(Family.IPV4).build();
        assertThatThrownBy(() -> pinger.ping("::1", v4))
                .isInstanceOf(NameLookupException.class)
                .hasMessageContaining("::1")
                .hasMessageContaining("IPv4");
        assertThatThrownBy(() -> pinger.ping(InetAddress.ofLiteral("::1"), v4)).isInstanceOf(NameLookupException.class);
        assertThat(network.opened()).isEmpty();
    }

    @Test
    void ping_hostNameResolvedAsynchronously_pinged() throws Exception {
        Host host = pinger.ping(
                "localhost",
                PingOptions.builder()
                        .family(Family.IPV4)
                        .count(1)
                        .timeout(Duration.ofSeconds(1))
                        .build());
        assertThat(host.address()).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
        assertThat(host.packetsReceived()).isEqualTo(1);
    }

    @Test
    void resolve_afterClose_stillWorks() throws Exception {
        pinger.close();
        assertThat(pinger.resolve("127.0.0.1", Family.ANY)).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
    }
}
