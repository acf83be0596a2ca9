package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostTest {

    private static Host host(int ttl, List<Double> rtts) {
        double nan = Double.NaN;
        return new Host(
                InetAddress.ofLiteral("198.18.0.9"),
                4,
                rtts.size(),
                rtts,
                rtts.isEmpty() ? nan : 1.0,
                rtts.isEmpty() ? nan : 2.0,
                rtts.isEmpty() ? nan : 3.0,
                rtts.isEmpty() ? nan : 2.0,
                rtts.size() < 2 ? nan : 1.0,
                rtts.size() < 2 ? nan : 1.5,
                1 - rtts.size() / 4.0,
                1,
                0,
                !rtts.isEmpty(),
                ttl,
                List.of());
    }

    @Test
    void hops_perReceivedTtl_smallestInitialTtlMinusTtlPlusOne() {
        assertThat(host(64, List.of()).hops()).isEqualTo(1);
        assertThat(host(57, List.of()).hops()).isEqualTo(8);
        assertThat(host(65, List.of()).hops()).isEqualTo(64);
        assertThat(host(128, List.of()).hops()).isEqualTo(1);
        assertThat(host(250, List.of()).hops()).isEqualTo(6);
        assertThat(host(1, List.of()).hops()).isEqualTo(64);
        assertThat(host(-1, List.of()).hops()).isEqualTo(-1);
    }

    @Test
    void osGuess_perInitialTtl() {
        assertThat(host(60, List.of()).osGuess()).hasValue("Linux/Unix");
        assertThat(host(120, List.of()).osGuess()).hasValue("Windows");
        assertThat(host(240, List.of()).osGuess()).hasValue("network device");
        assertThat(host(-1, List.of()).osGuess()).isEmpty();
    }

    @Test
    void toMap_keysExactlyInDocumentedOrder() {
        assertThat(new ArrayList<>(host(64, List.of(1.0, 3.0, 2.0)).toMap().keySet()))
                .containsExactly(
                        "address",
                        "packets_sent",
                        "packets_received",
                        "packet_loss",
                        "min_rtt",
                        "avg_rtt",
                        "max_rtt",
                        "median_rtt",
                        "p95_rtt",
                        "stddev",
                        "jitter",
                        "rtts",
                        "duplicates",
                        "errors",
                        "is_alive",
                        "ttl",
                        "hops",
                        "os_guess");
    }

    @Test
    void toMap_measuredHost_values() {
        Map<String, Object> map = host(64, List.of(1.0, 3.0, 2.0)).toMap();
        assertThat(map)
                .containsEntry("address", "198.18.0.9")
                .containsEntry("packets_sent", 4)
                .containsEntry("packets_received", 3)
                .containsEntry("packet_loss", 0.25)
                .containsEntry("min_rtt", 1.0)
                .containsEntry("median_rtt", 2.0)
                .containsEntry("jitter", 1.5)
                .containsEntry("rtts", List.of(1.0, 3.0, 2.0))
                .containsEntry("duplicates", 1)
                .containsEntry("is_alive", true)
                .containsEntry("ttl", 64)
                .containsEntry("hops", 1)
                .containsEntry("os_guess", "Linux/Unix");
    }

    @Test
    void toMap_unmeasuredValues_areNull() {
        Map<String, Object> map = host(-1, List.of()).toMap();
        for (String key : Arrays.asList(
                "min_rtt", "avg_rtt", "max_rtt", "median_rtt", "stddev", "jitter", "ttl", "hops", "os_guess")) {
            assertThat(map).containsEntry(key, null);
        }
        assertThat(map)
                .containsEntry("packet_loss", 1.0)
                .containsEntry("is_alive", false)
                .containsEntry("rtts", List.of());
    }

    @Test
    void toMap_oneReply_stddevAndJitterNull() {
        Map<String, Object> map = host(64, List.of(1.0)).toMap();
        assertThat(map)
                .containsEntry("stddev", null)
                .containsEntry("jitter", null)
                .containsEntry("min_rtt", 1.0);
    }

    @Test
    void toMap_ipv6Address_inRfc5952Form() {
        Host v6 = new Host(
                InetAddress.ofLiteral("fd00:0:0:0:0:0:0:1"),
                1,
                0,
                List.of(),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                1.0,
                0,
                0,
                false,
                -1,
                List.of());
        assertThat(v6.toMap()).containsEntry("address", "fd00::1");
    }

    @Test
    void percentileRtt_linearBetweenNearestRanks() {
        Host h = host(64, List.of(4.0, 1.0, 3.0, 2.0, 5.0));
        assertThat(h.percentileRtt(0)).isEqualTo(1.0);
        assertThat(h.percentileRtt(50)).isEqualTo(3.0);
        assertThat(h.percentileRtt(95)).isCloseTo(4.8, within(1e-12));
        assertThat(h.percentileRtt(100)).isEqualTo(5.0);
        assertThat(h.toMap().get("p95_rtt")).isEqualTo(h.percentileRtt(95));
        assertThat(host(64, List.of()).percentileRtt(95)).isNaN();
        assertThat(host(64, List.of()).toMap().get("p95_rtt")).isNull();
        assertThatThrownBy(() -> h.percentileRtt(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
