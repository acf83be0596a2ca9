package dev.icmpj.internal.engine;

import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.packet.TimeExceeded;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SentRequest;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.socket.SocketUnavailableException;
import dev.icmpj.socket.TimeoutExceededException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An {@link IcmpSocket} on a {@link FakeNetwork}: each sent request is answered as the network's script
 * says. Timestamps are consistent: the "kernel" clock is the monotonic clock plus a fixed offset. On a
 * {@link FakeClock} the clock is virtual and answers arrive when the fake clock reaches them.
 */
public final class FakeIcmpSocket implements IcmpSocket {

    /** Realtime = monotonic + this, so kernel and monotonic RTTs agree. */
    private static final long EPOCH_OFFSET = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private final SocketOptions options;
    private final Privilege privilege;
    private final int identifier;
    private final Function<IcmpRequest, List<FakeNetwork.Delivery>> script;
    private final ScheduledExecutorService deliveries;
    private final FakeClock clock;
    /** Queued by {@link #wakeup()} to end a wait; skipped by the readers. */
    private static final Object WAKEUP = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<SentRequest> sent = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private final AtomicLong kernelDrops = new AtomicLong();

    FakeIcmpSocket(
            SocketOptions options,
            Privilege privilege,
            int identifier,
            Function<IcmpRequest, List<FakeNetwork.Delivery>> script,
            ScheduledExecutorService deliveries,
            FakeClock clock) {
        this.clock = clock;
        this.options = options;
        this.privilege = privilege;
        this.identifier = identifier;
        this.script = script;
        this.deliveries = deliveries;
    }

    /** The requests sent so far, in order. */
    public List<SentRequest> sent() {
        return List.copyOf(sent);
    }

    /** Queues a message as if it had arrived now (for strays and forgeries). */
    public void inject(IcmpReply reply) {
        queue.add(reply);
    }

    private long now() {
        return clock != null ? clock.read() : System.nanoTime();
    }

    @Override
    public Family family() {
        return options.family();
    }

    @Override
    public Privilege privilege() {
        return privilege;
    }

    @Override
    public int identifier() {
        return identifier;
    }

    @Override
    public SocketOptions options() {
        return options;
    }

    @Override
    public SentRequest send(IcmpRequest request) throws IcmpSocketException {
        if (closed) {
            throw new SocketUnavailableException("fake socket closed", 9);
        }
        long now = now();
        SentRequest s = new SentRequest(request, identifier, now + EPOCH_OFFSET, now);
        sent.add(s);
        for (FakeNetwork.Delivery d : script.apply(request)) {
            if (clock != null) {
                clock.at(now + d.delay().toNanos(), () -> inject(answer(s, d)));
            } else {
                deliveries.schedule(() -> inject(answer(s, d)), d.delay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return s;
    }

    private IcmpReply answer(SentRequest s, FakeNetwork.Delivery d) {
        IcmpRequest r = s.request();
        IcmpVersion version = family() == Family.IPV4 ? IcmpVersion.V4 : IcmpVersion.V6;
        long now = now();
        if (d.isEcho()) {
            IcmpMessage m = new EchoReply(version, s.identifier(), r.sequence(), r.payload());
            return new IcmpReply(
                    r.destination(),
                    r.destination(),
                    s.identifier(),
                    r.sequence(),
                    8 + r.payloadSize(),
                    64,
                    r.payload(),
                    m,
                    now + EPOCH_OFFSET,
                    now);
        }
        InetAddress source = options.sourceAddress().orElse(r.destination());
        byte[] echo = IcmpCodec.encode(new EchoRequest(version, s.identifier(), r.sequence(), r.payload()));
        QuotedDatagram quoted = QuotedDatagram.ofIcmp(source, r.destination(), version, 64, echo);
        IcmpMessage m = d.errorType() == 11
                ? new TimeExceeded(version, d.errorCode(), quoted, List.of())
                : new DestinationUnreachable(version, d.errorCode(), 0, quoted, List.of());
        InetAddress from = d.from() != null ? d.from() : r.destination();
        return new IcmpReply(
                from,
                r.destination(),
                s.identifier(),
                r.sequence(),
                8 + quoted.bytes().length,
                64,
                r.payload(),
                m,
                now + EPOCH_OFFSET,
                now);
    }

    @Override
    public IcmpReply receive(SentRequest request, Duration timeout) throws IcmpSocketException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            IcmpReply reply = receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (reply.sequence() == request.sequence() && reply.identifier() == request.identifier()) {
                return reply;
            }
        }
    }

    @Override
    public IcmpReply receive(Duration timeout) throws IcmpSocketException {
        List<IcmpReply> one = new ArrayList<>(1);
        while (one.isEmpty()) {
            if (drainOne(timeout, one::add) == 0) {
                throw new TimeoutExceededException(timeout);
            }
        }
        return one.getFirst();
    }

    private int drainOne(Duration timeout, Consumer<? super IcmpReply> sink) throws IcmpSocketException {
        Object first;
        try {
            first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketUnavailableException("interrupted", 4);
        }
        if (closed) {
            throw new SocketUnavailableException("fake socket closed", 9);
        }
        if (first == null || first == WAKEUP) {
            return 0;
        }
        sink.accept((IcmpReply) first);
        return 1;
    }

    @Override
    public int drain(Duration timeout, Consumer<? super IcmpReply> sink) throws IcmpSocketException {
        // in virtual time the clock runs the loops and never waits: a short real wait, whatever the timeout
        int n = drainOne(clock != null ? Duration.ofNanos(Math.min(timeout.toNanos(), 1_000_000)) : timeout, sink);
        Object next;
        while (n > 0 && !closed && (next = queue.poll()) != null) {
            if (next instanceof IcmpReply reply) {
                sink.accept(reply);
                n++;
            }
        }
        return n;
    }

    @Override
    public CompletableFuture<IcmpReply> receiveAsync(SentRequest request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the engine does not use it"));
    }

    /**
     * Ends a wait in {@link #drain}; on a {@link FakeClock}, makes the clock run its loops at the current
     * instant, as a real loop woken from its wait would run.
     */
    @Override
    public void wakeup() {
        if (clock != null) {
            clock.wakeLoops();
        } else {
            queue.add(WAKEUP);
        }
    }

    /** Counts datagrams as dropped by the "kernel" ({@link #kernelDrops()}); nothing is delivered for them. */
    public void addKernelDrops(long drops) {
        kernelDrops.addAndGet(drops);
    }

    @Override
    public long kernelDrops() {
        return kernelDrops.get();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        queue.add(Boolean.FALSE);
    }
}
