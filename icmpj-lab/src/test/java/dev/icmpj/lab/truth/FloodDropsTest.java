package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.Pinger;
import dev.icmpj.Reply;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A flood whose every request the peer answers 101 times, 200 ms late, while the listener holds the flood's loop,
 * once its last request left, until the peer has written all 40,400 replies: they overrun the socket's receive buffer (16 MB
 * for a raw socket: icmpj forces 8 MB and the kernel doubles it) and the kernel drops the rest. The flood tells
 * its listener how many ({@code onKernelDrops}), and no more than went missing.
 */
class FloodDropsTest extends TruthTestBase {
    private static final int COUNT = 400;
    private static final int COPIES = 100;
    private static final int WRITTEN = COUNT * (COPIES + 1);

    /** One case per kind of socket: the drop counter ({@code SO_MEMINFO}) is the same in both families. */
    static Stream<PingCase> sockets() {
        return Stream.of(
                new PingCase(Family.IPV4, Privilege.PRIVILEGED), new PingCase(Family.IPV4, Privilege.UNPRIVILEGED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sockets")
    void flood_repliesPastTheReceiveBuffer_kernelDropsReportedToTheListener(PingCase c) throws Exception {
        InetAddress target = c.target(3);
        PeerScript script = PeerScript.builder()
                // each answer 200 ms late: every request has left before the first reply arrives, so the peer writes
                // all 40,400 replies while the loop is held, however fast the loop would have kept up
                .forAddress(target, PeerAction.duplicate(COPIES).after(Duration.ofMillis(200)))
                .build();
        try (TunPeer peer = TunPeer.start(lab.client(), script);
                Pinger pinger = Pinger.create()) {
            HoldingListener listener = new HoldingListener(peer::sentCount);
            Host host = TruthLab.ping(
                    lab,
                    pinger,
                    target,
                    c.options()
                            .flood(true)
                            // every request unanswered at once: a flood's default keeps one out at a time
                            .preload(COUNT)
                            .count(COUNT)
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    listener);
            long written = peer.sent().size();
            List<Long> drops = listener.drops;
            System.out.printf(
                    "flood %s with %d copies of each reply: %d written by the peer; drops reported %s;"
                            + " %d/%d received, %d lost, %d duplicates%n",
                    c,
                    COPIES,
                    written,
                    drops,
                    host.packetsReceived(),
                    host.packetsSent(),
                    listener.losses.get(),
                    host.duplicates());
            assertThat(written)
                    .as("replies the peer wrote while the loop was held")
                    .isEqualTo(WRITTEN);
            assertThat(host.packetsSent()).isEqualTo(COUNT);
            assertThat(host.packetsReceived() + listener.losses.get()).isEqualTo(COUNT);
            assertThat(drops)
                    .as("drops reported, each total larger than the one before")
                    .isNotEmpty()
                    .isSorted()
                    .doesNotHaveDuplicates();
            long reported = drops.getLast();
            assertThat(reported).isPositive();
            // the kernel dropped only what the flood did not take in (equal when the peer's link lost nothing)
            assertThat(reported).isLessThanOrEqualTo(written - host.packetsReceived() - host.duplicates());
        }
    }

    /**
     * Holds the loop on the first reply or duplicate after the last request left, until the peer wrote
     * everything; counts losses and records the drop totals.
     */
    private static final class HoldingListener implements PingListener {
        final List<Long> drops = new CopyOnWriteArrayList<>();
        final AtomicInteger losses = new AtomicInteger();
        private final AtomicBoolean allSent = new AtomicBoolean();
        private final AtomicBoolean held = new AtomicBoolean();
        private final IntSupplier written;

        HoldingListener(IntSupplier written) {
            this.written = written;
        }

        @Override
        public void onSent(InetAddress address, int sequence, long sentAtNanos) {
            if (sequence == COUNT - 1) {
                allSent.set(true);
            }
        }

        @Override
        public void onReply(InetAddress address, Reply reply) {
            holdOnce();
        }

        @Override
        public void onDuplicate(InetAddress address, Reply reply) {
            holdOnce();
        }

        /**
         * Once every request left: holds the loop until the peer wrote everything (at most 30 s: on a busy machine
         * the peer writes more slowly).
         */
        private void holdOnce() {
            if (!allSent.get() || !held.compareAndSet(false, true)) {
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (written.getAsInt() < WRITTEN && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onLoss(InetAddress address, int sequence) {
            losses.incrementAndGet();
        }

        @Override
        public void onKernelDrops(InetAddress address, long total) {
            drops.add(total);
        }
    }
}
