package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile config files: each is parsed or refused with a ConfigException, at once, never anything else. */
class ConfigParserBreakTest {

    private static String laughs() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [\"198.18.0.1\"]\n");
        for (int i = 1; i < 30; i++) {
            yaml.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        yaml.append("probes:\n  - targets: *a29\n    labels: {x: y}\n");
        return yaml.toString();
    }

    @Test
    @Timeout(60)
    void hostileFiles_parsedOrRefusedWithAConfigException() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("empty", "");
        files.put("null document", "~\n");
        files.put("a scalar", "hello\n");
        files.put("a list", "- 1\n- 2\n");
        files.put("billion laughs", laughs());
        files.put("alias of a group", "probes:\n  - &g {name: a, targets: [198.18.0.1]}\n  - *g\n");
        files.put("merge key", "base: &b {interval: 1s}\nprobes:\n  - <<: *b\n    targets: [198.18.0.1]\n");
        files.put("duplicate key", "probes:\n  - targets: [198.18.0.1]\n    targets: [198.18.0.2]\n");
        files.put("tab indent", "probes:\n\t- targets: [198.18.0.1]\n");
        files.put("deep nesting", "probes: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        files.put("huge count", "probes:\n  - {targets: [198.18.0.1], count: 99999999999999999999999}\n");
        files.put("huge interval", "probes:\n  - {targets: [198.18.0.1], interval: 99999999999999999999h}\n");
        files.put("interval of years", "probes:\n  - {targets: [198.18.0.1], interval: 999999999h}\n");
        files.put("NaN timeout", "probes:\n  - {targets: [198.18.0.1], timeout: .nan}\n");
        files.put("target not a string", "probes:\n  - {targets: [{a: b}]}\n");
        files.put("target empty", "probes:\n  - {targets: [\"\"]}\n");
        files.put("target with port", "probes:\n  - {targets: [\"198.18.0.1:80\"]}\n");
        files.put("target zone", "probes:\n  - {targets: [\"fe80::1%lo\"]}\n");
        files.put("label name bad", "probes:\n  - {targets: [198.18.0.1], labels: {\"a-b\": c}}\n");
        files.put("label value list", "probes:\n  - {targets: [198.18.0.1], labels: {a: [1]}}\n");
        files.put("name empty", "probes:\n  - {name: \"\", targets: [198.18.0.1]}\n");
        files.put("size negative", "probes:\n  - {targets: [198.18.0.1], size: -1}\n");
        files.put("ttl 0", "probes:\n  - {targets: [198.18.0.1], ttl: 0}\n");
        files.put("two documents", "probes:\n  - {targets: [198.18.0.1]}\n---\nprobes: []\n");
        files.put("binary", "\u0000\u0001\u0002probes");
        files.put("bom", "\uFEFFprobes:\n  - {targets: [198.18.0.1]}\n");
        files.put("file_sd without files", "probes:\n  - {file_sd_configs: [{}]}\n");
        files.put("file_sd absolute", "probes:\n  - {file_sd_configs: [{files: [\"/proc/self/mem\"]}]}\n");
        Map<String, String> outcomes = new LinkedHashMap<>();
        files.forEach((what, yaml) -> {
            long t0 = System.nanoTime();
            try {
                ConfigParser.parse("c.yml", yaml);
                outcomes.put(what, "parsed");
            } catch (ConfigException refused) {
                outcomes.put(what, "refused: " + refused.getMessage());
            } catch (Throwable other) {
                outcomes.put(what, "THREW " + other);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 2000) {
                outcomes.put(what, outcomes.get(what) + " SLOW " + ms + " ms");
            }
        });
        assertThat(outcomes.get("deep nesting")).isEqualTo("refused: c.yml:1:72: nested more than 64 levels deep");
        assertThat(outcomes).allSatisfy((what, outcome) -> {
            if (outcome.startsWith("THREW") || outcome.contains("SLOW")) {
                fail(what + ": " + outcome);
            }
        });
    }
}
