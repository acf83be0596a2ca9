package dev.icmpj.exporter;

import dev.icmpj.lab.LabNode;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.Topology;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.testing.NetworkTests;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporter end to end: a chain client — r1 — server; a {@link TunPeer} on the server answering
 * 198.18.200.0/24 and fd00:200::/64 as a script says; the exporter as a process of its own in the client's
 * namespace (the real engine, raw sockets as root), with a hosts file the test rewrites as its only resolver;
 * and a real Prometheus server, also in the client's namespace, scraping it every second on loopback. The
 * test reads Prometheus through its HTTP API from inside that namespace.
 *
 * <p>{@link #close()} stops both processes, the peer and the namespaces, also after a failure.
 */
final class ExporterLab implements AutoCloseable {
    static final int EXPORTER_PORT = 19605;
    static final int PROMETHEUS_PORT = 19090;

    final Topology topology;
    final TunPeer peer;
    final Path dir;
    final Path config;
    final Path hosts;
    LabProcess exporter;
    LabProcess prometheus;
    final PromQl promql;

    /** Skips (or fails when required) without root, nft, TUN or Prometheus. */
    static void require() {
        NetworkTests.requireRoot("the exporter's lab");
        NetworkTests.requireCommand("nft");
        NetworkTests.requireCommand("prometheus");
        NetworkTests.requireCommand("promtool");
    }

    ExporterLab(Path dir, PeerScript script) throws IOException {
        this.dir = dir;
        this.config = dir.resolve("icmpj.yml");
        this.hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n");
        Topology t = Topology.chain(1);
        TunPeer p = null;
        try {
            p = TunPeer.start(t.server(), script);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        topology = t;
        peer = p;
        promql = new PromQl(client(), PROMETHEUS_PORT);
    }

    LabNode client() {
        return topology.client();
    }

    /** Starts the exporter on the config file, and waits until it listens. */
    void startExporter(String yaml) throws Exception {
        Files.writeString(config, yaml);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-Djdk.net.hosts.file=" + hosts,
                "-cp",
                System.getProperty("java.class.path"),
                ExporterMain.class.getName(),
                "--config.file",
                config.toString(),
                "--web.listen-address",
                "127.0.0.1:" + EXPORTER_PORT,
                "--log.level",
                "debug"));
        exporter = LabProcess.start(client(), dir.resolve("exporter.log"), command);
        exporter.awaitOutput("msg=listening", Duration.ofSeconds(60));
    }

    /** Starts Prometheus scraping the exporter every second, and waits until it is ready. */
    void startPrometheus() throws Exception {
        Path promConfig = dir.resolve("prometheus.yml");
        Files.writeString(promConfig, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                  - job_name: icmpj
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(EXPORTER_PORT));
        prometheus = LabProcess.start(
                client(),
                dir.resolve("prometheus.log"),
                List.of(
                        "prometheus",
                        "--config.file=" + promConfig,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + PROMETHEUS_PORT,
                        "--web.enable-lifecycle",
                        "--log.level=warn"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!promql.ready()) {
            if (System.nanoTime() > deadline || !prometheus.isAlive()) {
                throw new AssertionError("Prometheus not ready:\n" + prometheus.output());
            }
            Thread.sleep(200);
        }
    }

    /** Waits until Prometheus has scraped the exporter {@code n} more times. */
    void awaitScrapes(int n) throws Exception {
        double start = scrapes();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (scrapes() < start + n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not scrape: " + prometheus.output());
            }
            Thread.sleep(200);
        }
    }

    private double scrapes() throws Exception {
        // the number of samples of "up" Prometheus holds for the last 10 minutes: one per scrape
        return promql.any("up") ? promql.value("count_over_time(up[10m])") : 0;
    }

    /** The exporter's own /metrics, read directly. */
    Exposition scrape() throws Exception {
        return new Exposition(client().call(() -> Http.get("http://127.0.0.1:" + EXPORTER_PORT + "/metrics"))
                .text());
    }

    /** The probes the peer received for an address. */
    long received(InetAddress address) {
        return peer.received().stream()
                .filter(p -> p.destination().equals(address))
                .count();
    }

    /** Stops the client's sending: its routes go, so every further send fails (not counted as a request). */
    void stopSending() {
        client().exec("ip", "route", "del", "198.18.0.0/15");
        client().exec("ip", "-6", "route", "del", "fd00::/8");
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {prometheus, exporter, peer, topology}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new RuntimeException("closing the exporter's lab", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
