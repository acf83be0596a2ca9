package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ping options iputils has and the kernel carries out, on the kernel's sockets: the firewall mark as an
 * nftables rule sees it, a local reject rule's refusals as the listener hears them, the clocks of the round trip,
 * and a flood's window on loopback. Root only.
 */
@Timeout(60)
class PingerOptionsKernelTest {

    private static final Pattern PACKETS = Pattern.compile("counter packets (\\d+)");

    @ParameterizedTest
    @EnumSource(
            value = Privilege.class,
            names = {"PRIVILEGED", "UNPRIVILEGED"})
    void ping_mark_everyRequestCarriesItAsNftablesCountsIt(Privilege privilege) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule("meta mark 0x2a icmp type echo-request counter")) {
            PingOptions marked = PingOptions.builder()
                    .count(3)
                    .interval(Duration.ofMillis(10))
                    .privilege(privilege)
                    .mark(42)
                    .build();

            Host host = ns.call(() -> {
                try (Pinger pinger = Pinger.create()) {
                    Host withMark = pinger.ping("127.0.0.1", marked);
                    // the same without the mark: not counted
                    pinger.ping("127.0.0.1", marked.toBuilder().count(2).mark(7).build());
                    return withMark;
                }
            });

            assertThat(host.packetsReceived()).isEqualTo(3);
            assertThat(counted(ns)).isEqualTo(3);
        }
    }

    private static long counted(NetworkNamespace ns) {
        Matcher m = PACKETS.matcher(ns.exec("nft", "list chain inet icmpjt out"));
        assertThat(m.find()).as("the rule's counter").isTrue();
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @EnumSource(
            value = Privilege.class,
            names = {"PRIVILEGED", "UNPRIVILEGED"})
    void ping_localRejectRule_eachRequestRefusedThenDecidedByTheRulesError(Privilege privilege) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule("icmp type echo-request reject")) {
            List<String> events = new CopyOnWriteArrayList<>();
            PingListener listener = new PingListener() {
                @Override
                public void onSent(InetAddress address, int sequence, long sentAtNanos) {
                    events.add("sent " + sequence);
                }

                @Override
                public void onSendFailed(InetAddress address, int sequence, IcmpSocketException cause) {
                    events.add("refused " + sequence + " errno " + cause.errno().orElse(-1));
                }

                @Override
                public void onError(InetAddress address, Reply error) {
                    events.add("error " + error.sequence() + " "
                            + error.message().type() + "/" + error.message().code());
                }
            };
            PingOptions options = PingOptions.builder()
                    .count(2)
                    .interval(Duration.ofMillis(50))
                    .timeout(Duration.ofSeconds(2))
                    .privilege(privilege)
                    .build();

            Host host = ns.call(() -> {
                try (Pinger pinger = Pinger.create()) {
                    return pinger.ping("127.0.0.1", options, listener);
                }
            });

            // iputils: "From 127.0.0.1 icmp_seq=1 Destination Port Unreachable", "ping: sendmsg: Operation not
            // permitted", and "2 packets transmitted, 0 received, +2 errors"
            assertThat(host.packetsSent()).isEqualTo(2);
            assertThat(host.errors()).isEqualTo(2);
            assertThat(events)
                    .containsExactly(
                            "sent 1", "refused 1 errno 1", "error 1 3/3", "sent 2", "refused 2 errno 1", "error 2 3/3");
        }
    }

    @Test
    void ping_rttClockMonotonic_everyReplyMeasuredInUserSpace() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        try (Pinger pinger = Pinger.create()) {
            PingOptions options = PingOptions.builder()
                    .count(5)
                    .interval(Duration.ofMillis(5))
                    .build();
            Host user = pinger.ping(
                    "127.0.0.1",
                    options.toBuilder().rttClock(RttClock.MONOTONIC).build());
            Host kernel = pinger.ping("127.0.0.1", options);

            assertThat(user.replies()).hasSize(5).extracting(Reply::clock).containsOnly(RttClock.MONOTONIC);
            // with the kernel's timestamps, at least some are measured by them (a clock step may fall back)
            assertThat(kernel.replies())
                    .hasSize(5)
                    .extracting(Reply::clock)
                    .isNotEqualTo(List.of(
                            RttClock.MONOTONIC,
                            RttClock.MONOTONIC,
                            RttClock.MONOTONIC,
                            RttClock.MONOTONIC,
                            RttClock.MONOTONIC));
        }
    }

    @Test
    void flood_onLoopback_iputilsPipe() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        try (Pinger pinger = Pinger.create()) {
            PipeListener one = new PipeListener();
            PipeListener five = new PipeListener();
            Host a = pinger.ping(
                    "127.0.0.1", PingOptions.builder().flood(true).count(2000).build(), one);
            Host b = pinger.ping(
                    "127.0.0.1",
                    PingOptions.builder().flood(true).preload(5).count(2000).build(),
                    five);

            assertThat(a.packetsReceived()).isEqualTo(2000);
            assertThat(b.packetsReceived()).isEqualTo(2000);
            System.out.printf("flood on loopback: pipe %d with preload 1, %d with preload 5%n", one.pipe, five.pipe);
            // iputils prints no pipe (1) or pipe 2 for -f, pipe 5 for -f -l 5; a second one is out only when a
            // reply took more than 10 ms (a loaded machine's late softirq), which the bound leaves room for
            assertThat(one.pipe).isBetween(1, 3);
            assertThat(five.pipe).isBetween(5, 7);
        }
    }

    /** iputils' pipe: the most requests sent up to an answer, counted back to the request it answers. */
    private static final class PipeListener implements PingListener {
        private final Map<Integer, Integer> order = new ConcurrentHashMap<>();
        private int sent;
        private volatile int pipe;

        @Override
        public void onSent(InetAddress address, int sequence, long sentAtNanos) {
            order.put(sequence, ++sent);
        }

        @Override
        public void onReply(InetAddress address, Reply reply) {
            pipe = Math.max(pipe, sent - order.get(reply.sequence()) + 1);
        }
    }
}
