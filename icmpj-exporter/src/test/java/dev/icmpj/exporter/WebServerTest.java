package dev.icmpj.exporter;

import static dev.icmpj.exporter.Rig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's HTTP endpoints, served for real on a loopback port, over the fake engine. */
@Timeout(60)
class WebServerTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExporterMain.Running start(FakeProbeEngine engine, String... args) throws Exception {
        return ExporterMain.start(
                args,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                engine);
    }

    @Test
    void hostPort_asAUserWritesIt() {
        // InetSocketAddress.toString() writes "/127.0.0.1:9605" and "localhost/127.0.0.1:9605"
        assertThat(WebServer.hostPort(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 9605)))
                .isEqualTo("127.0.0.1:9605");
        assertThat(WebServer.hostPort(new InetSocketAddress(InetAddress.ofLiteral("::1"), 9605)))
                .isEqualTo("[::1]:9605");
        assertThat(WebServer.hostPort(InetSocketAddress.createUnresolved("localhost", 9605)))
                .isEqualTo("localhost:9605");
    }

    @Test
    void endpoints(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("icmpj.yml");
        Files.writeString(config, "probes:\n  - name: lan\n    targets: [127.0.0.2]\n");
        FakeProbeEngine engine = new FakeProbeEngine();
        try (ExporterMain.Running r =
                start(engine, "--config.file", config.toString(), "--web.listen-address", "127.0.0.1:0")) {
            String base = "http://127.0.0.1:" + r.address().getPort();
            FakeProbeEngine.FakeProber p = engine.last();
            int id = p.idOf(ip("127.0.0.2"));
            p.listener.onReply(id, Replies.echo(ip("127.0.0.2"), 0, 0.3, 64));
            p.listener.onLoss(id, 1);

            Http.Response text = Http.get(base + "/metrics");
            assertThat(text.status()).isEqualTo(200);
            assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
            Exposition m = new Exposition(text.text());
            assertThat(m.value("icmpj_requests_total", "target", "127.0.0.2")).isEqualTo(2);
            assertThat(m.value("icmpj_lost_total", "target", "127.0.0.2")).isEqualTo(1);
            assertThat(m.value("icmpj_build_info", "version", ExporterMain.version()))
                    .isEqualTo(1);

            Http.Response om =
                    Http.get(base + "/metrics", Map.of("Accept", "application/openmetrics-text; version=1.0.0"));
            assertThat(om.contentType()).startsWith("application/openmetrics-text");
            assertThat(om.text()).contains("# TYPE icmpj_requests counter").endsWith("# EOF\n");
            // written one family at a time: one EOF, at the end
            assertThat(om.text().split("# EOF", -1)).hasSize(2);
            assertThat(om.text()).contains("# TYPE icmpj_build info");

            Http.Response pb = Http.get(
                    base + "/metrics",
                    Map.of(
                            "Accept",
                            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"));
            assertThat(pb.contentType()).startsWith("application/vnd.google.protobuf");
            assertThat(pb.body().length).isGreaterThan(100);

            Http.Response gz = Http.get(base + "/metrics", Map.of("Accept-Encoding", "gzip"));
            assertThat(gz.contentEncoding()).isEqualTo("gzip");
            String unzipped = new String(
                    new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(unzipped).contains("icmpj_replies_total{");

            assertThat(Http.get(base + "/-/healthy").status()).isEqualTo(200);
            assertThat(Http.get(base + "/-/ready").status()).isEqualTo(200);
            assertThat(Http.get(base + "/nothing").status()).isEqualTo(404);
            Http.Response page = Http.get(base + "/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("<svg").contains("127.0.0.2").contains("icmpj exporter");

            // reload: GET refused; POST reads the file again; a broken file is refused and reported
            assertThat(Http.get(base + "/-/reload").status()).isEqualTo(405);
            Files.writeString(config, "probes:\n  - name: lan\n    targets: [127.0.0.2, 127.0.0.3]\n");
            assertThat(Http.request("POST", base + "/-/reload", Map.of()).status())
                    .isEqualTo(200);
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.2"), ip("127.0.0.3"));
            Files.writeString(config, "probes:\n  - name: lan\n    targets: [127.0.0.2, 127.0.0.3]\n    ttl: 300\n");
            Http.Response refused = Http.request("PUT", base + "/-/reload", Map.of());
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.text()).contains(config + ":4:10: probes[0].ttl: 300 is out of range");
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.2"), ip("127.0.0.3"));
            Exposition after = new Exposition(Http.get(base + "/metrics").text());
            assertThat(after.value("icmpj_config_last_reload_successful")).isZero();
            assertThat(after.value("icmpj_requests_total", "target", "127.0.0.2"))
                    .isEqualTo(2);
        }
        assertThat(engine.closed).isTrue();
    }

    @Test
    void promtool_checkMetrics_findsNothing(@TempDir Path dir) throws Exception {
        NetworkTests.requireCommand("promtool");
        FakeProbeEngine engine = new FakeProbeEngine();
        try (ExporterMain.Running r = start(
                engine, "--web.listen-address", "127.0.0.1:0", "--family", "both", "127.0.0.2", "::1", "127.0.0.3")) {
            FakeProbeEngine.FakeProber p = engine.last();
            int a = p.idOf(ip("127.0.0.2"));
            p.listener.onSent(a, 0, 3000);
            p.listener.onReply(a, Replies.echo(ip("127.0.0.2"), 0, 0.3, 64));
            p.listener.onError(p.idOf(ip("::1")), Replies.unreachable(ip("::1"), ip("::1"), 4, 0));
            p.listener.onSendFailed(
                    p.idOf(ip("127.0.0.3")), new dev.icmpj.socket.IcmpSocketException("sendto: No route to host", 113));
            byte[] body = Http.get("http://127.0.0.1:" + r.address().getPort() + "/metrics")
                    .body();
            Path scraped = dir.resolve("metrics.txt");
            Files.write(scraped, body);
            ProcessRunner.Result check = ProcessRunner.run(List.of("sh", "-c", "promtool check metrics < " + scraped));
            assertThat(check.stdout() + check.stderr()).isEmpty();
            assertThat(check.exitCode()).isZero();
        }
    }

    @Test
    void quickStart_defaultsToLoopback_badFlagsExit2() throws Exception {
        ExporterFlags f = ExporterFlags.parse(new String[] {"127.0.0.1", "--interval=250ms", "--timeout", "200ms"});
        assertThat(f.listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(f.listen().getPort()).isEqualTo(9605).isNotEqualTo(9374);
        assertThat(f.interval().toMillis()).isEqualTo(250);
        assertThat(f.quickConfig().probes().getFirst().timeout().toMillis()).isEqualTo(200);
        assertThat(ExporterFlags.address(":9100").getAddress().isAnyLocalAddress())
                .isTrue();
        assertThat(ExporterFlags.address("[::1]:9100").getAddress()).isEqualTo(ip("::1"));

        for (String[] bad : List.of(
                new String[] {},
                new String[] {"--interval", "1x", "h"},
                new String[] {"--nope"},
                new String[] {"--config.file", "a.yml", "h"},
                new String[] {"--web.listen-address", "nowhere", "h"})) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            try {
                ExporterMain.start(
                        bad, new PrintStream(new ByteArrayOutputStream()), new PrintStream(e), new FakeProbeEngine());
                throw new AssertionError("accepted " + List.of(bad));
            } catch (ExporterMain.UsageException u) {
                assertThat(u.exitCode).isEqualTo(2);
                assertThat(e.toString()).startsWith("icmpj exporter: ").hasLineCount(1);
            }
        }
    }

    @Test
    void configError_exit2_namesFileLineColumnField(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, "probes:\n  - targets: [127.0.0.1]\n    family: 5\n");
        try {
            start(new FakeProbeEngine(), "--config.file", config.toString(), "--web.listen-address", "127.0.0.1:0");
            throw new AssertionError("accepted");
        } catch (ExporterMain.UsageException u) {
            assertThat(u.exitCode).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                    .isEqualTo("icmpj exporter: " + config + ":3:13: probes[0].family: \"5\" is not 4, 6, both or any");
        }
    }
}
