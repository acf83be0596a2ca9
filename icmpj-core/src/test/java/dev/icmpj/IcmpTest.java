package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.socket.Family;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    void isAvailable_withoutEnableNativeAccess_tellsTheTruth() {
        NetworkTests.requireRoot("opening a raw socket");

        // the JDK allows native access without the flag, with a warning: ICMP is available and works
        ProcessRunner.Result warned = runAvailability();
        // only a JVM that denies it makes ICMP unavailable
        ProcessRunner.Result denied = runAvailability("--illegal-native-access=deny");

        assertThat(warned.stdout().strip()).isEqualTo("available=true cause=none received=1");
        assertThat(warned.stderr()).contains("WARNING: A restricted method");
        // and a ping then fails with the library's exception in both forms, never NoClassDefFoundError
        assertThat(denied.stdout().strip())
                .isEqualTo("available=false cause=IllegalCallerException sync=SocketUnavailableException"
                        + " async=SocketUnavailableException");
    }

    private static ProcessRunner.Result runAvailability(String... jvmOptions) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-Xshare:auto",
                "-cp",
                Path.of("target", "classes").toAbsolutePath() + ":"
                        + Path.of("target", "test-classes").toAbsolutePath(),
                AvailabilityMain.class.getName()));
        return ProcessRunner.run(command);
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
