package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void get_ipv4OfEveryOctetWidth_asGetHostAddress() {
        int[] octets = {0, 1, 9, 10, 99, 100, 199, 254, 255};
        for (int a : octets) {
            for (int b : octets) {
                String literal = a + "." + b + "." + b + "." + a;
                String expected = InetAddress.ofLiteral(literal).getHostAddress();

                assertThat(Targets.of(literal).get(0)).isEqualTo(expected);
                assertThat(Targets.cidr(literal + "/32").get(0)).isEqualTo(expected);
            }
        }
    }

    @Test
    void get_rangeAcrossOctets_eachAddressAsGetHostAddress() {
        Targets targets = Targets.range("10.0.255.250", "10.1.0.5");

        assertThat(targets.size()).isEqualTo(12);
        for (int i = 0; i < targets.size(); i++) {
            assertThat(targets.get(i)).isEqualTo(targets.address(i).getHostAddress());
        }
        assertThat(targets.get(5)).isEqualTo("10.0.255.255");
        assertThat(targets.get(6)).isEqualTo("10.1.0.0");
    }

    @Test
    void of_addressesNamesAndBlocks_inOrderWithDuplicatesKept() {
        Targets targets = Targets.of("198.18.0.1", "icmpj-test-v4", "198.18.0.0/30", "fd00::1", "198.18.0.1");

        assertThat(IntStream.range(0, targets.size()).mapToObj(targets::get))
                .containsExactly("198.18.0.1", "icmpj-test-v4", "198.18.0.1", "198.18.0.2", "fd00::1", "198.18.0.1");
        assertThat(targets.address(1)).isNull();
        assertThat(targets.name(1)).isEqualTo("icmpj-test-v4");
        assertThat(targets.address(3)).isEqualTo(InetAddress.ofLiteral("198.18.0.2"));
    }

    @Test
    void cidr_likeFpingMinusG_networkAndBroadcastLeftOutUpToSlash30() {
        assertThat(Targets.cidr("127.1.0.0/16").size()).isEqualTo(65_534);
        assertThat(Targets.cidr("127.1.0.0/16").get(0)).isEqualTo("127.1.0.1");
        assertThat(Targets.cidr("127.1.0.0/16").get(65_533)).isEqualTo("127.1.255.254");
        assertThat(Targets.cidr("127.1.0.0/31").size()).isEqualTo(2);
        assertThat(Targets.cidr("127.1.0.0/32").get(0)).isEqualTo("127.1.0.0");
        assertThat(Targets.cidr("127.1.2.3/24").get(0)).as("host bits ignored").isEqualTo("127.1.2.1");
        assertThat(Targets.cidr("fd00::/126").size()).isEqualTo(4);
        assertThat(Targets.cidr("fd00::/126").get(0)).isEqualTo("fd00::");
    }

    @Test
    void cidr_slash12_isArithmeticNotAMillionObjects() {
        Targets targets = Targets.cidr("127.16.0.0/12");

        assertThat(targets.size()).isEqualTo(1_048_574);
        assertThat(targets.get(0)).isEqualTo("127.16.0.1");
        assertThat(targets.get(255)).isEqualTo("127.16.1.0");
        assertThat(targets.get(1_048_573)).isEqualTo("127.31.255.254");
    }

    @Test
    void range_bothEndsIncludedAcrossOctets() {
        Targets targets = Targets.range("127.1.0.254", "127.1.1.1");
        assertThat(IntStream.range(0, targets.size()).mapToObj(targets::get))
                .containsExactly("127.1.0.254", "127.1.0.255", "127.1.1.0", "127.1.1.1");
        assertThat(Targets.range("fd00::ffff", "fd00::1:1").size()).isEqualTo(3);
        assertThat(Targets.range("fd00::ffff", "fd00::1:1").get(1)).isEqualTo("fd00::1:0");
    }

    @Test
    void read_oneTargetPerLineSkippingBlanksAndComments() {
        Targets targets = Targets.read(
                new BufferedReader(new StringReader("# lab hosts\n198.18.0.1\n\n  icmpj-test-v6  \n198.18.1.0/30\n")));

        assertThat(IntStream.range(0, targets.size()).mapToObj(targets::get))
                .containsExactly("198.18.0.1", "icmpj-test-v6", "198.18.1.1", "198.18.1.2");
    }

    @Test
    void subset_theGivenIndicesInOrder() {
        Targets targets = Targets.of("icmpj-test-v4", "198.18.0.0/29");
        Targets retry = targets.subset(new int[] {4, 0, 6});

        assertThat(IntStream.range(0, retry.size()).mapToObj(retry::get))
                .containsExactly("198.18.0.4", "icmpj-test-v4", "198.18.0.6");
    }

    @Test
    void and_concatenates() {
        assertThat(Targets.of("198.18.0.1").and(Targets.cidr("198.18.0.0/30")).size())
                .isEqualTo(3);
        assertThat(Targets.empty().size()).isZero();
    }

    @Test
    void badInput_rejectedNamingIt() {
        assertThatThrownBy(() -> Targets.of("198.18.0.0/33"))
                .hasMessage("block 198.18.0.0/33: the prefix length must be between 0 and 32");
        assertThatThrownBy(() -> Targets.of("198.18.0.0/x"))
                .hasMessage("block 198.18.0.0/x: the prefix length must be between 0 and 32");
        assertThatThrownBy(() -> Targets.of("nonsense/24"))
                .hasMessage("block nonsense/24: \"nonsense\" is not an IP address");
        assertThatThrownBy(() -> Targets.cidr("10.0.0.0/7"))
                .hasMessage("10.0.0.0/7 is 33554430 addresses; icmpj sweeps at most 16777216 targets in one call");
        assertThatThrownBy(() -> Targets.cidr("fd00::/64")).hasMessageContaining("18446744073709551616 addresses");
        assertThatThrownBy(() -> Targets.range("198.18.0.9", "198.18.0.1"))
                .hasMessage("range 198.18.0.9 to 198.18.0.1 ends before it starts");
        assertThatThrownBy(() -> Targets.range("198.18.0.1", "fd00::1")).hasMessageContaining("mixes IPv4 and IPv6");
        assertThatThrownBy(() -> Targets.read(new BufferedReader(new StringReader("198.18.0.1\n1.2.3.4/99\n"))))
                .hasMessageStartingWith("line 2: block 1.2.3.4/99");
        assertThatThrownBy(() -> Targets.of("two words")).hasMessage("\"two words\" is not an address or a host name");
        assertThatThrownBy(() -> Targets.cidr("198.18.0.0/8").and(Targets.cidr("198.19.0.0/16")))
                .hasMessageContaining("more than 16777216 targets");
    }
}
