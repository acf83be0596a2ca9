package dev.icmpj.socket;

import java.time.Duration;
import java.util.function.Consumer;

/** Reads what a kernel socket has queued through its one receive path, as lasting replies: for socket tests. */
final class Drain {

    private Drain() {}

    /**
     * Waits up to a timeout, then hands every message read to a sink.
     *
     * @param socket a socket {@link IcmpSocket#open} made
     * @param timeout how long to wait for the first message
     * @param sink receives each message
     * @return the number of messages handed on
     */
    static int drain(IcmpSocket socket, Duration timeout, Consumer<? super IcmpReply> sink) throws IcmpSocketException {
        int[] count = {0};
        ((KernelIcmpSocket) socket).receive(timeout.toNanos(), view -> {
            sink.accept(KernelIcmpSocket.replyOf(view));
            count[0]++;
        });
        return count[0];
    }
}
