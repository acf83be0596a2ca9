package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ReplyMatchingFuzzSeedsTest {

    @Test
    void seeds_onTheClassPath_areWhatReplyMatchingFuzzSeedsMakes() throws IOException {
        for (var seed : ReplyMatchingFuzzSeeds.seeds().entrySet()) {
            String resource = "/" + ReplyMatchingFuzzSeeds.DIRECTORY + "/" + seed.getKey();
            try (InputStream in = ReplyMatchingFuzzSeedsTest.class.getResourceAsStream(resource)) {
                assertThat(in)
                        .as(resource + " (run ReplyMatchingFuzzSeeds.main to write it)")
                        .isNotNull();
                assertThat(in.readAllBytes()).as(resource).isEqualTo(seed.getValue());
            }
        }
    }

    @Test
    void seeds_matchTheirProbeUnlessStrays() throws IOException {
        for (var seed : ReplyMatchingFuzzSeeds.seeds().entrySet()) {
            boolean stray =
                    seed.getKey().contains("removed-probe") || seed.getKey().contains("other-target");
            assertThat(ReplyMatchingFuzzTest.matchChecked(seed.getValue()) > 0)
                    .as(seed.getKey())
                    .isEqualTo(!stray);
        }
    }
}
