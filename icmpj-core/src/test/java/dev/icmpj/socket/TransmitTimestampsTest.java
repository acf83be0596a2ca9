package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.linux.TransmitTimestamp;
import dev.icmpj.internal.transport.AddressBits;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Key bookkeeping of {@link TransmitTimestamps}, without a socket. */
class TransmitTimestampsTest {
    private static final InetAddress A = InetAddress.ofLiteral("198.18.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("198.18.0.2");

    private final TransmitTimestamps timestamps = new TransmitTimestamps();

    private void send(InetAddress destination, int sequence) {
        timestamps.expect(AddressBits.highOf(destination), AddressBits.lowOf(destination), sequence);
        timestamps.sent();
    }

    private long sentAt(InetAddress destination, int sequence) {
        return timestamps.sentAt(AddressBits.highOf(destination), AddressBits.lowOf(destination), sequence);
    }

    @Test
    void arrived_keysInSendOrder_goToTheirRequests() {
        send(A, 1);
        send(B, 1);
        timestamps.arrived(new TransmitTimestamp(1, 222));
        timestamps.arrived(new TransmitTimestamp(0, 111));
        assertThat(sentAt(A, 1)).isEqualTo(111);
        assertThat(sentAt(B, 1)).isEqualTo(222);
        assertThat(sentAt(A, 2)).isZero();
    }

    @Test
    void arrived_unknownOrEvictedKey_isIgnored() {
        send(A, 1);
        timestamps.arrived(new TransmitTimestamp(TransmitTimestamps.CAPACITY, 999));
        assertThat(sentAt(A, 1)).isZero();
        for (int i = 1; i <= TransmitTimestamps.CAPACITY; i++) {
            send(B, i & 0xFFFF);
        }
        timestamps.arrived(new TransmitTimestamp(0, 111));
        assertThat(sentAt(A, 1)).isZero();
        timestamps.arrived(new TransmitTimestamp(TransmitTimestamps.CAPACITY, 333));
        assertThat(sentAt(B, TransmitTimestamps.CAPACITY)).isEqualTo(333);
    }

    @Test
    void withdrawn_aSendThatUsedNoKey_theNextSendTakesItAndEarlierKeysStay() {
        send(A, 1);
        timestamps.expect(AddressBits.highOf(A), AddressBits.lowOf(A), 2); // refused before the kernel kept a key
        timestamps.withdrawn();
        send(A, 2); // the retry
        send(A, 3);
        timestamps.arrived(new TransmitTimestamp(0, 111));
        timestamps.arrived(new TransmitTimestamp(1, 222));
        timestamps.arrived(new TransmitTimestamp(2, 333));
        assertThat(sentAt(A, 1)).isEqualTo(111);
        assertThat(sentAt(A, 2)).isEqualTo(222);
        assertThat(sentAt(A, 3)).isEqualTo(333);
    }

    @Test
    void withdrawn_aRequestTriedAgainAndAgain_anEarlierSendWithItsSequenceIsStillFound() {
        // a retry announces the request anew in the slot its failed try took: the sequence's chain must
        // still lead past it to the send to another destination with the same sequence number
        send(A, 7);
        for (int attempt = 0; attempt < 3; attempt++) {
            timestamps.expect(AddressBits.highOf(B), AddressBits.lowOf(B), 7); // failed with a pending ICMP error
            timestamps.withdrawn();
        }
        send(B, 7);
        timestamps.arrived(new TransmitTimestamp(0, 111));
        timestamps.arrived(new TransmitTimestamp(1, 222));
        assertThat(sentAt(B, 7)).isEqualTo(222);
        assertThat(sentAt(A, 7)).isEqualTo(111);
    }

    @Test
    void withdrawn_aBatchPartlySent_theRequestsThatLeftAndEarlierOnesAreFound() {
        send(A, 7);
        timestamps.expect(AddressBits.highOf(B), AddressBits.lowOf(B), 7);
        timestamps.expect(AddressBits.highOf(A), AddressBits.lowOf(A), 8);
        timestamps.withdrawn(); // B failed: the sender announces again what left, then B alone
        timestamps.expect(AddressBits.highOf(A), AddressBits.lowOf(A), 8);
        timestamps.sent();
        send(B, 7);
        timestamps.arrived(new TransmitTimestamp(0, 111));
        timestamps.arrived(new TransmitTimestamp(1, 222));
        timestamps.arrived(new TransmitTimestamp(2, 333));
        assertThat(sentAt(A, 7)).isEqualTo(111);
        assertThat(sentAt(A, 8)).isEqualTo(222);
        assertThat(sentAt(B, 7)).isEqualTo(333);
    }

    @Test
    void restarted_keysCountFromZeroAgain() {
        send(A, 1);
        send(A, 2);
        timestamps.expect(AddressBits.highOf(A), AddressBits.lowOf(A), 3); // sendto failed
        timestamps.restarted();
        send(A, 4);
        timestamps.arrived(new TransmitTimestamp(0, 444));
        assertThat(sentAt(A, 4)).isEqualTo(444);
        assertThat(sentAt(A, 1)).isZero();
        assertThat(sentAt(A, 3)).isZero();
    }

    @Test
    void sentAt_sameProbeSentAgain_isTheLatestSend() {
        send(A, 1);
        send(A, 1);
        timestamps.arrived(new TransmitTimestamp(0, 111));
        timestamps.arrived(new TransmitTimestamp(1, 222));
        assertThat(sentAt(A, 1)).isEqualTo(222);
    }

    @Test
    void sentAt_manyDestinationsWithOneSequence_eachFindsItsOwn() {
        // a sweep with transmit timestamps: the same sequence number to many targets in flight at once
        InetAddress[] targets = new InetAddress[50];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = InetAddress.ofLiteral("198.18.1." + i);
            send(targets[i], 7);
        }
        for (int i = 0; i < targets.length; i++) {
            timestamps.arrived(new TransmitTimestamp(i, 1000 + i));
        }
        for (int i = 0; i < targets.length; i++) {
            assertThat(sentAt(targets[i], 7)).as("target %d", i).isEqualTo(1000 + i);
        }
        assertThat(sentAt(InetAddress.ofLiteral("198.18.2.1"), 7)).isZero();
    }
}
