package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReceiveWindowTest {

    @Test
    void tryAcquire_untilFull_thenQueuesRetriesInOrder() {
        ReceiveWindow window = new ReceiveWindow(250);
        List<String> resumed = new ArrayList<>();

        assertThat(window.tryAcquire(100, () -> resumed.add("never"))).isTrue();
        assertThat(window.tryAcquire(100, () -> resumed.add("never"))).isTrue();
        assertThat(window.tryAcquire(100, () -> resumed.add("first"))).isFalse();
        assertThat(window.tryAcquire(100, () -> resumed.add("second"))).isFalse();
        assertThat(window.usedBytes()).isEqualTo(200);
        assertThat(window.waiting()).isEqualTo(2);

        window.release(100);
        assertThat(resumed).containsExactly("first");
        window.wakeNext();
        assertThat(resumed).containsExactly("first", "second");
        assertThat(window.usedBytes()).isEqualTo(100);
        assertThat(window.waiting()).isZero();
    }

    @Test
    void tryAcquire_emptyWindowAndOversizedReply_fits() {
        ReceiveWindow window = new ReceiveWindow(10);
        assertThat(window.tryAcquire(1_000, () -> {})).isTrue();
        assertThat(window.tryAcquire(1, () -> {})).isFalse();
    }

    @Test
    void costOf_asManyRequestsAsTheWindowAdmits_fitInTheKernelsBufferAndThreeTimesAsManyDoNot() throws Exception {
        // the estimate against the kernel itself: nothing read while the replies queue up
        NetworkTests.requireRoot("a raw ICMP socket");
        int requested = 64 << 10;
        int admitted = (int) (ReceiveWindow.grantedBytes(requested) / ReceiveWindow.costOf(56));

        assertThat(repliesQueuedFor(admitted, requested))
                .as("%d admitted", admitted)
                .isEqualTo(admitted);
        assertThat(repliesQueuedFor(3 * admitted, requested))
                .as("the buffer is what limits")
                .isLessThan(3 * admitted);
    }

    /** Sends requests to loopback without reading, then counts the replies the kernel kept. */
    private static int repliesQueuedFor(int requests, int receiveBuffer) throws Exception {
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        try (IcmpSocket socket = IcmpSocket.open(SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .receiveBufferSize(receiveBuffer)
                .build())) {
            for (int i = 0; i < requests; i++) {
                socket.send(IcmpRequest.of(loopback, socket.identifier(), i, new byte[56]));
            }
            AtomicInteger replies = new AtomicInteger();
            while (socket.drain(Duration.ofMillis(500), r -> {
                        if (r.isEchoReply()) {
                            replies.incrementAndGet();
                        }
                    })
                    > 0) {
                // until nothing more arrives
            }
            return replies.get();
        }
    }
}
