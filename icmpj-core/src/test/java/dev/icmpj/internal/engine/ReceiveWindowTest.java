package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
    void costOf_growsWithPayload() {
        assertThat(ReceiveWindow.costOf(56))
                .isEqualTo(
                        ReceiveWindow.PER_REPLY_OVERHEAD_BYTES + 48 + 56 + ReceiveWindow.PER_TRANSMIT_TIMESTAMP_BYTES);
        assertThat(ReceiveWindow.costOf(1000) - ReceiveWindow.costOf(0)).isEqualTo(1000);
    }

    @Test
    void grantedBytes_atLeastTheKernelDefaultDoubled() {
        assertThat(ReceiveWindow.grantedBytes(4 << 20)).isBetween(2L * 4096, 2L * (4 << 20));
    }
}
