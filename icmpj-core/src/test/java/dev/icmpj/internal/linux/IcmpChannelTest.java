package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcmpChannelTest {
    @Test
    void setOption_ttlAndTos_readBackWithGetsockopt() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpChannel channel = IcmpChannel.open(false, true)) {
            channel.setOption(IntOption.IP_TTL, 7);
            channel.setOption(IntOption.IP_TOS, 0x20);
            channel.setOption(IntOption.SO_RCVBUF, 65_536);
            assertThat(channel.getOption(IntOption.IP_TTL)).isEqualTo(7);
            assertThat(channel.getOption(IntOption.IP_TOS)).isEqualTo(0x20);
            assertThat(channel.getOption(IntOption.SO_RCVBUF)).isEqualTo(2 * 65_536);
            channel.setOption(IntOption.IP_TTL, -1);
            assertThat(channel.getOption(IntOption.IP_TTL)).isEqualTo(64);
        }
    }

    @Test
    void setOption_invalidValue_throwsEinval() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpChannel channel = IcmpChannel.open(false, true)) {
            assertThatThrownBy(() -> channel.setOption(IntOption.IP_TTL, 300))
                    .isInstanceOf(ErrnoException.class)
                    .hasMessage("setsockopt(IP_TTL): Invalid argument (EINVAL)")
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EINVAL));
        }
    }

    @Test
    void await_nothingQueued_returnsZeroAfterTimeout() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpChannel channel = IcmpChannel.open(true, true)) {
            channel.installIdentifierFilter(0x4321);
            long start = System.nanoTime();
            assertThat(channel.await(20_000_000L)).isZero();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(19_000_000L);
            assertThat(channel.receive(false, 129, 0x4321, new CollectingSink()))
                    .isZero();
        }
    }

    @Test
    void anyCall_afterClose_failsWithEbadf() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        IcmpChannel channel = IcmpChannel.open(false, true);
        channel.close();
        channel.close();
        assertThat(channel.isClosed()).isTrue();
        assertThatThrownBy(() -> channel.await(0))
                .isInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EBADF));
        assertThatThrownBy(() -> channel.setOption(IntOption.IP_TTL, 3)).isInstanceOf(ErrnoException.class);
    }

    @Test
    void receive_pingSocketWithPendingIcmpError_returnsZeroAndErrorQueueHoldsIt() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip daddr 127.0.0.2 icmp type echo-request reject with icmp type host-unreachable")) {
            try (IcmpChannel channel = ns.call(() -> IcmpChannel.open(false, false))) {
                channel.setOption(IntOption.IP_RECVERR, 1);
                channel.setOption(IntOption.SO_TIMESTAMPNS, 1);
                int[] errnos = new int[1];
                channel.sendEchoBatch(
                        new byte[0],
                        8,
                        0,
                        1,
                        new int[] {1},
                        new int[] {0x7F000002},
                        new long[1],
                        new long[1],
                        errnos,
                        new long[2]);
                assertThat(errnos[0]).isEqualTo(Errno.EPERM);
                assertThat(channel.await(1_000_000_000L) & IcmpChannel.ERRORS_QUEUED)
                        .isNotZero();

                assertThat(channel.receive(false, 0, 0, new CollectingSink())).isZero();
                CollectingSink queued = new CollectingSink();
                assertThat(channel.receive(true, 0, 0, queued)).isEqualTo(1);
                List<ReceivedDatagram> errors = queued.datagrams;

                QueuedError error = errors.getFirst().error();
                assertThat(error.fromIcmp()).isTrue();
                assertThat(error.type()).isEqualTo(3);
                assertThat(error.code()).isEqualTo(1);
                assertThat(error.offender()).isEqualTo(InetAddress.getByName("127.0.0.2"));
                assertThat(errors.getFirst().peer()).isEqualTo(InetAddress.getByName("127.0.0.2"));
                assertThat(errors.getFirst().data()).hasSize(8);
                assertThat(errors.getFirst().receivedAtEpochNanos()).isPositive();
                assertThat(channel.await(0)).isZero();
            }
        }
    }
}
