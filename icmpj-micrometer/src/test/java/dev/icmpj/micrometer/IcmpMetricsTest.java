package dev.icmpj.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.socket.RttClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IcmpMetricsTest {
    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private static Reply echo(int sequence, double rttMillis) {
        return new Reply(
                LOCAL,
                sequence,
                64,
                64,
                rttMillis,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(IcmpVersion.V4, 1, sequence, new byte[8]));
    }

    private static Reply unreachable(int code) {
        QuotedDatagram q = QuotedDatagram.ofIcmp(LOCAL, LOCAL, IcmpVersion.V4, 64, new byte[] {8, 0, 0, 0, 0, 1, 0, 1});
        return new Reply(
                LOCAL,
                1,
                36,
                64,
                1,
                RttClock.KERNEL_RECEIVE,
                new DestinationUnreachable(IcmpVersion.V4, code, 0, q, List.of()));
    }

    @Test
    void pingListener_countsAndTimes() {
        MeterRegistry registry = new SimpleMeterRegistry();
        IcmpMetrics metrics = new IcmpMetrics(Tags.of("app", "shop"));
        metrics.bindTo(registry);
        PingListener l = metrics.pingListener("localhost");
        l.onReply(LOCAL, echo(0, 0.030));
        l.onReply(LOCAL, echo(1, 0.200));
        l.onLoss(LOCAL, 2);
        l.onError(LOCAL, unreachable(1));
        l.onDuplicate(LOCAL, echo(1, 0.3));
        var t = registry.get("icmpj.rtt")
                .tag("target", "localhost")
                .tag("family", "ipv4")
                .tag("app", "shop");
        assertThat(registry.get("icmpj.requests")
                        .tag("target", "localhost")
                        .counter()
                        .count())
                .isEqualTo(4);
        assertThat(registry.get("icmpj.replies")
                        .tag("target", "localhost")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("icmpj.lost")
                        .tag("target", "localhost")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("icmpj.duplicates")
                        .tag("target", "localhost")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("icmpj.icmp.errors")
                        .tag("type", "3")
                        .tag("code", "1")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("icmpj.reply.ttl")
                        .tag("target", "localhost")
                        .gauge()
                        .value())
                .isEqualTo(64);
        assertThat(t.timer().count()).isEqualTo(2);
        CountAtBucket[] buckets = t.timer().takeSnapshot().histogramCounts();
        assertThat(buckets).hasSize(17);
        assertThat(buckets[0].bucket(java.util.concurrent.TimeUnit.MICROSECONDS))
                .isEqualTo(50);
        // 30 µs in the first bucket; 200 µs in the 250 µs bucket (cumulative: both)
        assertThat(buckets[0].count()).isEqualTo(1);
        assertThat(Arrays.stream(buckets)
                        .filter(b -> b.bucket(java.util.concurrent.TimeUnit.MICROSECONDS) == 250)
                        .findFirst()
                        .orElseThrow()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void proberMeters_namedTargets_countedPerProbe() {
        MeterRegistry registry = new SimpleMeterRegistry();
        IcmpMetrics metrics = new IcmpMetrics();
        metrics.bindTo(registry);
        IcmpMetrics.ProberMeters listener = metrics.proberListener("lan");
        listener.name(7, LOCAL, "db1");
        listener.onReply(7, echo(0, 0.5));
        listener.onLoss(7, 1);
        listener.onLate(7, echo(1, 900));
        listener.onSendFailed(7, new dev.icmpj.socket.IcmpSocketException("sendto: No route to host", 113));
        listener.onReply(8, echo(0, 0.5)); // an id never named: nothing
        var requests = registry.get("icmpj.requests").tag("probe", "lan").tag("target", "db1");
        assertThat(requests.counter().count()).isEqualTo(2);
        assertThat(registry.get("icmpj.late.replies")
                        .tag("target", "db1")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("icmpj.send.errors")
                        .tag("errno", "113")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("icmpj.replies").counters()).hasSize(1);
    }

    @Test
    void bindTo_laterRegistryGetsExistingMeters() {
        IcmpMetrics metrics = new IcmpMetrics();
        MeterRegistry first = new SimpleMeterRegistry();
        metrics.bindTo(first);
        metrics.pingListener("a").onReply(LOCAL, echo(0, 1));
        MeterRegistry second = new SimpleMeterRegistry();
        metrics.bindTo(second);
        metrics.pingListener("a").onReply(LOCAL, echo(1, 1));
        assertThat(first.get("icmpj.replies").tag("target", "a").counter().count())
                .isEqualTo(2);
        assertThat(second.get("icmpj.replies").tag("target", "a").counter().count())
                .isEqualTo(1);
    }

    @Test
    void realPing_loopback() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) || Boolean.getBoolean("icmpj.requireNetworkTests"),
                "a raw socket on loopback needs root");
        MeterRegistry registry = new SimpleMeterRegistry();
        IcmpMetrics metrics = new IcmpMetrics();
        metrics.bindTo(registry);
        try (Pinger pinger = Pinger.create()) {
            Host h = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder()
                            .count(3)
                            .interval(Duration.ofMillis(20))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    metrics.pingListener("loopback"));
            assertThat(registry.get("icmpj.replies")
                            .tag("target", "loopback")
                            .counter()
                            .count())
                    .isEqualTo(h.packetsReceived())
                    .isEqualTo(3);
            assertThat(registry.get("icmpj.rtt")
                            .tag("target", "loopback")
                            .timer()
                            .count())
                    .isEqualTo(3);
        }
    }
}
