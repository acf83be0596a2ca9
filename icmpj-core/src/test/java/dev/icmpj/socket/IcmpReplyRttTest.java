package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which clock {@link IcmpReply#rttNanos} trusts, with hand-made timestamps. */
class IcmpReplyRttTest {
    private static final InetAddress TARGET = InetAddress.ofLiteral("198.18.0.1");
    private static final long EPOCH = 1_795_000_000_000_000_000L;
    private static final long MONOTONIC = 5_000_000_000L;
    /** No timestamp: the field is 0. */
    private static final long NONE = Long.MIN_VALUE;
    /** The request: send clock read at EPOCH (realtime) and MONOTONIC (monotonic). */
    private static final SentRequest SENT =
            new SentRequest(IcmpRequest.of(TARGET, 7, 1, new byte[8]), 7, EPOCH, MONOTONIC);

    /**
     * A reply whose kernel transmit timestamp is {@code tx} ns after the send clock, kernel receive
     * timestamp {@code rx} ns after it, and that reached user space {@code user} ns after it (monotonic);
     * {@link #NONE} for a timestamp that is absent.
     */
    private static IcmpReply reply(long tx, long rx, long user) {
        EchoReply echo = new EchoReply(IcmpVersion.V4, 7, 1, new byte[8]);
        return new IcmpReply(
                TARGET,
                TARGET,
                7,
                1,
                16,
                64,
                new byte[8],
                echo,
                rx == NONE ? 0 : EPOCH + rx,
                MONOTONIC + user,
                tx == NONE ? 0 : EPOCH + tx);
    }

    @Test
    void rttNanos_consistentTransmitTimestamp_isKernelTxToRx() {
        IcmpReply reply = reply(9_000, 20_000, 40_000);
        assertThat(reply.rttClock(SENT)).isEqualTo(RttClock.KERNEL_TX_RX);
        assertThat(reply.rttNanos(SENT)).isEqualTo(11_000);
    }

    @Test
    void rttNanos_transmitAtTheSendClockOrAtTheReceive_isStillKernelTxToRx() {
        assertThat(reply(0, 20_000, 40_000).rttNanos(SENT)).isEqualTo(20_000);
        IcmpReply sameInstant = reply(20_000, 20_000, 40_000);
        assertThat(sameInstant.rttClock(SENT)).isEqualTo(RttClock.KERNEL_TX_RX);
        assertThat(sameInstant.rttNanos(SENT)).isZero();
    }

    @Test
    void rttNanos_transmitBeforeTheSendClock_fallsBackToKernelReceive() {
        // a timestamp of an earlier send: it cannot belong to this request
        IcmpReply reply = reply(-1, 20_000, 40_000);
        assertThat(reply.rttClock(SENT)).isEqualTo(RttClock.KERNEL_RECEIVE);
        assertThat(reply.rttNanos(SENT)).isEqualTo(20_000);
    }

    @Test
    void rttNanos_transmitAfterTheReceive_fallsBackToKernelReceive() {
        IcmpReply reply = reply(25_000, 20_000, 40_000);
        assertThat(reply.rttClock(SENT)).isEqualTo(RttClock.KERNEL_RECEIVE);
        assertThat(reply.rttNanos(SENT)).isEqualTo(20_000);
    }

    @Test
    void rttNanos_receiveLongAfterUserSpaceSawIt_fallsBackToMonotonic() {
        // the realtime clock stepped forward: neither kernel difference fits in the monotonic round trip
        IcmpReply reply = reply(10_000, 5_000_000, 40_000);
        assertThat(reply.rttClock(SENT)).isEqualTo(RttClock.MONOTONIC);
        assertThat(reply.rttNanos(SENT)).isEqualTo(40_000);
    }

    @Test
    void rttNanos_noTransmitTimestamp_isKernelReceive() {
        IcmpReply reply = reply(NONE, 20_000, 40_000);
        assertThat(reply.sentAtKernelEpochNanos()).isZero();
        assertThat(reply.rttClock(SENT)).isEqualTo(RttClock.KERNEL_RECEIVE);
        assertThat(reply.rttNanos(SENT)).isEqualTo(20_000);
    }

    @Test
    void rttNanos_transmitButNoReceiveTimestamp_isMonotonic() {
        IcmpReply reply = reply(9_000, NONE, 40_000);
        assertThat(reply.rttClock(SENT)).isEqualTo(RttClock.MONOTONIC);
        assertThat(reply.rttNanos(SENT)).isEqualTo(40_000);
    }

    @Test
    void rttNanos_requestWithoutSendClock_ignoresTheTransmitTimestamp() {
        SentRequest noClock = new SentRequest(SENT.request(), 7, 0, MONOTONIC);
        IcmpReply reply = reply(9_000, 20_000, 40_000);
        assertThat(reply.rttClock(noClock)).isEqualTo(RttClock.MONOTONIC);
        assertThat(reply.rttNanos(noClock)).isEqualTo(40_000);
    }

    @Test
    void rttNanos_userSpaceBeforeTheSend_isNeverNegative() {
        IcmpReply reply = reply(NONE, NONE, -10_000);
        assertThat(reply.rttNanos(SENT)).isZero();
    }

    @Test
    void constructor_withoutTransmitTimestamp_equalsTheFullOneWithZero() {
        IcmpReply old = new IcmpReply(
                TARGET,
                TARGET,
                7,
                1,
                16,
                64,
                new byte[8],
                new EchoReply(IcmpVersion.V4, 7, 1, new byte[8]),
                EPOCH,
                MONOTONIC);
        assertThat(old).isEqualTo(reply(NONE, 0, 0)).isNotEqualTo(reply(5, 0, 0));
    }
}
