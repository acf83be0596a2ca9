package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.testing.NetworkTests;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-flight budget's estimate of a reply's kernel memory, against the kernel itself. */
class ReceiveBudgetTest {

    @Test
    void costOf_asManyRequestsAsTheBudgetAdmits_fitInTheKernelsBufferAndThreeTimesAsManyDoNot() throws Exception {
        // nothing read while the replies queue up
        NetworkTests.requireRoot("a raw ICMP socket");
        int requested = 64 << 10;
        int admitted = (int) (ReceiveBudget.grantedBytes(requested) / ReceiveBudget.costOf(56, true));

        assertThat(repliesQueuedFor(admitted, requested))
                .as("%d admitted", admitted)
                .isEqualTo(admitted);
        assertThat(repliesQueuedFor(3 * admitted, requested))
                .as("the buffer is what limits")
                .isLessThan(3 * admitted);
    }

    @Test
    void costOf_transmitTimestampsCostAsMuchAgainAsTheReply() {
        assertThat(ReceiveBudget.costOf(56, true) - ReceiveBudget.costOf(56, false))
                .isEqualTo(ReceiveBudget.PER_TRANSMIT_TIMESTAMP_BYTES);
        assertThat(ReceiveBudget.costOf(1000, false) - ReceiveBudget.costOf(56, false))
                .isEqualTo(944);
    }

    /** Sends requests to loopback without reading, each alone, then counts the replies the kernel kept. */
    private static int repliesQueuedFor(int requests, int receiveBuffer) throws Exception {
        try (ProbeSocket socket = SocketFactory.KERNEL.open(SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .receiveBufferSize(receiveBuffer)
                .build())) {
            EchoBatch batch = new EchoBatch(false).carrying(new byte[56], 0, -1, -1);
            for (int i = 0; i < requests; i++) {
                batch.add(0, 0x7F000001L, i);
                socket.send(batch);
                batch.clear();
            }
            AtomicInteger replies = new AtomicInteger();
            while (true) {
                int before = replies.get();
                socket.receive(500_000_000L, reply -> {
                    if (reply.isEcho()) {
                        replies.incrementAndGet();
                    }
                });
                if (replies.get() == before) {
                    // nothing more arrives
                    return replies.get();
                }
            }
        }
    }
}
