package dev.icmpj.internal.engine;

import dev.icmpj.internal.transport.ReplyView;
import java.io.IOException;

/**
 * An operation on a {@link ProbeLoop}: a policy (a ping, a flood, a sweep, a trace, a prober) that decides
 * what to send and when, and what each probe's fate means. The loop does the rest, the same way for every
 * operation: it sends the probes the policy stages, matches every reply and ICMP error to its probe (one
 * verification for all), decides each probe once (answered, errored, or lost at its deadline once everything
 * that arrived by then has been read) and tells the policy.
 *
 * <p>Every method runs on the loop's thread: nothing in an operation needs a lock for the loop's sake. A
 * callback must return quickly; it may stage nothing (staging happens in {@link #run}) but may ask to run
 * again ({@link ProbeLoop#wake}) and may end the operation ({@link ProbeLoop#finish}).
 */
public abstract class Operation {

    /** How long a probe waits for its answer: its deadline is its send clock plus this. */
    final long timeoutNanos;
    /** How long a decided probe stays matchable after its deadline, for late replies and duplicates; 0 frees it then. */
    final long lingerNanos;
    /** The probes in flight, in send order with their deadlines, and those kept after it with their ends. */
    final SlotQueue inFlight = new SlotQueue();

    final SlotQueue lingering = new SlotQueue();
    /** When the loop runs this operation next, and its place in the loop's queue (-1: not queued). */
    long due;

    int queueIndex = -1;
    /** Set by {@link ProbeLoop#wake} while the operation runs: it runs again at once. */
    boolean woken;

    boolean finished;
    volatile ProbeLoop loop;

    /**
     * Creates an operation.
     *
     * @param timeoutNanos how long each probe waits for its answer
     * @param lingerNanos how long a decided probe stays matchable after its deadline (0: not at all)
     */
    protected Operation(long timeoutNanos, long lingerNanos) {
        this.timeoutNanos = timeoutNanos;
        this.lingerNanos = lingerNanos;
    }

    /** The loop this operation runs on, once started. */
    protected final ProbeLoop loop() {
        return loop;
    }

    /** True once the operation ended (finished or failed). */
    protected final boolean isFinished() {
        return finished;
    }

    /**
     * Runs what is due: stages the probes that may leave now ({@link ProbeLoop#stage}).
     *
     * @param now the loop's ticker
     * @return the ticker time when it must run again at the latest (the loop also runs it for its
     *     deadlines), or {@link ProbeLoop#NOTHING_DUE}
     * @throws IOException when a send fails for the socket as a whole: the loop ends with it
     */
    protected abstract long run(long now) throws IOException;

    /**
     * A probe left.
     *
     * @param probe the probe
     */
    protected void onSent(int probe) {}

    /**
     * A probe could not leave (no route, a firewall's reject, ...); it is freed.
     *
     * @param tag the operation's tag of the probe
     * @param sequence its sequence number
     * @param cause why
     */
    protected void onSendFailed(int tag, int sequence, IOException cause) {}

    /**
     * The kernel refused a probe that still counts as sent and stays in flight (a local firewall rule's
     * {@code EPERM}; a reject rule's ICMP error may still decide it); called right after {@link #onSent}.
     *
     * @param probe the probe
     * @param refusal the kernel's answer
     */
    protected void onSendRefused(int probe, IOException refusal) {}

    /**
     * A probe was answered in time.
     *
     * @param probe the probe
     * @param reply the echo reply, valid during this call
     * @param rttNanos its round trip
     */
    protected void onReply(int probe, ReplyView reply, long rttNanos) {}

    /**
     * A further echo reply to an answered probe, in time or late (a broadcast's other responders come this way
     * too).
     *
     * @param probe the probe
     * @param reply the copy, valid during this call
     * @param rttNanos its round trip
     */
    protected void onDuplicate(int probe, ReplyView reply, long rttNanos) {}

    /**
     * An ICMP error quoting a probe decided it.
     *
     * @param probe the probe
     * @param error the error, valid during this call
     * @param rttNanos from the probe's send to the error
     */
    protected void onError(int probe, ReplyView error, long rttNanos) {}

    /**
     * A probe was not answered by its deadline (or only after it).
     *
     * @param probe the probe
     */
    protected void onLoss(int probe) {}

    /**
     * The first echo reply came for a probe already lost; further copies are {@link #onDuplicate}.
     *
     * @param probe the probe
     * @param reply the reply, valid during this call
     * @param rttNanos its round trip
     */
    protected void onLate(int probe, ReplyView reply, long rttNanos) {}

    /**
     * The loop ended under this operation (its socket failed, the engine closed, a bug): it must fail. Called
     * once; no other call follows.
     *
     * @param cause why
     */
    protected abstract void onFailed(Throwable cause);
}
