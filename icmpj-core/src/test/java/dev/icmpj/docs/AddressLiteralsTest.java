package dev.icmpj.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressLiteralsTest {
    @Test
    void outsideLoopback_loopbackLiterals_pass() {
        String code = """
                Icmp.ping("127.0.0.1");
                Icmp.ping("127.255.0.9");
                Icmp.ping("::1");
                Targets.cidr("127.1.0.0/16");
                InetAddress.getByName("0:0:0:0:0:0:0:1");
                // ping 127.0.0.2 or ::1 from a shell
                """;

        assertThat(AddressLiterals.outsideLoopback(code)).isEmpty();
    }

    @Test
    void outsideLoopback_otherAddresses_foundInStringsCommentsAndTextBlocks() {
        String code = """
                Icmp.ping("198.18.0.5");
                Icmp.ping("fd00:8::2");
                Targets.cidr("10.0.0.0/8");
                // then 8.8.8.8, or 2001:db8::1
                /* also 0.0.0.0 */
                String text = \"""
                    ::
                    \""";
                """;

        assertThat(AddressLiterals.outsideLoopback(code))
                .containsExactly("198.18.0.5", "fd00:8::2", "10.0.0.0", "8.8.8.8", "2001:db8::1", "0.0.0.0", "::");
    }

    @Test
    void outsideLoopback_codeThatOnlyLooksLikeAnAddress_isNotOne() {
        String code = """
                List<Integer> sizes = names.stream().map(String::length).toList();
                hosts.forEach(Face::add);          // a Face::add reference in a comment
                double d = 1.5; String v = "0.1.0"; String t = "10:30:00"; String mac = "aa:bb:cc:dd:ee:ff";
                String notOctets = "300.1.1.1"; char c = ':'; int x = flag ? 1 : 2;
                """;

        assertThat(AddressLiterals.outsideLoopback(code)).isEmpty();
    }
}
