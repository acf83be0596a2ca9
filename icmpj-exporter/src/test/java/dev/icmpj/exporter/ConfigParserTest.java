package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ConfigParserTest {

    @Test
    void everyField_parsed() throws Exception {
        ExporterConfig c = ConfigParser.parse("c.yml", """
                dns:
                  min_refresh: 15s
                  max_refresh: 10m
                probes:
                  - name: big-ef
                    interval: 250ms
                    timeout: 200ms
                    count: 3
                    size: 1400
                    ttl: 32
                    dscp: 46
                    dont_fragment: true
                    source: 127.0.0.1
                    interface: lo
                    privilege: unprivileged
                    family: 4
                    labels: {site: ams, tier: core}
                    targets:
                      - 127.0.0.2
                      - host: localhost
                        labels: {role: db}
                    file_sd_configs:
                      - files: [targets/*.yml, extra.json]
                        refresh_interval: 1m
                """);
        assertThat(c.dns()).isEqualTo(new DnsConfig(Duration.ofSeconds(15), Duration.ofMinutes(10)));
        ProbeConfig p = c.probes().getFirst();
        assertThat(p.name()).isEqualTo("big-ef");
        assertThat(p.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(p.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.size()).isEqualTo(1400);
        assertThat(p.ttl()).isEqualTo(32);
        assertThat(p.dscp()).isEqualTo(46);
        assertThat(p.dontFragment()).isTrue();
        assertThat(p.source()).contains(InetAddress.ofLiteral("127.0.0.1"));
        assertThat(p.interfaceName()).contains("lo");
        assertThat(p.privilege()).isEqualTo(Privilege.UNPRIVILEGED);
        assertThat(p.family()).isEqualTo(FamilyChoice.IPV4);
        assertThat(p.labels()).isEqualTo(Map.of("site", "ams", "tier", "core"));
        assertThat(p.targets()).extracting(TargetConfig::host).containsExactly("127.0.0.2", "localhost");
        assertThat(p.targets().get(1).labels()).isEqualTo(Map.of("role", "db"));
        assertThat(p.targets().get(1).origin()).isEqualTo("c.yml:20");
        assertThat(p.fileSd().getFirst().files()).containsExactly("targets/*.yml", "extra.json");
        assertThat(p.fileSd().getFirst().refreshInterval()).isEqualTo(Duration.ofMinutes(1));
        var o = p.pingOptions(dev.icmpj.socket.Family.ANY);
        assertThat(o.trafficClass()).isEqualTo(46 << 2);
        assertThat(o.count()).isEqualTo(3);
        assertThat(o.payloadSize()).isEqualTo(1400);
    }

    @Test
    void defaults() throws Exception {
        ProbeConfig p = ConfigParser.parse("c.yml", "probes: [{targets: [127.0.0.1]}]")
                .probes()
                .getFirst();
        assertThat(p.name()).isEqualTo("default");
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.count()).isEqualTo(1);
        assertThat(p.size()).isEqualTo(56);
        assertThat(p.ttl()).isEqualTo(64);
        assertThat(p.family()).isEqualTo(FamilyChoice.ANY);
        assertThat(p.privilege()).isEqualTo(Privilege.AUTO);
    }

    private static ConfigException error(String yaml) {
        try {
            ConfigParser.parse("c.yml", yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void errors_nameFileLineColumnAndField() {
        ConfigException e = error("""
                probes:
                  - name: a
                    intervall: 1s
                    targets: [127.0.0.1]
                """);
        assertThat(e.getMessage()).startsWith("c.yml:3:5: probes[0].intervall: unknown field; the fields here are");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("probes[0].intervall");

        assertThat(error("probes:\n  - {targets: [127.0.0.1], count: 500}\n").getMessage())
                .isEqualTo("c.yml:2:35: probes[0].count: 500 is out of range; it must be between 1 and 100");
        assertThat(error("probes:\n  - {targets: [127.0.0.1], timeout: 1.5s}\n").getMessage())
                .isEqualTo("c.yml:2:37: probes[0].timeout: \"1.5s\" is not a duration; write e.g. 250ms, 1s, 1m30s");
        assertThat(error("probes:\n  - targets: [127.0.0.1]\n    labels: {target: x}\n")
                        .getMessage())
                .isEqualTo("c.yml:3:13: probes[0].labels.target: \"target\" is set by the exporter itself");
        assertThat(error("probes:\n  - targets: [127.0.0.1]\n  - targets: [127.0.0.2]\n")
                        .getMessage())
                .isEqualTo("c.yml:3:5: probes[1]: a probe group named \"default\" is already defined");
        assertThat(error("probes:\n  - targets: [127.0.0.1, 127.0.0.1]\n").getMessage())
                .isEqualTo("c.yml:2:26: probes[0].targets[1]: \"127.0.0.1\" is listed twice in this group");
        assertThat(error("probes:\n  - family: 6\n    source: 127.0.0.1\n    targets: [\"::1\"]\n")
                        .getMessage())
                .isEqualTo("c.yml:3:13: probes[0].source: 127.0.0.1 is not of the group's family 6");
        assertThat(error("dns: {min_refresh: 1m, max_refresh: 10s}\n").getMessage())
                .isEqualTo("c.yml:1:37: dns.max_refresh: max_refresh 10s is shorter than min_refresh 1m");
        assertThat(error("probes:\n  - name: a\n").getMessage())
                .isEqualTo("c.yml:2:5: probes[0]: the group has no targets and no file_sd_configs");
        assertThat(error("probes:\n  - targets: [a\n").getMessage()).startsWith("c.yml:3:1: not valid YAML:");
        assertThat(error("probes: 3\n").getMessage()).isEqualTo("c.yml:1:9: probes: expected a list, found \"3\"");
    }

    @Test
    void read_fileNamedInErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("icmpj.yml");
        Files.writeString(f, "probes:\n  - targets: [127.0.0.1]\n    ttl: 0\n");
        assertThatThrownBy(() -> ConfigParser.read(f))
                .isInstanceOf(ConfigException.class)
                .hasMessage(f + ":3:10: probes[0].ttl: 0 is out of range; it must be between 1 and 255");
        assertThatThrownBy(() -> ConfigParser.read(dir.resolve("missing.yml")))
                .hasMessage(dir.resolve("missing.yml") + ": cannot read: no such file");
        assertThatThrownBy(() -> ConfigParser.read(dir)).hasMessage(dir + ": cannot read: Is a directory");
    }

    @Test
    void fileSd_readsYamlAndJson_refusesPorts(@TempDir Path dir) throws Exception {
        Path yml = dir.resolve("a.yml");
        Files.writeString(yml, "- targets: [127.0.0.2, db1]\n  labels: {rack: r1}\n- targets: ['::1']\n");
        assertThat(FileSdReader.read(yml))
                .extracting(TargetConfig::host, TargetConfig::labels)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("127.0.0.2", Map.of("rack", "r1")),
                        org.assertj.core.groups.Tuple.tuple("db1", Map.of("rack", "r1")),
                        org.assertj.core.groups.Tuple.tuple("::1", Map.of()));
        Path json = dir.resolve("b.json");
        Files.writeString(json, "[{\"targets\": [\"127.0.0.3\"], \"labels\": {\"env\": \"prod\"}}]");
        assertThat(FileSdReader.read(json)).extracting(TargetConfig::host).containsExactly("127.0.0.3");
        Path ports = dir.resolve("c.yml");
        Files.writeString(ports, "- targets: [db1:9100]\n");
        assertThatThrownBy(() -> FileSdReader.read(ports))
                .hasMessage(
                        ports
                                + ":1:13: [0].targets[0]: \"db1:9100\" has a port; ICMP targets are host names or IP addresses");
        assertThat(FileSdReader.expand(dir, "*.yml")).containsExactly(yml, ports);
        assertThat(FileSdReader.expand(dir, "b.json")).containsExactly(json);
        assertThat(FileSdReader.expand(dir, "none/*.yml")).isEmpty();
    }
}
