package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SentRequest;
import dev.icmpj.socket.SocketUnavailableException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * A socket shared by every ping with the same {@link SocketKey}, with its {@link ReplyMatcher} and its
 * receive thread: one platform daemon thread that blocks in {@link IcmpSocket#drain} and hands each
 * matching message to the ping it answers.
 *
 * <p>Thread-safe.
 */
public final class SharedSocket implements AutoCloseable {

    /** How long one drain waits when no request is in flight; closing the socket wakes it sooner. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    /**
     * How long one drain waits while requests are in flight: the longest a loss decision waits for the proof
     * that nothing that arrived in time is still unread ({@link #drainedSince}).
     */
    private static final Duration BUSY_WAIT = Duration.ofMillis(2);
    /** How soon a loss decision that found {@link #drainedSince} false should try again. */
    public static final long DRAIN_RECHECK_NANOS = 1_000_000;

    private final IcmpSocket socket;
    private final Ticker ticker;
    private final ReplyMatcher matcher = new ReplyMatcher();
    /** Every message queued before this ticker time has been read and dispatched. */
    private volatile long drainedFrom = Long.MIN_VALUE;

    private final ReceiveWindow window;
    private final Thread receiver;
    /** Why the receive thread stopped, when it failed; set before the socket is closed for it. */
    private volatile IcmpSocketException receiveFailure;

    /**
     * Wraps an open socket and starts its receive thread.
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
        this.ticker = ticker;
        this.window = new ReceiveWindow(receiveBufferBytes);
        this.receiver = Thread.ofPlatform()
                .daemon()
                .name("icmpj-receive-" + socket.family() + "-" + socket.privilege() + "-" + socket.identifier())
                .start(() -> receive(onFailure));
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
     * owner: only then may a request whose deadline that is be called lost. A receive thread that falls
     * behind (a busy machine, a cold JVM) leaves replies that arrived in time unread in the kernel's queue;
     * deciding at the deadline alone would report them as lost.
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

    private void receive(BiConsumer<SharedSocket, IcmpSocketException> onFailure) {
        while (!socket.isClosed()) {
            try {
                long start = ticker.read();
                // undecided requests hold room in the window: only then may a loss decision wait on a drain
                socket.drain(window.usedBytes() > 0 ? BUSY_WAIT : IDLE_WAIT, this::dispatch);
                drainedFrom = start;
            } catch (SocketUnavailableException e) {
                return;
            } catch (IcmpSocketException e) {
                if (!socket.isClosed()) {
                    receiveFailure = e;
                    onFailure.accept(this, e);
                }
                return;
            } catch (RuntimeException bug) {
                if (!socket.isClosed()) {
                    IcmpSocketException failure = new IcmpSocketException("receiving failed: " + bug);
                    failure.initCause(bug);
                    receiveFailure = failure;
                    onFailure.accept(this, failure);
                }
                return;
            }
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

    /** Closes the socket and waits for the receive thread to end. Idempotent. */
    @Override
    public void close() {
        socket.close();
        if (Thread.currentThread() != receiver) {
            ProbeScheduler.joinUninterruptibly(receiver);
        }
    }
}
