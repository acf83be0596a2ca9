package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fping's counters as each mode keeps them: a default sweep only its totals and who answered, count and loop
 * modes each target's counts, {@code -Q} the counts since the last report too, with the same figures whatever
 * else is kept.
 */
@Timeout(10)
class FpingTallyTest {

    /** The same events for targets 0 and 1: two replies and a timeout to 0, a timeout to 1. */
    private static void feed(FpingTally tally) {
        assertThat(tally.reply(0, 0, 0.5)).isTrue();
        tally.timeout(1);
        tally.timeout(0);
        assertThat(tally.reply(0, 2, 1.5)).isFalse();
    }

    @Test
    void defaultSweep_noPerTargetCounts_totalsAndWhoAnsweredAsWithThem() {
        FpingTally bare = new FpingTally(2, new FpingTally.Kept(false, false, 0));
        FpingTally full = new FpingTally(2, FpingTally.Kept.everything(0));

        feed(bare);
        feed(full);

        for (FpingTally tally : new FpingTally[] {bare, full}) {
            assertThat(tally.isAlive(0)).isTrue();
            assertThat(tally.isAlive(1)).isFalse();
            assertThat(tally.alive()).isEqualTo(1);
            assertThat(tally.replies()).isEqualTo(2);
            assertThat(tally.timeouts()).isEqualTo(2);
            assertThat(tally.minRtt()).isEqualTo(0.5);
            assertThat(tally.avgRtt()).isEqualTo(1.0);
            assertThat(tally.maxRtt()).isEqualTo(1.5);
        }
        assertThatThrownBy(() -> bare.summary(0, false, -1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bare.decided(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void summary_withoutCountsSinceReport_theSameAsWithThem() {
        FpingTally counts = new FpingTally(2, new FpingTally.Kept(true, false, 0));
        FpingTally reports = new FpingTally(2, FpingTally.Kept.everything(0));

        feed(counts);
        feed(reports);

        for (int t = 0; t < 2; t++) {
            assertThat(counts.summary(t, false, 1000)).isEqualTo(reports.summary(t, false, 1000));
            assertThat(counts.runningAverage(t)).isEqualTo(reports.runningAverage(t));
            assertThat(counts.decided(t)).isEqualTo(reports.decided(t));
        }
        assertThat(counts.summary(0, false, 1000))
                .isEqualTo(" xmt/rcv/%loss = 3/2/33%, outage(ms) = 1000, min/avg/max = 0.500/1.00/1.50");
        assertThat(counts.summary(1, false, -1)).isEqualTo(" xmt/rcv/%loss = 1/0/100%");
        assertThatThrownBy(() -> counts.summary(0, true, -1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void summarySinceReport_countsSinceTheLastOneBesideTheWholeRun() {
        FpingTally tally = new FpingTally(2, FpingTally.Kept.everything(0));

        feed(tally);
        String first = tally.summary(0, true, -1);
        tally.reply(0, 3, 0.25);
        String second = tally.summary(0, true, -1);

        assertThat(first).isEqualTo(" xmt/rcv/%loss = 3/2/33%, min/avg/max = 0.500/1.00/1.50");
        assertThat(second).isEqualTo(" xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.250/0.250/0.250");
        assertThat(tally.summary(0, false, -1)).isEqualTo(" xmt/rcv/%loss = 4/3/25%, min/avg/max = 0.250/0.750/1.50");
        assertThat(tally.summary(1, true, -1)).isEqualTo(" xmt/rcv/%loss = 1/0/100%");
    }

    @Test
    void rttList_keptWithPerTargetCounts() {
        FpingTally tally = new FpingTally(2, new FpingTally.Kept(true, false, 3));

        feed(tally);

        assertThat(tally.rttList(0)).isEqualTo(" 0.500 - 1.50");
        assertThat(tally.rttList(1)).isEqualTo(" -");
    }

    @Test
    void kept_reportsOrRoundTripsWithoutPerTargetCounts_refused() {
        assertThatThrownBy(() -> new FpingTally.Kept(false, true, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FpingTally.Kept(false, false, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FpingTally.Kept(true, false, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
