package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.MultipingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.RttClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fping's sweep from the engine's events: a target is complete (the progress line's count) once every request
 * of its round is decided, counted from the replies, timeouts and errors, without the engine's per-target
 * {@code onComplete}; and real loopback sweeps in default and count modes end with every target complete.
 */
@Timeout(60)
class FpingSweepTest {
    private static final InetAddress FIRST = InetAddress.ofLiteral("127.0.0.1");

    private final Pinger pinger = Pinger.create();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final OutputQueue output = new OutputQueue(new PrintWriter(out), new PrintWriter(err));

    @AfterEach
    void close() {
        output.close();
        pinger.close();
    }

    private FpingTargets targets(String... given) {
        return FpingTargets.resolve(
                List.of(given), false, pinger, Family.ANY, false, false, FpingTargets.Naming.GIVEN, false, line -> {});
    }

    /** fping's {@code -a} (default mode) or its count mode's per-reply lines. */
    private static FpingPrinter.Style style(boolean counting) {
        return new FpingPrinter.Style(
                false, !counting, false, counting, false, false, false, counting, false, false, -1, 0);
    }

    private FpingSweep sweep(FpingTargets targets, FpingTally tally, PingOptions options, boolean counting) {
        FpingPrinter printer = new FpingPrinter(output, targets, tally, style(counting));
        return new FpingSweep(pinger, targets, options, printer, output, false, false, null);
    }

    @Test
    void failure_outOfHeap_saysWhatToChange() {
        OutOfMemoryError heap = new OutOfMemoryError("Java heap space");

        assertThat(FpingSweep.failure(heap))
                .hasMessage("multiping ran out of memory (Java heap space): every request is kept until its -t;"
                        + " give the JVM more (JAVA_OPTS=-Xmx512m) or use a lower -t")
                .hasCause(heap);
        assertThat(FpingSweep.failure(new IllegalStateException("x")))
                .hasMessage("multiping failed: java.lang.IllegalStateException: x");
    }

    @Test
    void listener_countMode_targetCompleteAfterItsLastDecidedRequest() {
        FpingTargets targets = targets("127.0.0.1", "127.0.0.2");
        FpingTally tally = new FpingTally(2, new FpingTally.Kept(true, false, 0));
        PingOptions three = PingOptions.builder().count(3).build();
        MultipingListener events =
                sweep(targets, tally, three, true).listener(IntUnaryOperator.identity(), new CompletableFuture<>());

        // target 0's request 1 decided before its request 0; target 1 counts as done from its first reply (alive)
        events.onLoss(0, 1, FIRST, 1);
        events.onReply(1, 0, FIRST, reply(0, 0.5));
        events.onLoss(0, 0, FIRST, 0);
        int afterTwo = tally.decidedTargets();
        events.onError(0, 2, FIRST, reply(2, 0.75));
        int afterThree = tally.decidedTargets();

        assertThat(afterTwo).isEqualTo(1);
        assertThat(afterThree).isEqualTo(2);
        assertThat(tally.decided(0)).isEqualTo(3);
        assertThat(tally.isAlive(0)).isFalse();
    }

    @Test
    void listener_defaultMode_eachDecisionCompletesItsTarget() {
        FpingTargets targets = targets("127.0.0.1", "127.0.0.2", "127.0.0.3");
        FpingTally tally = new FpingTally(3, new FpingTally.Kept(false, false, 0));
        MultipingListener events = sweep(
                        targets, tally, PingOptions.builder().count(1).build(), false)
                .listener(k -> k + 1, new CompletableFuture<>());

        // a retry round of targets 1 and 2: the round's index k is target k + 1
        events.onLoss(0, 0, FIRST, 5);
        int afterLoss = tally.decidedTargets();
        events.onReply(1, 0, FIRST, reply(6, 0.5));

        assertThat(afterLoss).isEqualTo(1);
        assertThat(tally.decidedTargets()).isEqualTo(2);
        assertThat(tally.isAlive(2)).isTrue();
        assertThat(tally.isAlive(1)).isFalse();
    }

    @Test
    void run_defaultSweepOfLoopback_everyTargetAliveAndComplete() throws Exception {
        FpingTargets targets = targets("127.0.0.1", "127.0.0.2", "127.0.0.3");
        FpingTally tally = new FpingTally(3, new FpingTally.Kept(false, false, 0));
        PingOptions options =
                PingOptions.builder().count(1).timeout(Duration.ofSeconds(5)).build();

        sweep(targets, tally, options, false)
                .run(new FpingSweep.Pacing(0, "-i", null), 0, 1.5, new CompletableFuture<>());
        output.close();

        assertThat(tally.decidedTargets()).isEqualTo(3);
        assertThat(tally.alive()).isEqualTo(3);
        assertThat(out.toString().lines()).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3");
    }

    @Test
    void run_countModeOfLoopback_everyTargetCompleteAfterItsRequests() throws Exception {
        FpingTargets targets = targets("127.0.0.1", "127.0.0.2");
        FpingTally tally = new FpingTally(2, new FpingTally.Kept(true, false, 0));
        PingOptions options = PingOptions.builder()
                .count(3)
                .interval(Duration.ofMillis(20))
                .timeout(Duration.ofSeconds(5))
                .build();

        sweep(targets, tally, options, true)
                .run(new FpingSweep.Pacing(0, "-i", null), 0, 1.5, new CompletableFuture<>());
        output.close();

        assertThat(tally.decidedTargets()).isEqualTo(2);
        assertThat(tally.decided(0)).isEqualTo(3);
        assertThat(tally.decided(1)).isEqualTo(3);
        assertThat(out.toString().lines()).hasSize(6);
    }

    private static Reply reply(int sequence, double rtt) {
        return new Reply(
                FIRST,
                sequence,
                64,
                64,
                rtt,
                RttClock.KERNEL_RECEIVE,
                new EchoReply(IcmpVersion.V4, 7, sequence, new byte[56]));
    }
}
