package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.OtherMessage;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyListTest {

    private static final InetAddress TARGET = InetAddress.ofLiteral("198.18.0.9");
    private static final InetAddress ROUTER = InetAddress.ofLiteral("198.18.0.1");
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7, 8};

    private static Reply echo(InetAddress source, int sequence, double rtt, byte[] payload, int identifier) {
        return new Reply(
                source,
                sequence,
                8 + payload.length,
                sequence % 2 == 0 ? 64 : -1,
                rtt,
                sequence % 3 == 0 ? RttClock.KERNEL_TX_RX : RttClock.MONOTONIC,
                new EchoReply(IcmpVersion.V4, identifier, sequence, payload));
    }

    private static Reply error(int sequence) {
        return new Reply(
                ROUTER,
                sequence,
                36,
                250,
                0.5,
                RttClock.KERNEL_RECEIVE,
                new OtherMessage(IcmpVersion.V4, 14, 0, new byte[16]));
    }

    /** Echo replies of the target, an error, a reply from elsewhere, one with other data, one with another id. */
    private static List<Reply> mixed() {
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            replies.add(echo(TARGET, 65_530 + i & 0xFFFF, 0.01 * (i + 1), PAYLOAD, 4242));
        }
        replies.add(7, error(7));
        replies.add(20, echo(ROUTER, 20, 1.5, PAYLOAD, 4242));
        replies.add(30, echo(TARGET, 30, 2.5, new byte[] {9, 9}, 4242));
        replies.add(35, echo(TARGET, 35, 3.5, PAYLOAD, 7));
        return replies;
    }

    @Test
    void snapshot_everyKindOfReply_readsBackEqualInOrder() {
        List<Reply> replies = mixed();
        ReplyList list = new ReplyList(TARGET);
        replies.forEach(list::add);

        List<Reply> snapshot = list.snapshot();

        assertThat(list.size()).isEqualTo(44);
        assertThat(snapshot).containsExactlyElementsOf(replies);
        assertThat(snapshot).isEqualTo(replies);
        assertThat(snapshot.hashCode()).isEqualTo(replies.hashCode());
        assertThat(snapshot.get(7).isError()).isTrue();
        assertThat(snapshot.get(0).ttl()).isEqualTo(64);
        assertThat(snapshot.get(1).ttl()).isEqualTo(-1);
        assertThatThrownBy(() -> snapshot.get(44)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> snapshot.add(error(1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void snapshot_laterAdditionsAndGrowth_leaveItUnchanged() {
        ReplyList list = new ReplyList(TARGET);
        List<Reply> first = mixed();
        first.forEach(list::add);
        List<Reply> snapshot = list.snapshot();
        for (int i = 0; i < 1_000; i++) {
            list.add(i % 100 == 0 ? error(i) : echo(TARGET, i, 0.2, PAYLOAD, 4242));
        }

        assertThat(snapshot).isEqualTo(first);
        assertThat(list.size()).isEqualTo(1_044);
        assertThat(list.snapshot()).hasSize(1_044);
        assertThat(list.snapshot().get(1_043).sequence()).isEqualTo(999);
    }

    @Test
    void hostOf_snapshot_sameResultAsTheRepliesThemselvesAndKeptWithoutACopy() {
        List<Reply> replies = mixed();
        ReplyList list = new ReplyList(TARGET);
        replies.forEach(list::add);
        List<Reply> snapshot = list.snapshot();

        Host compact = Host.of(TARGET, 50, snapshot, 3);
        Host plain = Host.of(TARGET, 50, replies, 3);

        assertThat(compact).isEqualTo(plain);
        assertThat(compact.rtts()).hasSize(43).isEqualTo(plain.rtts());
        assertThat(compact.errors()).isEqualTo(1);
        assertThat(compact.ttl()).isEqualTo(plain.ttl()).isEqualTo(-1);
        assertThat(compact.medianRtt()).isEqualTo(plain.medianRtt());
        assertThat(compact.replies()).isSameAs(snapshot);
    }

    @Test
    void counting_keepsNoReply_hostHasTheCountsAndStatisticsOfKeepingThemAll() {
        List<Reply> replies = mixed();
        ReplyList kept = new ReplyList(TARGET);
        ReplyList counted = ReplyList.counting(TARGET);
        for (Reply reply : replies) {
            kept.add(reply);
            counted.add(reply);
        }
        List<Reply> snapshot = counted.snapshot();
        assertThat(counted.size()).isEqualTo(replies.size());
        assertThat(snapshot).isEmpty();

        Host all = Host.of(TARGET, 50, kept.snapshot(), 3);
        Host host = Host.of(TARGET, 50, snapshot, 3);
        assertThat(host.packetsReceived()).isEqualTo(all.packetsReceived()).isEqualTo(43);
        assertThat(host.errors()).isEqualTo(all.errors()).isEqualTo(1);
        assertThat(host.duplicates()).isEqualTo(3);
        assertThat(host.ttl()).isEqualTo(all.ttl());
        assertThat(host.packetLoss()).isEqualTo(all.packetLoss());
        assertThat(host.minRtt()).isEqualTo(all.minRtt()).isEqualTo(0.01);
        assertThat(host.maxRtt()).isEqualTo(all.maxRtt()).isEqualTo(3.5);
        assertThat(host.avgRtt()).isEqualTo(all.avgRtt());
        assertThat(host.stddev()).isCloseTo(all.stddev(), within(1e-12));
        assertThat(host.jitter()).isCloseTo(all.jitter(), within(1e-12));
        assertThat(host.medianRtt()).isNaN();
        assertThat(all.medianRtt()).isNotNaN();
        assertThat(host.rtts()).isEmpty();
        assertThat(host.replies()).isEmpty();
        assertThat(host.isAlive()).isTrue();
        // a snapshot keeps the counts of its moment
        counted.add(error(60));
        assertThat(Host.of(TARGET, 50, snapshot, 3).errors()).isEqualTo(1);
        assertThat(Host.of(TARGET, 50, counted.snapshot(), 3).errors()).isEqualTo(2);
        assertThatThrownBy(() -> Host.of(TARGET, 44, counted.snapshot(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("45 replies and errors for 44 requests sent");
    }

    @Test
    void hostOf_emptyList_noReplies() {
        Host host = Host.of(TARGET, 2, new ReplyList(TARGET).snapshot(), 0);

        assertThat(host.packetsReceived()).isZero();
        assertThat(host.ttl()).isEqualTo(-1);
        assertThat(host.replies()).isEmpty();
        assertThat(Double.isNaN(host.avgRtt())).isTrue();
    }
}
