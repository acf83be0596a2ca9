package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpSocket;
import java.util.List;

/**
 * An operation that runs as one loop on one thread and owns its sockets: it reads what arrived, decides
 * what timed out and sends what is due in {@link #runOnce}, and waits for its sockets in {@link #await}.
 * Nothing is handed between threads per probe and nothing needs a lock: a {@link LoopDriver} calls both
 * from one thread.
 */
public interface ProbeLoop extends Operation {

    /** What {@link #runOnce} returns when nothing is due at any time: only a message can wake the loop. */
    long NOTHING_DUE = Long.MAX_VALUE;

    /**
     * Runs what is due: reads everything queued, decides what timed out, sends what may be sent.
     *
     * @param now the engine's ticker
     * @return the ticker time when it must run again at the latest, or {@link #NOTHING_DUE}
     */
    long runOnce(long now);

    /**
     * Waits up to a time for messages on the loop's sockets, reading those that arrive.
     *
     * @param nanos how long at most; positive
     */
    void await(long nanos);

    /** True once the operation has ended; the driver stops calling it. */
    boolean isDone();

    /** The sockets the loop reads, opened for it alone. */
    List<IcmpSocket> sockets();
}
