package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {
    @Test
    void of_ipv6_rfc5952Form() throws Exception {
        assertThat(AddressText.of(InetAddress.getByName("fd00:0:0:1:0:0:0:2"))).isEqualTo("fd00:0:0:1::2");
        assertThat(AddressText.of(InetAddress.getByName("fd00:0:0:0:0:0:0:1"))).isEqualTo("fd00::1");
        assertThat(AddressText.of(InetAddress.getByName("fd00:1:0:0:2:0:0:3"))).isEqualTo("fd00:1::2:0:0:3");
        assertThat(AddressText.of(InetAddress.getByName("fd00:200:0:1:0:1:0:1"))).isEqualTo("fd00:200:0:1:0:1:0:1");
        assertThat(AddressText.of(InetAddress.getByName("::1"))).isEqualTo("::1");
    }

    @Test
    void of_ipv4_dotted() throws Exception {
        assertThat(AddressText.of(InetAddress.getByName("198.18.0.1"))).isEqualTo("198.18.0.1");
    }
}
