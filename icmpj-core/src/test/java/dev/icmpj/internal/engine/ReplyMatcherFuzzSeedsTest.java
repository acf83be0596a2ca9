package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.socket.IcmpSocketException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReplyMatcherFuzzSeedsTest {

    @Test
    void seeds_onTheClassPath_areWhatReplyMatcherFuzzSeedsMakes() throws IOException {
        for (var seed : ReplyMatcherFuzzSeeds.seeds().entrySet()) {
            String resource = "/" + ReplyMatcherFuzzSeeds.DIRECTORY + "/" + seed.getKey();
            try (InputStream in = ReplyMatcherFuzzSeedsTest.class.getResourceAsStream(resource)) {
                assertThat(in)
                        .as(resource + " (run ReplyMatcherFuzzSeeds.main to write it)")
                        .isNotNull();
                assertThat(in.readAllBytes()).as(resource).isEqualTo(seed.getValue());
            }
        }
    }

    @Test
    void seeds_matchTheirProbeUnlessStrays() throws IcmpSocketException {
        for (var seed : ReplyMatcherFuzzSeeds.seeds().entrySet()) {
            boolean stray =
                    seed.getKey().contains("removed-probe") || seed.getKey().contains("other-target");
            assertThat(ReplyMatcherFuzzTest.matchChecked(seed.getValue()) > 0)
                    .as(seed.getKey())
                    .isEqualTo(!stray);
        }
    }
}
