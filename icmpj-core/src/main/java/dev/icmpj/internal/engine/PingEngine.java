package dev.icmpj.internal.engine;

import dev.icmpj.Family;
import dev.icmpj.Host;
import dev.icmpj.IcmpLibException;
import dev.icmpj.IcmpSocketException;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.SocketUnavailableException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The machinery behind {@code dev.icmpj.Pinger}: shared sockets (one per {@link SocketKey}, opened on
 * first use in the calling thread), one {@link ProbeScheduler}, and the pings in progress.
 *
 * <p>Thread-safe.
 */
public final class PingEngine implements AutoCloseable {

    private final SocketFactory factory;
    private final Ticker ticker;
    private final ProbeScheduler scheduler;
    private final long receiveBufferBytes;
    private final Map<SocketKey, SharedSocket> sockets = new HashMap<>();
    private final Set<PingSession> active = ConcurrentHashMap.newKeySet();
    private byte[] randomData;
    private volatile boolean closed;

    /**
     * Creates an engine; nothing is opened or started until the first ping.
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
    PingEngine(SocketFactory factory, Ticker ticker, long receiveBufferBytes) {
        this.factory = factory;
        this.ticker = ticker;
        this.scheduler = new ProbeScheduler(ticker);
        this.receiveBufferBytes = receiveBufferBytes;
    }

    /**
     * Starts pinging an address. The socket, when this is its first use, is opened in the calling thread.
     *
     * @param address the address
     * @param options how to ping
     * @param listener told of progress
     * @return the future result
     * @throws IllegalArgumentException when the payload or source address does not suit the address's family
     * @throws SocketUnavailableException when this engine is closed
     * @throws IcmpSocketException when the socket cannot be opened
     */
    public CompletableFuture<Host> start(InetAddress address, PingOptions options, PingListener listener)
            throws IcmpLibException {
        Family family = Family.of(address);
        if (options.payloadSize() > PingOptions.maxPayload(family)) {
            throw new IllegalArgumentException("payloadSize is " + options.payloadSize() + "; the largest "
                    + family + " echo payload, for " + address.getHostAddress() + ", is "
                    + PingOptions.maxPayload(family) + " bytes");
        }
        options.sourceAddress().filter(source -> Family.of(source) != family).ifPresent(source -> {
            throw new IllegalArgumentException("sourceAddress " + source.getHostAddress() + " is not an " + family
                    + " address like " + address.getHostAddress());
        });
        SharedSocket socket = socketFor(SocketKey.of(family, options));
        byte[] payload = options.payload().orElseGet(() -> randomPayload(options.payloadSize()));
        PingSession session = new PingSession(this, socket, address, options, listener, payload);
        active.add(session);
        if (closed) {
            session.fail(closedException());
        } else {
            session.begin();
        }
        return session.future();
    }

    /**
     * Returns the number of pings in progress.
     *
     * @return pings started and not yet complete or failed
     */
    public int activePings() {
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

    /**
     * Stops sending, closes every socket, waits for the threads to end and fails the pings in progress with
     * {@link SocketUnavailableException}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.close();
        List<SharedSocket> open;
        synchronized (this) {
            open = new ArrayList<>(sockets.values());
            sockets.clear();
        }
        open.forEach(SharedSocket::close);
        SocketUnavailableException cause = closedException();
        active.forEach(session -> session.fail(cause));
    }

    /** The open sockets, for tests. */
    synchronized List<SharedSocket> sockets() {
        return List.copyOf(sockets.values());
    }

    Ticker ticker() {
        return ticker;
    }

    ProbeScheduler scheduler() {
        return scheduler;
    }

    SocketUnavailableException closedException() {
        return new SocketUnavailableException("the Pinger is closed", 0);
    }

    /** Completes a ping's future on a virtual thread, so callers' dependent stages never run on ours. */
    void complete(CompletableFuture<Host> future, Host host) {
        Thread.ofVirtual().name("icmpj-complete").start(() -> future.complete(host));
    }

    void ended(PingSession session) {
        active.remove(session);
    }

    private synchronized SharedSocket socketFor(SocketKey key) throws IcmpSocketException {
        if (closed) {
            throw closedException();
        }
        SharedSocket socket = sockets.get(key);
        if (socket == null) {
            socket = new SharedSocket(factory.open(key.toSocketOptions()), receiveBufferBytes, this::failed);
            sockets.put(key, socket);
        }
        return socket;
    }

    /** A socket's receive loop failed: forget the socket, close it, fail the pings using it. */
    private void failed(SharedSocket socket, IcmpSocketException cause) {
        synchronized (this) {
            sockets.values().remove(socket);
        }
        socket.close();
        active.stream().filter(session -> session.socket() == socket).forEach(session -> session.fail(cause));
    }

    private synchronized byte[] randomPayload(int size) {
        if (randomData == null) {
            randomData = new byte[PingOptions.MAX_PAYLOAD_V6];
            new SecureRandom().nextBytes(randomData);
        }
        return Arrays.copyOf(randomData, size);
    }
}
