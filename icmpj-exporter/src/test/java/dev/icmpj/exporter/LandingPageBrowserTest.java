package dev.icmpj.exporter;

import static dev.icmpj.exporter.Rig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing page as a person sees it: an hour of probing on the fake engine and clock (a steady target, a
 * jittery one, one losing a third of its probes for twenty minutes, one refused by a router, one name that
 * does not resolve), served on a loopback port and drawn by headless Chromium. The screenshot is kept in
 * {@code target/landing-page.png}; the test counts the pixels of the graphs' colours in it.
 */
@Timeout(120)
class LandingPageBrowserTest {

    @Test
    void screenshot_showsTheSmokeGraphs(@TempDir Path profile) throws Exception {
        NetworkTests.requireCommand("chromium");
        try (Rig rig = new Rig()) {
            rig.apply("""
                    probes:
                      - name: lan
                        labels: {site: ams}
                        targets: [127.0.0.2, 127.0.0.3, 127.0.0.4, 127.0.0.5, db-that-went.example]
                    """);
            FakeProbeEngine.FakeProber p = rig.engine.last();
            int steady = p.idOf(ip("127.0.0.2"));
            int jittery = p.idOf(ip("127.0.0.3"));
            int lossy = p.idOf(ip("127.0.0.4"));
            int refused = p.idOf(ip("127.0.0.5"));
            SplittableRandom random = new SplittableRandom(3);
            int seq = 0;
            for (int second = 0; second < 3600; second++) {
                seq = (seq + 1) & 0xFFFF;
                rig.control.advance(Duration.ofSeconds(1));
                int minute = second / 60;
                p.listener.onReply(steady, Replies.echo(ip("127.0.0.2"), seq, 0.4 + random.nextDouble() * 0.1, 64));
                double base = 12 + 6 * Math.sin(minute / 6.0);
                p.listener.onReply(
                        jittery, Replies.echo(ip("127.0.0.3"), seq, base + Math.abs(random.nextGaussian()) * 8, 57));
                if (minute >= 30 && minute < 50 && random.nextInt(3) == 0) {
                    p.listener.onLoss(lossy, seq);
                } else {
                    p.listener.onReply(lossy, Replies.echo(ip("127.0.0.4"), seq, 3 + random.nextDouble(), 60));
                }
                if (minute >= 45) {
                    p.listener.onError(refused, Replies.unreachable(ip("127.0.0.9"), ip("127.0.0.5"), 13, seq));
                } else {
                    p.listener.onReply(refused, Replies.echo(ip("127.0.0.5"), seq, 1 + random.nextDouble(), 63));
                }
            }
            String html = new LandingPage(rig.exporter, "/metrics", "test").render(null);
            assertThat(html)
                    .contains("unresolved")
                    .contains("db-that-went.example")
                    .contains("Name or service not known");
            assertThat(html).contains("Packet filtered").contains("from 127.0.0.9");
            assertThat(html.split("<svg", -1)).hasSize(5); // four graphs
            LandingPage page = new LandingPage(rig.exporter, "/metrics", "test");
            try (WebServer server = new WebServer(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new WebServer.Routes(
                            "/metrics",
                            rig.metrics::write,
                            () -> true,
                            () -> new WebServer.ReloadOutcome(true, ""),
                            page))) {
                Path png = Path.of("target", "landing-page.png").toAbsolutePath();
                Files.deleteIfExists(png);
                List<String> command = new ArrayList<>(List.of(
                        "timeout",
                        "90",
                        "chromium",
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        "--window-size=1280,900",
                        "--screenshot=" + png,
                        "http://127.0.0.1:" + server.address().getPort() + "/"));
                ProcessRunner.Result r = ProcessRunner.run(command);
                assertThat(png).as("chromium: %s %s", r.stdout(), r.stderr()).exists();
                BufferedImage image = ImageIO.read(png.toFile());
                assertThat(image.getWidth()).isEqualTo(1280);
                // the median lines: green where nothing was lost, orange/red where the lossy target lost a third
                assertThat(pixels(image, 0x1a9e1a)).isGreaterThan(300);
                assertThat(pixels(image, 0xd00000) + pixels(image, 0xdd0000)).isGreaterThan(50);
                // the grey smoke: many shades, so count darkish neutral pixels inside the plots
                assertThat(greys(image)).isGreaterThan(2000);
            }
        }
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int greys(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int c = image.getRGB(x, y);
                int r = (c >> 16) & 0xFF;
                int g = (c >> 8) & 0xFF;
                int b = c & 0xFF;
                if (Math.abs(r - g) < 4 && Math.abs(g - b) < 4 && r > 90 && r < 225) {
                    n++;
                }
            }
        }
        return n;
    }
}
