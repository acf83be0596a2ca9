package dev.icmpj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "fd00:0:0:0:0:0:0:1, fd00::1",
        "fd00:db8:0:0:1:0:0:1, fd00:db8::1:0:0:1",
        "fd00:0:0:1:0:0:0:1, fd00:0:0:1::1",
        "fd00:db8:0:1:1:1:1:1, fd00:db8:0:1:1:1:1:1",
        "fd00:0:0:0:0:0:0:0, fd00::",
        "fd00:1:0:0:2:0:0:3, fd00:1::2:0:0:3",
        "FD00:0:0:0:0:0:0:AB, fd00::ab",
    })
    void of_rfc5952(String literal, String expected) {
        assertThat(AddressText.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }

    @Test
    void of_keepsScope() {
        assertThat(AddressText.of(InetAddress.ofLiteral("fd00:0:0:0:0:0:0:1%1")))
                .isEqualTo("fd00::1%1");
    }
}
