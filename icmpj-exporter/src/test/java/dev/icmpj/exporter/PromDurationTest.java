package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class PromDurationTest {
    @Test
    void parse_prometheusForms() {
        assertThat(PromDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(PromDuration.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(PromDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PromDuration.parse("1h1m1s1ms")).isEqualTo(Duration.ofMillis(3_661_001));
        assertThat(PromDuration.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(PromDuration.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(PromDuration.parse("1y")).isEqualTo(Duration.ofDays(365));
        assertThat(PromDuration.parse("0")).isZero();
        assertThat(PromDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.5s", "-1s", "1s1m", "1 s", "s", "1sec", "1ms1s", "99999999999999999999y"})
    void parse_refusesOtherForms(String text) {
        assertThatThrownBy(() -> PromDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void format_roundTrips() {
        for (String text : new String[] {"250ms", "1s", "1m30s", "1h", "1d1h1m1s1ms"}) {
            assertThat(PromDuration.format(PromDuration.parse(text))).isEqualTo(text);
        }
        assertThat(PromDuration.format(Duration.ZERO)).isEqualTo("0s");
    }
}
