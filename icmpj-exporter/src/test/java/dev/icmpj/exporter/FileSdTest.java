package dev.icmpj.exporter;

import static dev.icmpj.exporter.Rig.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Targets from files: picked up when a file changes, appears or goes; a broken file keeps its old targets. */
@Timeout(30)
class FileSdTest {
    @Test
    void targetFiles_watched(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("icmpj.yml");
        Files.createDirectories(dir.resolve("targets"));
        Path a = dir.resolve("targets/a.yml");
        Files.writeString(a, "- targets: [127.0.0.2, 127.0.0.3]\n  labels: {rack: r1}\n");
        Files.writeString(config, """
                probes:
                  - name: sd
                    targets: [127.0.0.9]
                    file_sd_configs:
                      - files: [targets/*.yml]
                """);
        try (Rig rig = new Rig()) {
            rig.exporter.apply(ConfigParser.read(config));
            rig.control.runDue();
            FakeProbeEngine.FakeProber p = rig.engine.last();
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.9"), ip("127.0.0.2"), ip("127.0.0.3"));
            assertThat(rig.scrape().value("icmpj_requests_total", "target", "127.0.0.2", "rack", "r1"))
                    .isZero();
            int kept = p.idOf(ip("127.0.0.2"));
            p.listener.onReply(kept, Replies.echo(ip("127.0.0.2"), 0, 1, 64));

            // a file changes: one target goes, one comes, one stays with its counts
            Files.writeString(a, "- targets: [127.0.0.2, 127.0.0.4]\n  labels: {rack: r1}\n");
            Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            rig.control.advance(Duration.ofSeconds(1));
            assertThat(p.targets.values()).containsExactly(ip("127.0.0.9"), ip("127.0.0.2"), ip("127.0.0.4"));
            assertThat(rig.scrape().value("icmpj_replies_total", "target", "127.0.0.2"))
                    .isEqualTo(1);

            // a new file appears
            Files.writeString(dir.resolve("targets/b.yml"), "- targets: ['::1']\n");
            rig.control.advance(Duration.ofSeconds(1));
            assertThat(p.targets.values()).contains(ip("::1"));

            // a broken file keeps its targets and says where it is broken
            Files.writeString(a, "- targets: [127.0.0.2, 127.0.0.4\n");
            Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
            rig.control.advance(Duration.ofSeconds(1));
            assertThat(p.targets.values()).contains(ip("127.0.0.2"), ip("127.0.0.4"));
            assertThat(rig.log).anyMatch(l -> l.contains("cannot read target file") && l.contains("a.yml:2:1"));

            // a file that goes takes its targets with it
            Files.delete(dir.resolve("targets/b.yml"));
            rig.control.advance(Duration.ofSeconds(1));
            assertThat(p.targets.values()).doesNotContain(ip("::1"));
        }
    }
}
