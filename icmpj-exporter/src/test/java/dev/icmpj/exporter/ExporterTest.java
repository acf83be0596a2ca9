package dev.icmpj.exporter;

import static dev.icmpj.exporter.Rig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exporter on the fake engine: what it counts, what a reload keeps, and how it follows names. */
@Timeout(30)
class ExporterTest {
    private static final String ONE_TARGET = """
            probes:
              - name: lan
                interval: 1s
                timeout: 500ms
                labels: {site: ams}
                targets:
                  - 127.0.0.2
                  - host: 127.0.0.3
                    labels: {role: db}
            """;

    @Test
    void events_countedExactlyPerTarget() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.2"), ip("127.0.0.3"));
            assertThat(p.options.interval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(p.options.timeout()).isEqualTo(Duration.ofMillis(500));
            int a = p.idOf(ip("127.0.0.2"));
            for (int seq = 0; seq < 10; seq++) {
                p.listener.onSent(a, seq, 20_000);
            }
            for (int seq = 0; seq < 7; seq++) {
                p.listener.onReply(a, Replies.echo(ip("127.0.0.2"), seq, 0.080, 64));
            }
            p.listener.onLoss(a, 7);
            p.listener.onLoss(a, 8);
            p.listener.onError(a, Replies.unreachable(ip("127.0.0.9"), ip("127.0.0.2"), 1, 9));
            p.listener.onLate(a, Replies.echo(ip("127.0.0.2"), 8, 700, 64));
            p.listener.onDuplicate(a, Replies.echo(ip("127.0.0.2"), 3, 0.2, 64));
            p.listener.onDuplicate(a, Replies.echo(ip("127.0.0.2"), 3, 0.3, 64));

            Exposition m = rig.scrape();
            String[] t = {"target", "127.0.0.2", "probe", "lan", "family", "ipv4", "site", "ams"};
            assertThat(m.value("icmpj_requests_total", t)).isEqualTo(10);
            assertThat(m.value("icmpj_replies_total", t)).isEqualTo(7);
            assertThat(m.value("icmpj_lost_total", t)).isEqualTo(2);
            assertThat(m.value("icmpj_icmp_errors_total", "target", "127.0.0.2", "type", "3", "code", "1"))
                    .isEqualTo(1);
            assertThat(m.value("icmpj_late_replies_total", t)).isEqualTo(1);
            assertThat(m.value("icmpj_duplicates_total", t)).isEqualTo(2);
            assertThat(m.value("icmpj_rtt_seconds_count", t)).isEqualTo(7);
            assertThat(m.value("icmpj_rtt_seconds_sum", t))
                    .isCloseTo(7 * 0.000080, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(m.value("icmpj_rtt_seconds_bucket", "target", "127.0.0.2", "le", "5.0E-5"))
                    .isZero();
            assertThat(m.value("icmpj_rtt_seconds_bucket", "target", "127.0.0.2", "le", "1.0E-4"))
                    .isEqualTo(7);
            assertThat(m.value("icmpj_reply_ttl", t)).isEqualTo(64);
            assertThat(m.value("icmpj_target_info", "target", "127.0.0.2", "ip", "127.0.0.2"))
                    .isEqualTo(1);
            assertThat(m.value("icmpj_send_lag_seconds_count", "probe", "lan")).isEqualTo(10);
            assertThat(m.value("icmpj_targets", "probe", "lan")).isEqualTo(2);
            // the other target: labels of its own, nothing counted
            assertThat(m.value("icmpj_requests_total", "target", "127.0.0.3", "role", "db", "site", "ams"))
                    .isZero();
            assertThat(m.value("icmpj_config_last_reload_successful")).isEqualTo(1);
            assertThat(m.value("icmpj_socket_info", "probe", "lan", "family", "ipv4", "mode", "raw"))
                    .isEqualTo(1);
        }
    }

