package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.engine.FakeNetwork.Delivery;
import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.SocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe loop's own rules, in virtual time: when a probe may be called lost, the budget, the sequences. */
class ProbeLoopTest {

    private static final InetAddress TARGET = InetAddress.ofLiteral("198.18.6.1");

    private final FakeClock clock = new FakeClock();
    private FakeNetwork network;

    @AfterEach
    void close() {
        if (network != null) {
            network.close();
        }
    }

    /** Sends {@code count} probes to the target when first run, and records what the loop decided. */
    private static final class Probes extends Operation {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Integer> sequences = new CopyOnWriteArrayList<>();
        private final int count;
        private int sent;

        Probes(int count, Duration timeout) {
            this(count, timeout, Duration.ZERO);
        }

        Probes(int count, Duration timeout, Duration linger) {
            super(timeout.toNanos(), linger.toNanos());
            this.count = count;
        }

        @Override
        protected long run(long now) throws IOException {
            Lane lane = loop().lanes().getFirst();
            while (sent < count && lane.hasRoom(8)) {
                int probe = loop().newProbe(
                                this, lane, AddressBits.highOf(TARGET), AddressBits.lowOf(TARGET), sent++, false);
                sequences.add(loop().sequence(probe));
                loop().stage(probe, new byte[8], 0, -1);
            }
            if (sent < count) {
                loop().waitForRoom(this, lane);
            }
            return ProbeLoop.NOTHING_DUE;
        }

        @Override
        protected void onReply(int probe, ReplyView reply, long rttNanos) {
            events.add("reply " + loop().tag(probe) + " " + rttNanos / 1_000_000 + " ms");
        }

        @Override
        protected void onLoss(int probe) {
            events.add("loss " + loop().tag(probe));
        }

        @Override
        protected void onLate(int probe, ReplyView reply, long rttNanos) {
            events.add("late " + loop().tag(probe) + " " + rttNanos / 1_000_000 + " ms");
        }

        @Override
        protected void onDuplicate(int probe, ReplyView reply, long rttNanos) {
            events.add("duplicate " + loop().tag(probe) + " " + rttNanos / 1_000_000 + " ms");
        }

        @Override
        protected void onFailed(Throwable cause) {
            events.add("failed " + cause);
        }
    }

    private ProbeLoop loop(long budgetBytes) throws Exception {
        FakeIcmpSocket socket = network.open(SocketOptions.builder(Family.IPV4).build());
        socket.receiveBufferBytes(budgetBytes);
        ProbeLoop loop = new ProbeLoop(clock, List.of(socket), false, budgetBytes, false, ended -> {});
        clock.start(loop);
        return loop;
    }

    @Test
    void deadline_socketNotReadEmptyYet_theProbeWaitsForItsReplyInsteadOfBeingLost() throws Exception {
        network = new FakeNetwork(clock, request -> List.of(Delivery.echo(5)));
        ProbeLoop loop = loop(1 << 20);
        FakeIcmpSocket socket = network.opened().getFirst();
        Probes probes = new Probes(1, Duration.ofMillis(10));
        loop.submit(probes);
        clock.settle();
        // the reply is queued at 5 ms, but the loop cannot read the socket empty until 50 ms (it fell behind)
        socket.backlogged(true);
        clock.advance(Duration.ofMillis(50));
        assertThat(probes.events)
                .as("not lost at its 10 ms deadline: its reply may be queued")
                .isEmpty();

        socket.backlogged(false);
        clock.settle();

        assertThat(probes.events).containsExactly("reply 0 5 ms");
    }

    @Test
    void deadline_socketReadEmpty_lostAtTheDeadline() throws Exception {
        network = new FakeNetwork(clock, request -> List.of());
        ProbeLoop loop = loop(1 << 20);
        Probes probes = new Probes(1, Duration.ofMillis(10));
        loop.submit(probes);
        clock.settle();
        clock.advance(Duration.ofMillis(9));
        assertThat(probes.events).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(probes.events).containsExactly("loss 0");
        assertThat(loop.probesHeld()).isZero();
    }

    @Test
    void lateReplyArrivingTwice_oneLateAndOneDuplicate() throws Exception {
        network = new FakeNetwork(clock, request -> List.of(Delivery.echo(15), Delivery.echo(16)));
        ProbeLoop loop = loop(1 << 20);
        Probes probes = new Probes(1, Duration.ofMillis(10), Duration.ofMillis(10));
        loop.submit(probes);
        clock.settle();
        clock.advance(Duration.ofMillis(30));

        assertThat(probes.events).containsExactly("loss 0", "late 0 15 ms", "duplicate 0 16 ms");
    }

    @Test
    void budget_roomForTwoReplies_atMostTwoInFlightAndEveryProbeSent() throws Exception {
        network = new FakeNetwork(clock, request -> List.of(Delivery.echo(3)));
        long twoReplies = 2 * ReceiveBudget.costOf(8, false);
        ProbeLoop loop = loop(twoReplies);
        Probes probes = new Probes(7, Duration.ofSeconds(1));
        loop.submit(probes);
        clock.settle();
        assertThat(network.opened().getFirst().sent()).as("two fit at once").hasSize(2);

        clock.advance(Duration.ofMillis(20));

        assertThat(network.opened().getFirst().sent()).hasSize(7);
        assertThat(probes.events).hasSize(7).allMatch(e -> e.startsWith("reply "));
        // each pair leaves when the replies of the one before free their room: 0, 3, 6 and 9 ms
        assertThat(network.opened().getFirst().sent())
                .extracting(s -> (s.sentAtMonotonicNanos()
                                - network.opened().getFirst().sent().getFirst().sentAtMonotonicNanos())
                        / 1_000_000)
                .containsExactly(0L, 0L, 3L, 3L, 6L, 6L, 9L);
        assertThat(loop.lanes().getFirst().usedBytes()).isZero();
    }

    @Test
    void sequences_startAtOneAndSkipOnlyWhatIsStillInFlightToTheSameDestination() throws Exception {
        network = new FakeNetwork(clock, request -> List.of());
        ProbeLoop loop = loop(1L << 30);
        Probes first = new Probes(3, Duration.ofSeconds(1));
        loop.submit(first);
        clock.settle();
        assertThat(first.sequences).containsExactly(1, 2, 3);
        Probes second = new Probes(2, Duration.ofSeconds(1));
        loop.submit(second);
        clock.settle();
        assertThat(second.sequences).containsExactly(4, 5);
    }
}
