package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SentRequest;
import dev.icmpj.socket.SocketUnavailableException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * A socket shared by every ping with the same {@link SocketKey}, with its {@link ReplyMatcher}, its receive
 * window and its {@link ProbeScheduler}: one {@link ProbeLoop} that reads what arrived and hands each matching
 * message to the ping it answers, then runs the pings' sends and expiries that are due, and sleeps in the
 * socket until the next one or a message. Sends, replies and expiries of all its pings run on that one thread
 * (the engine's {@link LoopDriver}'s), with no hand-off per request; a ping started from another thread
 * schedules its first send there, which wakes the loop ({@link IcmpSocket#wakeup()}).
 *
 * <p>Thread-safe.
 */
public final class SharedSocket implements ProbeLoop, AutoCloseable {

    /** How soon a loss decision that found {@link #drainedSince} false should try again. */
    public static final long DRAIN_RECHECK_NANOS = 1_000_000;

    private final IcmpSocket socket;
    private final List<IcmpSocket> sockets;
    private final Ticker ticker;
    private final ReplyMatcher matcher = new ReplyMatcher();
    private final ProbeScheduler scheduler;
    private final BiConsumer<SharedSocket, IcmpSocketException> onFailure;
    /** Every message queued before this ticker time has been read and dispatched. */
    private volatile long drainedFrom = Long.MIN_VALUE;

    private final ReceiveWindow window;
    /** The thread inside {@link #runOnce} now, or null: a task it schedules needs no wakeup. */
    private volatile Thread running;

    private volatile boolean done;
    /** Why receiving stopped, when it failed; set before the socket is closed for it. */
    private volatile IcmpSocketException receiveFailure;

    /**
     * Wraps an open socket; the engine starts its loop.
     *
     * @param socket the socket, owned from now on
     * @param ticker the engine's clock
     * @param receiveBufferBytes the receive buffer the kernel is estimated to grant it
     * @param onFailure told once when receiving fails for another reason than closing
     */
    SharedSocket(
            IcmpSocket socket,
            Ticker ticker,
            long receiveBufferBytes,
            BiConsumer<SharedSocket, IcmpSocketException> onFailure) {
        this.socket = socket;
        this.sockets = List.of(socket);
        this.ticker = ticker;
        this.window = new ReceiveWindow(receiveBufferBytes);
        this.onFailure = onFailure;
        this.scheduler = new ProbeScheduler(ticker, this::wakeUnlessRunning);
    }

    /** Why receiving failed, once it did; null while it works or after a mere close. */
    public IcmpSocketException failure() {
        return receiveFailure;
    }

    /** The sends and expiries of this socket's pings, run by its loop. */
    public ProbeScheduler scheduler() {
        return scheduler;
    }

    /**
     * Allocates a sequence number for a request to a destination and registers the probe built for it.
     *
     * @param destination where the request goes
     * @param probeFor builds the probe for the allocated sequence
     * @return the registered probe
     * @throws IcmpSocketException when all 65,536 sequence numbers are in flight to that destination
     */
    public Probe register(InetAddress destination, IntFunction<Probe> probeFor) throws IcmpSocketException {
        return matcher.register(destination, probeFor);
    }

    /**
     * Forgets a probe: later messages for it are strays.
     *
     * @param probe the probe, if still registered
     */
    public void remove(Probe probe) {
        matcher.remove(probe);
    }

    /** The flow control of this socket's receive buffer. */
    public ReceiveWindow window() {
        return window;
    }

    /**
     * Tells whether every message that reached this socket before a time has been read and handed to its
     * owner: only then may a request whose deadline that is be called lost. A loop that falls behind (a busy
     * machine, a cold JVM) leaves replies that arrived in time unread in the kernel's queue; deciding at the
     * deadline alone would report them as lost. The loop reads what is queued before it runs the expiries due,
     * so this holds for them unless the ticker moved on in between.
     *
     * @param ticker a time of the engine's ticker
     * @return true once a drain that began at or after it has ended
     */
    public boolean drainedSince(long ticker) {
        return drainedFrom - ticker >= 0;
    }

    /** The datagrams the kernel dropped at this socket's full receive buffer so far ({@code SO_MEMINFO}). */
    public long kernelDrops() {
        return socket.kernelDrops();
    }

    /** The echo identifier of this socket. */
    public int identifier() {
        return socket.identifier();
    }

    /**
     * Sends a request. Linux reports an ICMP error that arrived for an earlier request (any ping's: the socket
     * is shared) as the error of the next {@code sendto}, which then sends nothing; the error itself waits in
     * the error queue for its own request. So a failed send is tried once more before it counts.
     */
    public SentRequest send(IcmpRequest request) throws IcmpSocketException {
        try {
            try {
                return socket.send(request);
            } catch (SocketUnavailableException e) {
                throw e;
            } catch (IcmpSocketException pendingErrorOfAnEarlierRequest) {
                return socket.send(request);
            }
        } catch (SocketUnavailableException closed) {
            // closed because receiving failed: that failure is what the ping must report, not the closure
            IcmpSocketException cause = receiveFailure;
            throw cause != null ? cause : closed;
        }
    }

    @Override
    public long runOnce(long now) {
        if (done) {
            return NOTHING_DUE;
        }
        running = Thread.currentThread();
        try {
            // everything queued first, so that an expiry due now decides on every reply that came in time
            read(Duration.ZERO);
            scheduler.runDue();
        } finally {
            running = null;
        }
        return done ? NOTHING_DUE : scheduler.nextDeadline();
    }

    @Override
    public void await(long nanos) {
        if (!done) {
            read(Duration.ofNanos(nanos));
        }
    }

    /** Reads what arrives within a time (what is queued, for zero) and dispatches it; ends the loop on failure. */
    private void read(Duration wait) {
        try {
            long start = ticker.read();
            socket.drain(wait, this::dispatch);
            drainedFrom = start;
        } catch (SocketUnavailableException closed) {
            done = true;
        } catch (IcmpSocketException e) {
            failReceiving(e);
        }
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public List<IcmpSocket> sockets() {
        return sockets;
    }

    /** The loop failed on a bug its driver caught: the pings on this socket fail with it. */
    @Override
    public void fail(Throwable cause) {
        IcmpSocketException failure = new IcmpSocketException("receiving failed: " + cause);
        failure.initCause(cause);
        failReceiving(failure);
    }

    private void failReceiving(IcmpSocketException cause) {
        done = true;
        if (!socket.isClosed()) {
            receiveFailure = cause;
            onFailure.accept(this, cause);
        }
    }

    /** Wakes the loop for a task scheduled ahead of the others, unless the loop itself scheduled it. */
    private void wakeUnlessRunning() {
        if (running != Thread.currentThread()) {
            socket.wakeup();
        }
    }

    private void dispatch(IcmpReply message) {
        Probe probe = matcher.match(message);
        if (probe != null) {
            try {
                probe.owner.onMessage(probe, message);
            } catch (RuntimeException bug) {
                // fail that operation alone, so that its caller does not wait in vain and the others go on
                probe.owner.fail(bug);
            }
        }
    }

    /**
     * Ends the loop: drops the tasks waiting and closes the socket, which wakes the loop; the engine waits for
     * its thread ({@link LoopDriver#awaitEnded}). Idempotent.
     */
    @Override
    public void close() {
        done = true;
        scheduler.close();
        socket.close();
    }
}
