package dev.icmpj;

import dev.icmpj.internal.engine.PingEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.socket.EchoBatch;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.ReplyHandler;
import dev.icmpj.socket.SocketUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What every operation on a {@link ProbeLoop} shares (a sweep, a flood, a trace): its future, its end and
 * failure, reading what is queued, and sending a batch.
 *
 * <p>Thread-safety: the loop methods run on the driver's one thread; {@link #fail} may come from any thread.
 *
 * @param <T> the result
 */
abstract class LoopRun<T> implements ProbeLoop, ReplyHandler {

    /** Receive calls one run makes before it goes on with what it has (each reads up to 2,048 messages). */
    private static final int RECEIVES_PER_RUN = 8;

    final PingEngine engine;
    final CompletableFuture<T> future = new CompletableFuture<>();
    private volatile Throwable failure;
    private volatile boolean done;

    LoopRun(PingEngine engine) {
        this.engine = engine;
    }

    CompletableFuture<T> future() {
        return future;
    }

    /** Records the operation with the engine and starts the loop; fails at once when the engine is closed. */
    void start() {
        if (!engine.begin(this, null)) {
            fail(engine.closedException());
            return;
        }
        engine.start(this);
    }

    @Override
    public final boolean isDone() {
        return done;
    }

    @Override
    public final long runOnce(long now) {
        if (done) {
            return NOTHING_DUE;
        }
        if (failure != null || future.isDone()) {
            end();
            return NOTHING_DUE;
        }
        try {
            long next = step(now);
            return done ? NOTHING_DUE : next;
        } catch (IcmpSocketException e) {
            fail(e);
            end();
            return NOTHING_DUE;
        }
    }

    /**
     * Runs what is due, as {@link #runOnce} describes, while the operation goes on.
     *
     * @param now the engine's ticker
     * @return when to run again at the latest
     * @throws IcmpSocketException when a socket fails; the operation fails with it
     */
    abstract long step(long now) throws IcmpSocketException;

    @Override
    public void await(long nanos) {
        try {
            sockets().getFirst().receive(Duration.ofNanos(nanos), this);
        } catch (IcmpSocketException e) {
            fail(e);
        }
    }

    /**
     * Reads what is queued on a socket, without waiting, a bounded amount.
     *
     * @param socket the socket
     * @return true when it was read empty: every message queued before this call has been handled
     * @throws IcmpSocketException when receiving fails
     */
    final boolean receiveQueued(IcmpSocket socket) throws IcmpSocketException {
        for (int calls = 0; !done && socket.receive(Duration.ZERO, this) > 0; ) {
            if (++calls == RECEIVES_PER_RUN) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a batch; when the socket was closed because the operation failed, that failure is what is thrown.
     *
     * @param socket the socket
     * @param batch the requests
     * @throws IcmpSocketException when sending fails for the socket as a whole
     */
    final void send(IcmpSocket socket, EchoBatch batch) throws IcmpSocketException {
        try {
            socket.send(batch);
        } catch (SocketUnavailableException e) {
            Throwable cause = failure;
            throw cause instanceof IcmpSocketException known ? known : e;
        }
    }

    /** Ends the operation with its result: done, sockets closed, then the future completes. */
    final void complete(T result) {
        end();
        engine.complete(future, result);
    }

    @Override
    public final void fail(Throwable cause) {
        if (done && failure == null) {
            // finished: its result is on its way, and its own closing of the sockets is no failure
            return;
        }
        if (failure == null) {
            failure = cause;
        }
        // completes at once, also when the loop thread is blocked; the loop ends at its next step
        future.completeExceptionally(cause);
        closeSockets();
    }

    /** Marks the operation done, lets it forget what it holds, closes its sockets; on the loop's thread. */
    final void end() {
        if (done) {
            return;
        }
        done = true;
        ended();
        closeSockets();
        engine.ended(this);
    }

    /** Forgets what the operation holds, when it ends; nothing by default. */
    void ended() {}

    private void closeSockets() {
        for (IcmpSocket socket : sockets()) {
            socket.close();
        }
    }
}
