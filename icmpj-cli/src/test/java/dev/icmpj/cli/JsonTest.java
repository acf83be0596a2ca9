package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.socket.Family;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void write_scalars() {
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write(true)).isEqualTo("true");
        assertThat(Json.write(false)).isEqualTo("false");
        assertThat(Json.write(42)).isEqualTo("42");
        assertThat(Json.write(-7L)).isEqualTo("-7");
        assertThat(Json.write(0.045)).isEqualTo("0.045");
        assertThat(Json.write(1.0)).isEqualTo("1.0");
        assertThat(Json.write(1.5e-5)).isEqualTo("0.000015");
        assertThat(Json.write(0.25f)).isEqualTo("0.25");
        assertThat(Json.write(Family.IPV6)).isEqualTo("\"IPV6\"");
    }

    @Test
    void write_doublesWithoutExponentReadBackTheSame() {
        assertThat(Json.write(3.1890515831513295E-4)).isEqualTo("0.00031890515831513295");
        assertThat(Json.write(-2.5e-7)).isEqualTo("-0.00000025");
        assertThat(Json.write(1.0e7)).isEqualTo("10000000");
        assertThat(Json.write(0.012268999999999999)).isEqualTo("0.012268999999999999");
        for (double d : new double[] {3.1890515831513295E-4, 1.0e-12, 9.99e20, 0.1 + 0.2, 123.456e-9}) {
            assertThat(Double.parseDouble(Json.write(d))).isEqualTo(d);
        }
        // far outside any round trip's range the exponent stays, rather than hundreds of digits
        assertThat(Json.write(1.0e300)).isEqualTo("1.0E300");
        assertThat(Json.write(4.9e-324)).isEqualTo("4.9E-324");
    }

    @Test
    void write_nonFiniteDoubleIsNull() {
        assertThat(Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN)))
                .isEqualTo("[null,null,null,null]");
    }

    @Test
    void write_stringEscapesPerRfc8259() {
        assertThat(Json.write("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(Json.write("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(Json.write("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
    }

    @Test
    void write_nonAsciiIsEscaped() {
        assertThat(Json.write("héllo €")).isEqualTo("\"h\\u00e9llo \\u20ac\"");
        assertThat(Json.write("\uD83D\uDE00")).isEqualTo("\"\\ud83d\\ude00\"");
        assertThat(Json.write("\uD800")).isEqualTo("\"\\ud800\"");
    }

    @Test
    void write_mapsAndListsNestedInOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("address", "127.0.0.1");
        map.put("rtts", List.of(0.05, 0.04));
        map.put("empty", List.of());
        map.put("nested", Map.of("k", Arrays.asList(1, null)));
        map.put("os_guess", null);
        assertThat(Json.write(map))
                .isEqualTo("{\"address\":\"127.0.0.1\",\"rtts\":[0.05,0.04],\"empty\":[],\"nested\":{\"k\":[1,null]},"
                        + "\"os_guess\":null}");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
    }

    @Test
    void write_unsupportedValueThrows() {
        assertThatThrownBy(() -> Json.write(List.of(new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Json.write(Map.of(1, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must be strings");
    }
}
