package dev.icmpj.testing;

import dev.icmpj.Prober;
import dev.icmpj.ProberListener;
import dev.icmpj.Reply;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A prober's listener that counts each call per target and event, as a metrics exporter does: "sent", "reply",
 * "loss", "late", "duplicate", "sendFailed", and for an ICMP error both "error" and "error TYPE/CODE". It keeps
 * the send lags, the sockets reported and the failure, if any. Subclasses add checks by overriding a call and
 * calling it on.
 *
 * <p>Thread-safe: the prober calls it from its loop, a test reads it from its own thread.
 */
public class ProberEventCounts implements ProberListener {
    private final Map<String, AtomicInteger> byEvent = new ConcurrentHashMap<>();
    private final List<Long> lags = new CopyOnWriteArrayList<>();
    private final List<String> sockets = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private volatile Prober prober;

    /** The prober, for a listener that calls it back; null until {@link #prober(Prober)}. */
    public Prober prober() {
        return prober;
    }

    /**
     * Sets the prober this listener hears, for a subclass that calls it back.
     *
     * @param prober the prober
     */
    public void prober(Prober prober) {
        this.prober = prober;
    }

    /** How often a target heard an event; 0 when never. */
    public int get(int target, String event) {
        AtomicInteger n = byEvent.get(target + " " + event);
        return n == null ? 0 : n.get();
    }

    /** How often any target heard an event. */
    public int total(String event) {
        return byEvent.entrySet().stream()
                .filter(e -> e.getKey().endsWith(" " + event))
                .mapToInt(e -> e.getValue().get())
                .sum();
    }

    /** Every count of a target, by event, sorted. */
    public Map<String, Integer> of(int target) {
        Map<String, Integer> counts = new TreeMap<>();
        byEvent.forEach((key, value) -> {
            if (key.startsWith(target + " ")) {
                counts.put(key.substring(key.indexOf(' ') + 1), value.get());
            }
        });
        return counts;
    }

    /** Every event any target heard, as "TARGET EVENT". */
    public List<String> events() {
        return List.copyOf(byEvent.keySet());
    }

    /** The send lags of every request, in the order sent. */
    public List<Long> lags() {
        return lags;
    }

    /** The sockets reported, as "FAMILY PRIVILEGE". */
    public List<String> sockets() {
        return sockets;
    }

    /** The prober's failure, if it failed. */
    public List<Throwable> failures() {
        return failures;
    }

    private void count(int target, String event) {
        byEvent.computeIfAbsent(target + " " + event, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onSocket(Family family, Privilege privilege) {
        sockets.add(family + " " + privilege);
    }

    @Override
    public void onSent(int target, int sequence, long lagNanos) {
        count(target, "sent");
        lags.add(lagNanos);
    }

    @Override
    public void onReply(int target, Reply reply) {
        count(target, "reply");
    }

    @Override
    public void onError(int target, Reply error) {
        count(target, "error");
        count(target, "error " + error.message().type() + "/" + error.message().code());
    }

    @Override
    public void onLoss(int target, int sequence) {
        count(target, "loss");
    }

    @Override
    public void onLate(int target, Reply reply) {
        count(target, "late");
    }

    @Override
    public void onDuplicate(int target, Reply reply) {
        count(target, "duplicate");
    }

    @Override
    public void onSendFailed(int target, IcmpSocketException cause) {
        count(target, "sendFailed");
    }

    @Override
    public void onFailed(Throwable cause) {
        failures.add(cause);
    }
}
