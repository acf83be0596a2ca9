package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SecondsConverterTest {
    private final SecondsConverter converter = new SecondsConverter();

    @Test
    void convert_fractionsOfSeconds() {
        assertThat(converter.convert("1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(converter.convert("0.2")).isEqualTo(Duration.ofMillis(200));
        assertThat(converter.convert(".01")).isEqualTo(Duration.ofMillis(10));
        assertThat(converter.convert("0.0000000015")).isEqualTo(Duration.ofNanos(2));
        assertThat(converter.convert("-1")).isEqualTo(Duration.ofSeconds(-1));
        assertThat(converter.convert("1e-3")).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void convert_notANumberThrows() {
        assertThatThrownBy(() -> converter.convert("fast"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'fast' is not a number of seconds");
        assertThatThrownBy(() -> converter.convert("1e999999999"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'1e999999999' is not a number of seconds");
    }

    @Test
    void convert_outOfRangeThrows() {
        assertThatThrownBy(() -> converter.convert("99999999999999"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'99999999999999' seconds is out of range");
    }
}
