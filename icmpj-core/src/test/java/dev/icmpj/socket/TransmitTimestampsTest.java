package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.linux.TransmitTimestamp;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Key bookkeeping of {@link TransmitTimestamps}, without a socket. */
class TransmitTimestampsTest {
    private static final InetAddress A = InetAddress.ofLiteral("198.18.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("198.18.0.2");

    private final TransmitTimestamps timestamps = new TransmitTimestamps();

    private void send(InetAddress destination, int sequence) {
        timestamps.expect(destination, sequence);
        timestamps.sent();
    }

    @Test
    void arrived_keysInSendOrder_goToTheirRequests() {
        send(A, 1);
        send(B, 1);
        timestamps.arrived(new TransmitTimestamp(1, 222));
        timestamps.arrived(new TransmitTimestamp(0, 111));
        assertThat(timestamps.sentAt(A, 1)).isEqualTo(111);
        assertThat(timestamps.sentAt(B, 1)).isEqualTo(222);
        assertThat(timestamps.sentAt(A, 2)).isZero();
    }

    @Test
    void arrived_unknownOrEvictedKey_isIgnored() {
        send(A, 1);
        timestamps.arrived(new TransmitTimestamp(TransmitTimestamps.CAPACITY, 999));
        assertThat(timestamps.sentAt(A, 1)).isZero();
        for (int i = 1; i <= TransmitTimestamps.CAPACITY; i++) {
            send(B, i & 0xFFFF);
        }
        timestamps.arrived(new TransmitTimestamp(0, 111));
        assertThat(timestamps.sentAt(A, 1)).isZero();
        timestamps.arrived(new TransmitTimestamp(TransmitTimestamps.CAPACITY, 333));
        assertThat(timestamps.sentAt(B, TransmitTimestamps.CAPACITY)).isEqualTo(333);
    }

    @Test
    void restarted_keysCountFromZeroAgain() {
        send(A, 1);
        send(A, 2);
        timestamps.expect(A, 3); // sendto failed
        timestamps.restarted();
        send(A, 4);
        timestamps.arrived(new TransmitTimestamp(0, 444));
        assertThat(timestamps.sentAt(A, 4)).isEqualTo(444);
        assertThat(timestamps.sentAt(A, 1)).isZero();
        assertThat(timestamps.sentAt(A, 3)).isZero();
    }

    @Test
    void sentAt_sameProbeSentAgain_isTheLatestSend() {
        send(A, 1);
        send(A, 1);
        timestamps.arrived(new TransmitTimestamp(0, 111));
        timestamps.arrived(new TransmitTimestamp(1, 222));
        assertThat(timestamps.sentAt(A, 1)).isEqualTo(222);
    }
}
