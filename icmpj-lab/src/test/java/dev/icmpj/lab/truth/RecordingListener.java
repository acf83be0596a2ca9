package dev.icmpj.lab.truth;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.Reply;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PingListener} that records every call, when each request left and when the ping completed (both
 * {@link System#nanoTime()}, the clock of the peer's records).
 */
final class RecordingListener implements PingListener {
    /** Sequence number to the time read right before its {@code sendto}. */
    final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();

    final List<Reply> replies = Collections.synchronizedList(new ArrayList<>());
    final List<Reply> duplicates = Collections.synchronizedList(new ArrayList<>());
    final List<Reply> errors = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> losses = Collections.synchronizedList(new ArrayList<>());
    volatile long completedNanos;

    @Override
    public void onSent(InetAddress address, int sequence, long sentAtNanos) {
        sentAt.put(sequence, sentAtNanos);
    }

    @Override
    public void onReply(InetAddress address, Reply reply) {
        replies.add(reply);
    }

    @Override
    public void onDuplicate(InetAddress address, Reply reply) {
        duplicates.add(reply);
    }

    @Override
    public void onError(InetAddress address, Reply error) {
        errors.add(error);
    }

    @Override
    public void onLoss(InetAddress address, int sequence) {
        losses.add(sequence);
    }

    @Override
    public void onComplete(Host host) {
        completedNanos = System.nanoTime();
    }
}
