package dev.icmpj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuzzSeedsTest {

    @Test
    void seeds_onTheClassPath_areWhatFuzzSeedsMakes() throws IOException {
        for (var target : FuzzSeeds.DIRECTORIES.entrySet()) {
            for (var seed : FuzzSeeds.seeds(target.getKey()).entrySet()) {
                String resource = "/" + target.getValue() + "/" + seed.getKey();
                try (InputStream in = FuzzSeedsTest.class.getResourceAsStream(resource)) {
                    assertThat(in)
                            .as(resource + " (run FuzzSeeds.main to write it)")
                            .isNotNull();
                    assertThat(in.readAllBytes()).as(resource).isEqualTo(seed.getValue());
                }
            }
        }
    }

    @Test
    void icmpSeeds_areValidMessages() {
        Map<String, byte[]> v4 = FuzzSeeds.seeds("icmpv4");
        v4.forEach((name, b) -> assertThat(IcmpCodec.decode(IcmpVersion.V4, b, 0, b.length))
                .as(name)
                .isNotInstanceOf(UnparseableMessage.class));
        FuzzSeeds.seeds("icmpv6")
                .forEach((name, b) -> assertThat(IcmpCodec.decodeIcmpv6(
                                b, 0, b.length, IcmpCodecFuzzTarget.SOURCE, IcmpCodecFuzzTarget.DESTINATION))
                        .as(name)
                        .isNotInstanceOf(UnparseableMessage.class));
        FuzzSeeds.seeds("ipv4")
                .forEach((name, b) -> assertThat(
                                IcmpCodec.decodeIpv4(b, 0, b.length).message())
                        .as(name)
                        .isNotInstanceOf(UnparseableMessage.class));
        assertThat(((TimeExceeded) IcmpCodec.decode(
                                IcmpVersion.V4,
                                v4.get("time-exceeded-mpls-legacy"),
                                0,
                                v4.get("time-exceeded-mpls-legacy").length))
                        .extensions())
                .hasSize(1);
    }

    @Test
    void quotedSeeds_parseAndQuoteWhatTheirNameSays() {
        FuzzSeeds.seeds("quoted").forEach((name, b) -> {
            IcmpVersion v = name.startsWith("ipv4") ? IcmpVersion.V4 : IcmpVersion.V6;
            QuotedDatagram q = QuotedDatagram.parse(v, b, 0, b.length).orElseThrow();
            assertThat(q.protocol()).as(name).isEqualTo(name.endsWith("udp") ? 17 : v.ipProtocol());
            assertThat(q.echoRequest().isPresent()).as(name).isEqualTo(name.contains("echo-request"));
        });
    }
}
