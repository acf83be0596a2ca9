package dev.icmpj.internal.engine;

import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.socket.SocketUnavailableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The probe loops behind a {@code dev.icmpj.Pinger}, free of any policy: a shared loop per socket setting
 * (its socket opened on first use, in the calling thread; pings and probers with that setting share it), the
 * dedicated loops of floods, sweeps and traces (sockets of their own, sized for them, ending with them), and
 * their ending when the engine closes.
 *
 * <p>Thread-safe.
 */
public final class ProbeEngine implements AutoCloseable {

    /**
     * The receive buffer a shared socket asks for: the default 208 KiB overflowed in large sweeps, 4 MiB did
     * not; doubled since each send also queues a transmit timestamp in it.
     */
    public static final int SHARED_RECEIVE_BUFFER_BYTES = 8 << 20;

    private final SocketFactory factory;
    private final Ticker ticker;
    private final LoopDriver driver;
    private final long assumedCapacityBytes;
    private final Map<SocketOptions, ProbeLoop> shared = new HashMap<>();
    private final Set<ProbeLoop> running = ConcurrentHashMap.newKeySet();
    private byte[] randomData;
    private volatile boolean closed;

    /**
     * Creates an engine; nothing is opened or started until the first operation.
     *
     * @param factory opens the sockets
     * @param ticker the clock for pacing and timeouts
     * @param driver runs the loops: a thread each, or a test's virtual time
     * @param assumedCapacityBytes the in-flight budget of a socket that cannot say what it was granted
     */
    public ProbeEngine(SocketFactory factory, Ticker ticker, LoopDriver driver, long assumedCapacityBytes) {
        this.factory = factory;
        this.ticker = ticker;
        this.driver = driver;
        this.assumedCapacityBytes = assumedCapacityBytes;
    }

    /** Creates an engine on the kernel's sockets, with a thread per loop. */
    public static ProbeEngine create() {
        return new ProbeEngine(
                SocketFactory.KERNEL,
                Ticker.SYSTEM,
                new ThreadLoopDriver(Ticker.SYSTEM),
                ReceiveBudget.grantedBytes(SHARED_RECEIVE_BUFFER_BYTES));
    }

    /**
     * Returns the shared loop of a socket setting, opening its socket in the calling thread and starting the
     * loop on first use.
     *
     * @param options the setting, of one family; its receive buffer is set here
     * @return the loop
     * @throws SocketUnavailableException when this engine is closed
     * @throws IcmpSocketException when the socket cannot be opened
     */
    public synchronized ProbeLoop sharedLoop(SocketOptions options) throws IcmpSocketException {
        if (closed) {
            throw closedException();
        }
        SocketOptions key = options.toBuilder()
                .receiveBufferSize(SHARED_RECEIVE_BUFFER_BYTES)
                .build();
        ProbeLoop loop = shared.get(key);
        if (loop == null || loop.isDone()) {
            ProbeSocket socket = factory.open(key);
            loop = new ProbeLoop(
                    ticker, List.of(socket), key.transmitTimestamps(), assumedCapacityBytes, false, ended -> {
                        synchronized (this) {
                            shared.remove(key, ended);
                        }
                        running.remove(ended);
                    });
            shared.put(key, loop);
            start(loop);
        }
        return loop;
    }

    /**
     * Opens sockets for one operation alone, in the calling thread, and makes their loop; {@link #start} runs
     * it with its operation. The loop ends, closing the sockets, when that operation ends.
     *
     * @param sockets the sockets' options, one per family at most
     * @return the loop, not running yet
     * @throws SocketUnavailableException when this engine is closed
     * @throws IcmpSocketException when a socket cannot be opened (none stays open)
     */
    public ProbeLoop dedicatedLoop(List<SocketOptions> sockets) throws IcmpSocketException {
        if (closed) {
            throw closedException();
        }
        List<ProbeSocket> open = new ArrayList<>(sockets.size());
        try {
            for (SocketOptions options : sockets) {
                open.add(factory.open(options));
            }
        } catch (IcmpSocketException | RuntimeException e) {
            open.forEach(ProbeSocket::close);
            throw e;
        }
        boolean transmitTimestamps = sockets.getFirst().transmitTimestamps();
        return new ProbeLoop(ticker, open, transmitTimestamps, assumedCapacityBytes, true, running::remove);
    }

    /** Starts a loop from {@link #dedicatedLoop} with its operation, handed over first so the first turn runs it. */
    public void start(ProbeLoop loop, Operation op) {
        submit(loop, op);
        start(loop);
    }

    private void start(ProbeLoop loop) {
        running.add(loop);
        driver.start(loop);
        if (closed) {
            // closed while this loop opened: it ends as close() ends the others (close may have missed it)
            loop.shutdown(closedException());
        }
    }

    /** Hands an operation to a loop; when the loop has ended meanwhile, it fails at once (closed engine). */
    public void submit(ProbeLoop loop, Operation op) {
        if (!loop.submit(op)) {
            op.onFailed(closedException());
        }
    }

    /** The number of operations in progress on every loop; from any thread. */
    public int activeOperations() {
        return running.stream().mapToInt(ProbeLoop::operations).sum();
    }

    /** The shared loops running, for tests. */
    public synchronized List<ProbeLoop> sharedLoops() {
        return List.copyOf(shared.values());
    }

    /** The failure of operations on a closed engine. */
    public SocketUnavailableException closedException() {
        return new SocketUnavailableException("the Pinger is closed", 0);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Completes a future on a virtual thread, so callers' dependent stages never run on the loops' threads. */
    public <T> void complete(CompletableFuture<T> future, T value) {
        Thread.ofVirtual().name("icmpj-complete").start(() -> future.complete(value));
    }

    /**
     * Returns random echo data, the same bytes for every call of this engine. The bytes tell our replies from
     * another sender's with the same identifier, which needs no secrecy: {@link ThreadLocalRandom}, as
     * {@code SecureRandom}'s set-up cost every start about 20 ms.
     *
     * @param size 0..65527
     * @return a new array of that size
     */
    public synchronized byte[] randomPayload(int size) {
        if (randomData == null) {
            randomData = new byte[65_527];
            ThreadLocalRandom.current().nextBytes(randomData);
        }
        return Arrays.copyOf(randomData, size);
    }

    /**
     * Ends every loop: operations in progress fail with {@link SocketUnavailableException}, sockets close,
     * loop threads end (waited for, unless called from one). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        List<ProbeLoop> loops = new ArrayList<>(running);
        SocketUnavailableException cause = closedException();
        loops.forEach(loop -> loop.shutdown(cause));
        loops.forEach(driver::awaitEnded);
    }
}
