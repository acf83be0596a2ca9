package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.socket.Family;
import dev.icmpj.testing.NetworkTests;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The static facade on the shared pinger, against the kernel (root: raw sockets). */
class IcmpTest {

    @Test
    void isAvailable_asRootWithNativeAccess_trueWithoutCause() {
        NetworkTests.requireRoot("opening a raw socket");
        assertThat(Icmp.unavailabilityCause()).isEmpty();
        assertThat(Icmp.isAvailable()).isTrue();
    }

    @Test
    void ping_loopbackThroughSharedPinger_answered() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        PingOptions fast =
                PingOptions.builder().count(2).interval(Duration.ofMillis(10)).build();

        Host sync = Icmp.ping("127.0.0.1", fast);
        Host async = Icmp.pingAsync("::1", fast).get(10, TimeUnit.SECONDS);

        assertThat(sync.packetsReceived()).isEqualTo(2);
        assertThat(async.packetsReceived()).isEqualTo(2);
        assertThat(Icmp.resolve("::1", Family.IPV6)).isEqualTo(async.address());
        assertThat(Icmp.resolveAsync("127.0.0.1", Family.ANY).get(10, TimeUnit.SECONDS))
                .isEqualTo(sync.address());
    }
}
