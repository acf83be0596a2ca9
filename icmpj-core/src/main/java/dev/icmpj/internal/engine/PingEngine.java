package dev.icmpj.internal.engine;

import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketUnavailableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The probe machinery behind {@code dev.icmpj.Pinger}, free of any policy: shared sockets (one per
 * {@link SocketKey}, opened on first use in the calling thread, each a {@link ProbeLoop} with its matcher,
 * receive window and scheduler), the loops of sweeps, floods and traces, and the {@link Operation operations}
 * in progress, which are failed when a socket fails or the engine closes.
 *
 * <p>Thread-safe.
 */
public final class PingEngine implements AutoCloseable {

    private final SocketFactory factory;
    private final Ticker ticker;
    private final long receiveBufferBytes;
    private final LoopDriver loops;
    private final Map<SocketKey, SharedSocket> sockets = new HashMap<>();
    private final Map<Operation, Set<SharedSocket>> active = new ConcurrentHashMap<>();
    private byte[] randomData;
    private volatile boolean closed;

    /**
     * Creates an engine; nothing is opened or started until the first operation.
     *
     * @param factory opens the sockets
     * @param ticker the clock for pacing and timeouts
     */
    public PingEngine(SocketFactory factory, Ticker ticker) {
        this(factory, ticker, ReceiveWindow.grantedBytes(SocketKey.RECEIVE_BUFFER_BYTES));
    }

    /**
     * Creates an engine whose sockets' receive windows hold a given number of bytes.
     *
     * @param factory opens the sockets
     * @param ticker the clock for pacing and timeouts
     * @param receiveBufferBytes the receive buffer each socket is assumed to have
     */
    public PingEngine(SocketFactory factory, Ticker ticker, long receiveBufferBytes) {
        this(factory, ticker, new ThreadLoopDriver(ticker), receiveBufferBytes);
    }

    /**
     * Creates an engine on a given loop driver: a test's fake clock runs the loops in its virtual time.
     *
     * @param factory opens the sockets
     * @param ticker the clock for pacing and timeouts
     * @param loops runs the {@link ProbeLoop}s
     * @param receiveBufferBytes the receive buffer each socket is assumed to have, when it cannot say
     */
    public PingEngine(SocketFactory factory, Ticker ticker, LoopDriver loops, long receiveBufferBytes) {
        this.loops = loops;
        this.factory = factory;
        this.ticker = ticker;
        this.receiveBufferBytes = receiveBufferBytes;
    }

    /**
     * Returns the socket for a key, opening it in the calling thread on first use and starting its loop.
     *
     * @param key what the socket's users agree on
     * @return the shared socket
     * @throws SocketUnavailableException when this engine is closed
     * @throws IcmpSocketException when the socket cannot be opened
     */
    public synchronized SharedSocket socketFor(SocketKey key) throws IcmpSocketException {
        if (closed) {
            throw closedException();
        }
        SharedSocket socket = sockets.get(key);
        if (socket == null) {
            socket = new SharedSocket(factory.open(key.toSocketOptions()), ticker, receiveBufferBytes, this::failed);
            sockets.put(key, socket);
            loops.start(socket);
        }
        return socket;
    }

    /**
     * Opens a socket for one operation alone, in the calling thread; the caller closes it.
     *
     * @param key what the socket is
     * @param receiveBufferBytes the {@code SO_RCVBUF} to ask for
     * @return the socket
     * @throws SocketUnavailableException when this engine is closed
     * @throws IcmpSocketException when the socket cannot be opened
     */
    public IcmpSocket openSocket(SocketKey key, int receiveBufferBytes) throws IcmpSocketException {
        if (closed) {
            throw closedException();
        }
        return factory.open(key.toSocketOptions(receiveBufferBytes));
    }

    /**
     * Returns the receive buffer a socket is assumed to have when it cannot say
     * ({@link IcmpSocket#receiveBufferBytes()} 0).
     *
     * @return bytes
     */
    public long assumedReceiveBufferBytes() {
        return receiveBufferBytes;
    }

    /**
     * Starts running a loop; record it with {@link #begin} first, so that closing the engine fails it.
     *
     * @param loop the loop
     */
    public void start(ProbeLoop loop) {
        loops.start(loop);
    }

    /**
     * Records an operation in progress, and a socket it uses (it may use several: call again for each), so
     * that it is failed when one of its sockets fails or the engine closes.
     *
     * @param owner the operation
     * @param socket a socket it uses, or null for none yet
     * @return false when the engine is closed already (the operation must fail itself)
     */
    public boolean begin(Operation owner, SharedSocket socket) {
        Set<SharedSocket> using = active.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet());
        if (socket != null) {
            using.add(socket);
        }
        if (closed) {
            active.remove(owner);
            return false;
        }
        return true;
    }

    /**
     * Forgets an operation that ended.
     *
     * @param owner the operation
     */
    public void ended(Operation owner) {
        active.remove(owner);
    }

    /**
     * Returns the number of operations in progress.
     *
     * @return operations begun and not yet ended
     */
    public int activeOperations() {
        return active.size();
    }

    /**
     * Returns the number of open sockets.
     *
     * @return sockets opened and not closed
     */
    public synchronized int openSockets() {
        return sockets.size();
    }

    /** The open sockets, for tests. */
    public synchronized List<SharedSocket> sockets() {
        return List.copyOf(sockets.values());
    }

    /** The clock for pacing and timeouts. */
    public Ticker ticker() {
        return ticker;
    }

    /** The failure of operations on a closed engine. */
    public SocketUnavailableException closedException() {
        return new SocketUnavailableException("the Pinger is closed", 0);
    }

    /**
     * Completes a future on a virtual thread, so callers' dependent stages never run on the engine's threads.
     *
     * @param future the future
     * @param value its value
     * @param <T> the value's type
     */
    public <T> void complete(CompletableFuture<T> future, T value) {
        Thread.ofVirtual().name("icmpj-complete").start(() -> future.complete(value));
    }

    /**
     * Returns random echo data, the same bytes for every call of this engine. The bytes tell our replies from
     * another sender's with the same identifier, which needs no secrecy: {@link ThreadLocalRandom}, as
     * {@code SecureRandom}'s set-up cost every start about 20 ms.
     *
     * @param size 0..{@link IcmpRequest#MAX_PAYLOAD_V6}
     * @return a new array of that size
     */
    public synchronized byte[] randomPayload(int size) {
        if (randomData == null) {
            randomData = new byte[IcmpRequest.MAX_PAYLOAD_V6];
            ThreadLocalRandom.current().nextBytes(randomData);
        }
        return Arrays.copyOf(randomData, size);
    }

    /**
     * Stops sending, closes every shared socket, waits for their loops' threads to end and fails the operations
     * in progress with {@link SocketUnavailableException}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        List<SharedSocket> open;
        synchronized (this) {
            open = new ArrayList<>(sockets.values());
            sockets.clear();
        }
        open.forEach(SharedSocket::close);
        open.forEach(loops::awaitEnded);
        SocketUnavailableException cause = closedException();
        List.copyOf(active.keySet()).forEach(owner -> owner.fail(cause));
    }

    /** A socket's receive loop failed: forget the socket, close it, fail the operations using it. */
    private void failed(SharedSocket socket, IcmpSocketException cause) {
        synchronized (this) {
            sockets.values().remove(socket);
        }
        socket.close();
        Set<Operation> using = new HashSet<>();
        active.forEach((owner, socketsOfOwner) -> {
            if (socketsOfOwner.contains(socket)) {
                using.add(owner);
            }
        });
        using.forEach(owner -> owner.fail(cause));
    }
}
