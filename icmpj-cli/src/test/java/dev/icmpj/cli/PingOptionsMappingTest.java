package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.PingOptions;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** How {@code icmpj ping}'s iputils options become the library's {@link PingOptions}: nothing is sent here. */
@Timeout(30)
class PingOptionsMappingTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    private static PingOptions options(boolean root, String... args) {
        PingCommand command = new PingCommand();
        new CommandLine(command.declare()).parseArgs(args);
        return command.optionsFor(LOOPBACK, root);
    }

    @Test
    void defaults_noneOfTheNewOptions() {
        PingOptions options = options(true, "127.0.0.1");

        assertThat(options.preload()).isEqualTo(1);
        assertThat(options.adaptive()).isFalse();
        assertThat(options.mark()).isEmpty();
        assertThat(options.sendBufferSize()).isZero();
        assertThat(options.rttClock()).isEqualTo(RttClock.KERNEL_TX_RX);
    }

    @Test
    void preloadMarkSendBufferUserLatency_mappedOneToOne() {
        PingOptions options = options(true, "-l", "5", "-m", "4294967295", "-S", "65536", "-U", "127.0.0.1");

        assertThat(options.preload()).isEqualTo(5);
        assertThat(options.mark()).hasValue(4294967295L);
        assertThat(options.sendBufferSize()).isEqualTo(65536);
        assertThat(options.rttClock()).isEqualTo(RttClock.MONOTONIC);
    }

    @Test
    void sendBuffer_aboveWhatTheKernelGrantsAnyway_cappedAtOneGibibyte() {
        // iputils takes up to INT_MAX; SO_SNDBUF is capped by net.core.wmem_max long before 1 GiB
        assertThat(options(true, "-S", "2147483647", "127.0.0.1").sendBufferSize())
                .isEqualTo(1 << 30);
    }

    @Test
    void adaptive_rootMayGoToZero_othersKeepIputils2ms() {
        PingOptions root = options(true, "-A", "127.0.0.1");
        PingOptions user = options(false, "-A", "127.0.0.1");

        assertThat(root.adaptive()).isTrue();
        assertThat(root.minimumAdaptiveInterval()).isZero();
        assertThat(user.adaptive()).isTrue();
        assertThat(user.minimumAdaptiveInterval()).isEqualTo(Duration.ofMillis(2));
    }

    @Test
    void preload_aFloodKeepsItsPreload() {
        PingOptions options = options(true, "-f", "-l", "5", "127.0.0.1");

        assertThat(options.flood()).isTrue();
        assertThat(options.preload()).isEqualTo(5);
    }

    @Test
    void preloadAboveThree_refusedForUsersWithIputilsWords() {
        PingCommand command = new PingCommand();
        new CommandLine(command.declare()).parseArgs("-l", "4", "127.0.0.1");

        assertThatThrownBy(() -> command.iputils.refuseForUsers(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot set preload to value greater than 3: 4");
        command.iputils.refuseForUsers(true);
    }
}