    @Test
    void requests_equalRepliesPlusLostPlusErrors_inFlightInNone() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            int a = p.idOf(ip("127.0.0.2"));
            p.listener.onSent(a, 0, 0);
            p.listener.onSent(a, 1, 0);
            p.listener.onSent(a, 2, 0);
            p.listener.onReply(a, Replies.echo(ip("127.0.0.2"), 0, 0.5, 64));
            // sequences 1 and 2 are in flight: neither requested-and-decided nor lost
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_requests_total", "target", "127.0.0.2")).isEqualTo(1);
            assertThat(m.value("icmpj_lost_total", "target", "127.0.0.2")).isZero();
        }
    }

    @Test
    void replyTtl_changesCounted() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            int a = p.idOf(ip("127.0.0.2"));
            int[] ttls = {64, 64, 63, 63, 64};
            for (int i = 0; i < ttls.length; i++) {
                p.listener.onReply(a, Replies.echo(ip("127.0.0.2"), i, 1, ttls[i]));
            }
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_reply_ttl", "target", "127.0.0.2")).isEqualTo(64);
            assertThat(m.value("icmpj_reply_ttl_changes_total", "target", "127.0.0.2"))
                    .isEqualTo(2);
        }
    }

    @Test
    void sendFailures_countedByErrno() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            int a = p.idOf(ip("127.0.0.2"));
            p.listener.onSendFailed(a, new IcmpSocketException("sendto: No route to host", 113));
            p.listener.onSendFailed(a, new IcmpSocketException("sendto: No route to host", 113));
            p.listener.onSendFailed(a, new IcmpSocketException("sendto: Operation not permitted", 1));
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_send_errors_total", "target", "127.0.0.2", "errno", "EHOSTUNREACH"))
                    .isEqualTo(2);
            assertThat(m.value("icmpj_send_errors_total", "target", "127.0.0.2", "errno", "EPERM"))
                    .isEqualTo(1);
            assertThat(m.value("icmpj_requests_total", "target", "127.0.0.2")).isZero();
        }
    }

    @Test
    void reload_keepsCountersOfStayingTargets_dropsSeriesOfRemovedOnes() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            int a = p.idOf(ip("127.0.0.2"));
            int b = p.idOf(ip("127.0.0.3"));
            for (int seq = 0; seq < 5; seq++) {
                p.listener.onReply(a, Replies.echo(ip("127.0.0.2"), seq, 1, 64));
                p.listener.onReply(b, Replies.echo(ip("127.0.0.3"), seq, 1, 64));
            }
            boolean ok = rig.reload("""
                    probes:
                      - name: lan
                        interval: 1s
                        timeout: 500ms
                        labels: {site: ams}
                        targets: [127.0.0.2, 127.0.0.4]
                    """);
            assertThat(ok).isTrue();
            assertThat(rig.engine.probers).hasSize(1); // same probing: same prober
            assertThat(p.targets.values()).containsExactlyInAnyOrder(ip("127.0.0.2"), ip("127.0.0.4"));
            assertThat(p.removed).containsExactly(b);
            p.listener.onReply(a, Replies.echo(ip("127.0.0.2"), 5, 1, 64));
            // a callback for the removed id is ignored
            p.listener.onReply(b, Replies.echo(ip("127.0.0.3"), 5, 1, 64));

            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_replies_total", "target", "127.0.0.2")).isEqualTo(6);
            assertThat(m.all("icmpj_replies_total", "target", "127.0.0.3")).isEmpty();
            assertThat(m.all("icmpj_rtt_seconds_count", "target", "127.0.0.3")).isEmpty();
            assertThat(m.value("icmpj_replies_total", "target", "127.0.0.4")).isZero();
        }
    }

    @Test
    void reload_changedProbing_newProberSameCounters() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber first = rig.engine.last();
            int a = first.idOf(ip("127.0.0.2"));
            for (int seq = 0; seq < 3; seq++) {
                first.listener.onReply(a, Replies.echo(ip("127.0.0.2"), seq, 1, 64));
            }
            assertThat(rig.reload(ONE_TARGET.replace("interval: 1s", "interval: 250ms")))
                    .isTrue();
            FakeProbeEngine.FakeProber second = rig.engine.last();
            assertThat(second).isNotSameAs(first);
            assertThat(first.closed).isTrue();
            assertThat(second.options.interval()).isEqualTo(Duration.ofMillis(250));
            int a2 = second.idOf(ip("127.0.0.2"));
            second.listener.onReply(a2, Replies.echo(ip("127.0.0.2"), 0, 1, 64));
            assertThat(rig.scrape().value("icmpj_replies_total", "target", "127.0.0.2"))
                    .isEqualTo(4);
        }
    }

    @Test
    void reload_brokenConfig_refusedAndOldKeepsProbing() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            FakeProbeEngine.FakeProber p = rig.engine.last();
            boolean ok = rig.reload("""
                    probes:
                      - name: lan
                        interval: 1x
                        targets: [127.0.0.5]
                    """);
            assertThat(ok).isFalse();
            assertThat(rig.engine.probers).containsExactly(p);
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.2"), ip("127.0.0.3"));
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_config_last_reload_successful")).isZero();
            assertThat(m.value("icmpj_config_last_reload_success_timestamp_seconds"))
                    .isEqualTo(Rig.START / 1000.0);
            assertThat(rig.log)
                    .as(String.join("\n", rig.log))
                    .anyMatch(l -> l.contains("level=error")
                            && l.contains("test.yml:3:15: probes[0].interval: \\\"1x\\\" is not a duration"));
            // and a good one after it
            rig.control.advance(Duration.ofSeconds(5));
            assertThat(rig.reload(ONE_TARGET)).isTrue();
            assertThat(rig.scrape().value("icmpj_config_last_reload_success_timestamp_seconds"))
                    .isEqualTo(Rig.START / 1000.0 + 5);
        }
    }

    @Test
    void reload_groupRemoved_itsSeriesGoAndProberCloses() throws Exception {
        try (Rig rig = new Rig().apply("""
                        probes:
                          - name: a
                            targets: [127.0.0.2]
                          - name: b
                            size: 1000
                            targets: [127.0.0.2]
                        """)) {
            assertThat(rig.engine.probers).hasSize(2);
            FakeProbeEngine.FakeProber b = rig.engine.probers.get(1);
            assertThat(b.options.payloadSize()).isEqualTo(1000);
            Exposition before = rig.scrape();
            assertThat(before.all("icmpj_requests_total", "target", "127.0.0.2"))
                    .hasSize(2);
            assertThat(rig.reload("""
                            probes:
                              - name: a
                                targets: [127.0.0.2]
                            """)).isTrue();
            assertThat(b.closed).isTrue();
            Exposition after = rig.scrape();
            assertThat(after.all("icmpj_requests_total", "target", "127.0.0.2"))
                    .extracting(s -> s.labels().get("probe"))
                    .containsExactly("a");
            assertThat(after.all("icmpj_targets", "probe", "b")).isEmpty();
        }
    }

    @Test
    void name_failedLookup_isAMetricAndALogLine_neverFatal() throws Exception {
        try (Rig rig = new Rig()) {
            rig.names.put("db1", List.of(ip("127.0.0.7")));
            rig.apply("""
                    probes:
                      - targets: [db1, nowhere]
                    """);
            FakeProbeEngine.FakeProber p = rig.engine.last();
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.7"));
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_dns_lookups_total", "target", "nowhere", "result", "failure"))
                    .isEqualTo(1);
            assertThat(m.value("icmpj_dns_lookups_total", "target", "db1", "result", "success"))
                    .isEqualTo(1);
            assertThat(m.all("icmpj_requests_total", "target", "nowhere")).isEmpty();
            assertThat(rig.log)
                    .anyMatch(l ->
                            l.contains("level=warn") && l.contains("target=nowhere") && l.contains("lookup failed"));
            assertThat(rig.exporter.ready()).isTrue();
        }
    }

    @Test
    void name_reResolvedOnASchedule_boundedByMinAndMax() throws Exception {
        try (Rig rig = new Rig()) {
            rig.names.put("db1", List.of(ip("127.0.0.7")));
            rig.apply("""
                    dns: {min_refresh: 10s, max_refresh: 60s}
                    probes:
                      - targets: [db1]
                    """);
            // unchanged answers: 10s, then 20s, 40s, then 60s (the max) each time
            assertThat(rig.control.pendingDelays()).containsExactly(10_000L);
            long[] expected = {20_000, 40_000, 60_000, 60_000};
            for (long next : expected) {
                rig.control.advance(
                        Duration.ofMillis(rig.control.pendingDelays().getFirst()));
                assertThat(rig.control.pendingDelays()).containsExactly(next);
            }
            // a failure goes back to the min
            rig.names.remove("db1");
            rig.control.advance(Duration.ofSeconds(60));
            assertThat(rig.control.pendingDelays()).containsExactly(10_000L);
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_dns_lookups_total", "target", "db1", "result", "success"))
                    .isEqualTo(5);
            assertThat(m.value("icmpj_dns_lookups_total", "target", "db1", "result", "failure"))
                    .isEqualTo(1);
            // the last address keeps being probed while the name fails
            assertThat(rig.engine.last().targets.values()).containsExactly(ip("127.0.0.7"));
        }
    }

    @Test
    void name_addressChanges_sameSeriesNewAddress() throws Exception {
        try (Rig rig = new Rig()) {
            rig.names.put("db1", List.of(ip("127.0.0.7")));
            rig.apply("""
                    dns: {min_refresh: 10s, max_refresh: 60s}
                    probes:
                      - targets: [db1]
                    """);
            FakeProbeEngine.FakeProber p = rig.engine.last();
            int old = p.idOf(ip("127.0.0.7"));
            p.listener.onReply(old, Replies.echo(ip("127.0.0.7"), 0, 1, 64));
            rig.names.put("db1", List.of(ip("127.0.0.8")));
            rig.control.advance(Duration.ofSeconds(10));
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.8"));
            assertThat(p.removed).containsExactly(old);
            int now = p.idOf(ip("127.0.0.8"));
            p.listener.onReply(now, Replies.echo(ip("127.0.0.8"), 0, 1, 64));
            Exposition m = rig.scrape();
            assertThat(m.value("icmpj_replies_total", "target", "db1")).isEqualTo(2);
            assertThat(m.value("icmpj_target_info", "target", "db1", "ip", "127.0.0.8"))
                    .isEqualTo(1);
            assertThat(m.all("icmpj_target_info", "ip", "127.0.0.7")).isEmpty();
            // a change brings the next lookup back to the min
            assertThat(rig.control.pendingDelays()).containsExactly(10_000L);
        }
    }

    @Test
    void familyBoth_probesEachFamilyAsATargetOfItsOwn() throws Exception {
        try (Rig rig = new Rig()) {
            rig.names.put("dual", List.of(ip("::1"), ip("127.0.0.1"), ip("127.0.0.2")));
            rig.apply("""
                    probes:
                      - family: both
                        targets: [dual]
                      - name: v4
                        family: 4
                        size: 100
                        targets: [dual]
                    """);
            assertThat(rig.engine.probers.get(0).targets.values())
                    .containsExactlyInAnyOrder(ip("::1"), ip("127.0.0.1"));
            assertThat(rig.engine.probers.get(1).targets.values()).containsExactly(ip("127.0.0.1"));
            Exposition m = rig.scrape();
            assertThat(m.all("icmpj_requests_total", "probe", "default", "target", "dual"))
                    .extracting(s -> s.labels().get("family"))
                    .containsExactlyInAnyOrder("ipv4", "ipv6");
            assertThat(m.value("icmpj_target_info", "probe", "default", "family", "ipv6", "ip", "::1"))
                    .isEqualTo(1);
        }
    }

    @Test
    void addRefused_targetShownAndRetried() throws Exception {
        try (Rig rig = new Rig()) {
            InetAddress v6 = ip("::1");
            rig.engine.refused.add(v6);
            rig.apply("""
                    dns: {min_refresh: 5s, max_refresh: 60s}
                    probes:
                      - targets: ["::1"]
                    """);
            assertThat(rig.engine.last().targets).isEmpty();
            assertThat(rig.log).anyMatch(l -> l.contains("cannot probe target") && l.contains("cannot open a socket"));
            assertThat(new LandingPage(rig.exporter, "/metrics", "t").render(null))
                    .contains("not probed")
                    .contains("cannot open a socket");
            rig.engine.refused.clear();
            rig.control.advance(Duration.ofSeconds(5));
            assertThat(rig.engine.last().targets.values()).containsExactly(v6);
        }
    }

    @Test
    void kernelDrops_perFamily() throws Exception {
        try (Rig rig = new Rig().apply(ONE_TARGET)) {
            rig.engine.last().listener.onKernelDrops(Family.IPV4, 17);
            assertThat(rig.scrape().value("icmpj_kernel_drops_total", "probe", "lan", "family", "ipv4"))
                    .isEqualTo(17);
        }
    }
}
