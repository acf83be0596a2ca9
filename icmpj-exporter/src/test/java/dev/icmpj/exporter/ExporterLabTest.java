package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.lab.Direction;
import dev.icmpj.lab.LinkRule;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.testing.ProcessRunner;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter end to end on the real engine ({@link ExporterLab}): a real Prometheus server scraping it
 * while it probes a peer that drops, duplicates, corrupts, delays and floods, and a router that rejects;
 * PromQL gives exactly the peer's counts once sending stops. Then reloads (SIGHUP and POST /-/reload, a broken
 * config refused while the old one keeps probing) and names that move or stop resolving (a hosts file the test
 * rewrites is the exporter's only resolver).
 */
@Timeout(240)
class ExporterLabTest {
    private static final InetAddress V6_REJECTED = InetAddress.ofLiteral("fd00:200::1");

    @BeforeEach
    void gate() {
        ExporterLab.require();
    }

    private static InetAddress peer(int host) {
        return InetAddress.ofLiteral("198.18." + TunPeer.DEFAULT_SUBNET + "." + host);
    }

    @Test
    void prometheus_seesExactlyThePeersCounts(@TempDir Path dir) throws Exception {
        PeerScript script = PeerScript.builder()
                .forAddress(peer(2), PeerAction.drop())
                .forAddress(peer(3), PeerAction.duplicate(2))
                .forAddress(peer(4), PeerAction.corruptChecksum())
                .forAddress(peer(5), PeerAction.delay(Duration.ofMillis(350)))
                .forAddress(peer(6), PeerAction.flood(100))
                .build();
        try (ExporterLab lab = new ExporterLab(dir, script)) {
            LinkRule reject = lab.topology.link(0).reject(Direction.TOWARD_SERVER, IcmpVersion.V6, 1);
            lab.startExporter("""
                    probes:
                      - name: v4
                        interval: 200ms
                        timeout: 150ms
                        labels: {lab: "yes"}
                        targets: [198.18.200.1, 198.18.200.2, 198.18.200.3, 198.18.200.4]
                      - name: late
                        interval: 500ms
                        timeout: 300ms
                        labels: {lab: "yes"}
                        # answered 350 ms after each request: late, and inside the engine's linger of one timeout
                        # (until 600 ms) with room for a peer a busy machine holds up (200 ms of room was short)
                        targets: [198.18.200.5]
                      - name: flood
                        interval: 200ms
                        timeout: 1s
                        labels: {lab: "yes"}
                        targets: [198.18.200.6]
                      - name: v6
                        interval: 200ms
                        timeout: 150ms
                        targets: ["fd00:200::1"]
                    """);
            lab.startPrometheus();
            lab.awaitScrapes(6);
            lab.stopSending();
            // every request that left is decided by its timeout (1 s at most); late replies come 350 ms after
            Thread.sleep(2_000);
            lab.awaitScrapes(2);

            PromQl q = lab.promql;
            for (int k = 1; k <= 6; k++) {
                String t = "{target=\"198.18.200." + k + "\"}";
                long received = lab.received(peer(k));
                assertThat(received).as("probes of .%d", k).isGreaterThan(10);
                assertThat(q.value("icmpj_requests_total" + t))
                        .as("requests .%d", k)
                        .isEqualTo(received);
                // what the peer answered is either a reply in time or a late one (the peer itself may be slow
                // while it floods); the rest is lost
                long answered = (k == 1 || k == 3 || k == 5 || k == 6) ? received : 0;
                double replies = q.value("icmpj_replies_total" + t);
                double late = q.value("icmpj_late_replies_total" + t);
                assertThat(replies + late).as("replies + late .%d", k).isEqualTo(answered);
                if (k == 5) {
                    assertThat(replies).as("replies .5, 350 ms late").isZero();
                }
                assertThat(q.value("icmpj_lost_total" + t)).as("lost .%d", k).isEqualTo(received - replies);
                // .3 answers each request three times: the further two are duplicates, also of a request whose
                // first answer came late (a busy peer)
                assertThat(q.value("icmpj_duplicates_total" + t))
                        .as("duplicates .%d", k)
                        .isEqualTo(k == 3 ? 2 * (replies + late) : 0);
                assertThat(q.value("icmpj_rtt_seconds_count" + t))
                        .as("rtt count .%d", k)
                        .isEqualTo(replies);
            }
            // the router's rejects, by type and code, exactly as many as its rule counted
            long rejected = reject.packets();
            assertThat(rejected).isGreaterThan(10);
            assertThat(q.value("icmpj_icmp_errors_total{target=\"fd00:200::1\",type=\"1\",code=\"1\"}"))
                    .isEqualTo(rejected);
            assertThat(q.value("icmpj_requests_total{target=\"fd00:200::1\"}")).isEqualTo(rejected);
            assertThat(lab.received(V6_REJECTED)).isZero();
            // every decided request is a reply, a loss or an error, for all targets at once
            assertThat(q.value("sum(icmpj_requests_total) - sum(icmpj_replies_total) - sum(icmpj_lost_total)"
                            + " - sum(icmpj_icmp_errors_total)"))
                    .isZero();
            // sends after the routes went failed, and were not counted as requests
            assertThat(q.value("sum(icmpj_send_errors_total{errno=\"ENETUNREACH\"})"))
                    .isPositive();
            assertThat(q.value("icmpj_targets{probe=\"v4\"}")).isEqualTo(4);
            assertThat(q.value("icmpj_socket_info{probe=\"v4\",family=\"ipv4\"}"))
                    .isEqualTo(1);
            // every send is in the lag histogram (its figures are the benchmark's: a loaded machine skews them)
            assertThat(q.value("sum(icmpj_send_lag_seconds_count)")).isEqualTo(q.value("sum(icmpj_requests_total)"));

            // the exposition passes promtool's lint
            Path scraped = dir.resolve("scrape.txt");
            Files.writeString(scraped, lab.scrape().text);
            ProcessRunner.Result lint = ProcessRunner.run(List.of("sh", "-c", "promtool check metrics < " + scraped));
            assertThat(lint.stdout() + lint.stderr()).isEmpty();
            assertThat(lab.exporter.isAlive()).isTrue();
        }
    }

    @Test
    void hostileFlood_countsStayExact(@TempDir Path dir) throws Exception {
        // each probe of .7 brings 2,000 echo replies that belong to no probe of ours, then its own reply
        PeerScript script = PeerScript.builder()
                .forAddress(peer(7), PeerAction.flood(2_000))
                .build();
        try (ExporterLab lab = new ExporterLab(dir, script)) {
            lab.startExporter("""
                    probes:
                      - interval: 250ms
                        timeout: 1s
                        targets: [198.18.200.7, 198.18.200.8]
                    """);
            Thread.sleep(5_000);
            lab.stopSending();
            Thread.sleep(2_000);
            Exposition m = lab.scrape();
            for (int k : new int[] {7, 8}) {
                long received = lab.received(peer(k));
                assertThat(received).isGreaterThan(10);
                double replies = m.value("icmpj_replies_total", "target", "198.18.200." + k);
                double late = m.value("icmpj_late_replies_total", "target", "198.18.200." + k);
                assertThat(m.value("icmpj_requests_total", "target", "198.18.200." + k))
                        .isEqualTo(received);
                assertThat(replies + late).as(".%d", k).isEqualTo(received);
                assertThat(m.value("icmpj_duplicates_total", "target", "198.18.200." + k))
                        .isZero();
            }
            assertThat(lab.peer.sentCount()).isGreaterThan(10 * 2_000);
            assertThat(lab.exporter.isAlive()).isTrue();
        }
    }

    @Test
    void reload_sighupAndHttp_keepCounters_brokenConfigKeepsOldProbing(@TempDir Path dir) throws Exception {
        try (ExporterLab lab = new ExporterLab(dir, PeerScript.always(PeerAction.reply()))) {
            lab.startExporter("""
                    probes:
                      - interval: 100ms
                        timeout: 100ms
                        targets: [198.18.200.1, 198.18.200.2]
                    """);
            Thread.sleep(1_000);
            double before = lab.scrape().value("icmpj_replies_total", "target", "198.18.200.1");
            assertThat(before).isPositive();

            Files.writeString(lab.config, """
                    probes:
                      - interval: 100ms
                        timeout: 100ms
                        targets: [198.18.200.1, 198.18.200.3]
                    """);
            lab.exporter.signal("HUP");
            lab.exporter.awaitOutput("msg=\"config reloaded\"", Duration.ofSeconds(20));
            Thread.sleep(1_000);
            Exposition after = lab.scrape();
            assertThat(after.value("icmpj_replies_total", "target", "198.18.200.1"))
                    .isGreaterThan(before);
            assertThat(after.all("icmpj_replies_total", "target", "198.18.200.2"))
                    .isEmpty();
            assertThat(after.value("icmpj_replies_total", "target", "198.18.200.3"))
                    .isPositive();
            long twoBefore = lab.received(peer(2));
            Thread.sleep(500);
            assertThat(lab.received(peer(2))).isEqualTo(twoBefore);

            Files.writeString(lab.config, "probes:\n  - targets: [198.18.200.4]\n    count: 0\n");
            Http.Response refused = lab.client()
                    .call(() -> Http.request(
                            "POST", "http://127.0.0.1:" + ExporterLab.EXPORTER_PORT + "/-/reload", Map.of()));
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.text()).contains(lab.config + ":3:12: probes[0].count: 0 is out of range");
            long threeBefore = lab.received(peer(3));
            Thread.sleep(500);
            assertThat(lab.received(peer(3))).isGreaterThan(threeBefore);
            assertThat(lab.received(peer(4))).isZero();
            assertThat(lab.scrape().value("icmpj_config_last_reload_successful"))
                    .isZero();
        }
    }

    @Test
    void names_thatMoveOrStopResolving(@TempDir Path dir) throws Exception {
        try (ExporterLab lab = new ExporterLab(dir, PeerScript.always(PeerAction.reply()))) {
            Files.writeString(lab.hosts, "198.18.200.11 moving\n198.18.200.12 vanishing\n");
            lab.startExporter("""
                    dns: {min_refresh: 1s, max_refresh: 2s}
                    probes:
                      - interval: 100ms
                        timeout: 100ms
                        targets: [moving, vanishing]
                    """);
            Thread.sleep(1_500);
            assertThat(lab.received(peer(11))).isPositive();
            assertThat(lab.received(peer(12))).isPositive();
            double movingBefore = lab.scrape().value("icmpj_replies_total", "target", "moving");

            Files.writeString(lab.hosts, "198.18.200.13 moving\n");
            lab.exporter.awaitOutput("msg=\"address changed\"", Duration.ofSeconds(20));
            lab.exporter.awaitOutput("msg=\"name lookup failed\"", Duration.ofSeconds(20));
            Thread.sleep(1_000);
            Exposition m = lab.scrape();
            assertThat(m.value("icmpj_target_info", "target", "moving", "ip", "198.18.200.13"))
                    .isEqualTo(1);
            assertThat(m.value("icmpj_replies_total", "target", "moving")).isGreaterThan(movingBefore);
            assertThat(m.value("icmpj_dns_lookups_total", "target", "vanishing", "result", "failure"))
                    .isPositive();
            assertThat(lab.received(peer(13))).isPositive();
            // the vanished name's last address keeps being probed
            long twelve = lab.received(peer(12));
            long eleven = lab.received(peer(11));
            Thread.sleep(500);
            assertThat(lab.received(peer(12))).isGreaterThan(twelve);
            assertThat(lab.received(peer(11))).isEqualTo(eleven);
            assertThat(lab.exporter.isAlive()).isTrue();
        }
    }
}
