package dev.icmpj.internal.engine;

import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.internal.transport.ReplyHandler;
import dev.icmpj.internal.transport.ReplyView;
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
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.socket.SocketUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A {@link ProbeSocket} on a {@link FakeNetwork}: each request sent is answered as the network's script
 * says. Timestamps are consistent: the "kernel" clock is the monotonic clock plus a fixed offset. On a
 * {@link FakeClock} the clock is virtual and answers arrive when the fake clock reaches them.
 */
public final class FakeIcmpSocket implements ProbeSocket {

    /** Realtime = monotonic + this, so kernel and monotonic RTTs agree. */
    private static final long EPOCH_OFFSET = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    /** Queued by {@link #wakeup()} to end a wait; skipped by the readers. */
    private static final Object WAKEUP = new Object();

    /** A message queued for the socket to read, with whether its checksum is valid. */
    private record Arrival(IcmpReply reply, boolean checksumValid) {}

    private final SocketOptions options;
    private final Privilege privilege;
    private final int identifier;
    private final Function<IcmpRequest, List<FakeNetwork.Delivery>> script;
    private final ScheduledExecutorService deliveries;
    private final FakeClock clock;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<SentProbe> sent = new CopyOnWriteArrayList<>();
    private final ReplyView view = new ReplyView();
    private final AtomicLong kernelDrops = new AtomicLong();
    private volatile long receiveBufferBytes;
    private volatile boolean backlogged;
    private volatile boolean closed;

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
    public List<SentProbe> sent() {
        return List.copyOf(sent);
    }

    /** Queues a message as if it had arrived now (for strays and forgeries); a fake clock's loops read it now. */
    public void inject(IcmpReply reply) {
        arrive(new Arrival(reply, true));
    }

    /** Queues an echo reply whose ICMP checksum is wrong, as a raw IPv4 socket would hand it over. */
    public void injectCorrupt(IcmpReply reply) {
        arrive(new Arrival(reply, false));
    }

    private void arrive(Arrival arrival) {
        queue.add(arrival);
        if (clock != null) {
            clock.wakeLoops();
        }
    }

    /**
     * Makes every receive stop at its bound with nothing handed on, as a socket with more queued than one call
     * reads would (a loop that has fallen behind): each such read takes a millisecond of the clock's time.
     * False lets the queue be read again.
     */
    public void backlogged(boolean value) {
        this.backlogged = value;
        if (!value && clock != null) {
            clock.wakeLoops();
        }
    }

    /** Makes the socket report a granted receive buffer, as {@code SO_RCVBUF} read back would. */
    public void receiveBufferBytes(long bytes) {
        this.receiveBufferBytes = bytes;
    }

    private long now() {
        return clock != null ? clock.read() : System.nanoTime();
    }

    /** The socket's family. */
    public Family family() {
        return options.family();
    }

    /** The socket's kind. */
    public Privilege privilege() {
        return privilege;
    }

    /** The options it was opened with. */
    public SocketOptions options() {
        return options;
    }

    @Override
    public boolean isIpv6() {
        return options.family() == Family.IPV6;
    }

    @Override
    public boolean isRaw() {
        return privilege == Privilege.PRIVILEGED;
    }

    @Override
    public int identifier() {
        return identifier;
    }

    @Override
    public void send(EchoBatch batch) throws IOException {
        if (closed) {
            throw new SocketUnavailableException("fake socket closed", 9);
        }
        long now = now();
        batch.sentAt(now + EPOCH_OFFSET, now);
        for (int i = 0; i < batch.size(); i++) {
            IcmpRequest request = new IcmpRequest(
                    batch.destination(i),
                    identifier,
                    batch.sequences()[i],
                    batch.payload(),
                    batch.ttl(),
                    batch.trafficClass());
            SentProbe s = new SentProbe(request, identifier, now + EPOCH_OFFSET, now);
            sent.add(s);
            for (FakeNetwork.Delivery d : script.apply(request)) {
                if (d.sendError() != null) {
                    if (d.refused()) {
                        batch.refused(i, d.sendError());
                    } else {
                        batch.failed(i, d.sendError());
                    }
                    continue;
                }
                if (clock != null) {
                    clock.at(now + d.delay().toNanos(), () -> inject(answer(s, d)));
                } else {
                    deliveries.schedule(() -> inject(answer(s, d)), d.delay().toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private IcmpReply answer(SentProbe s, FakeNetwork.Delivery d) {
        IcmpRequest r = s.request();
        IcmpVersion version = family() == Family.IPV4 ? IcmpVersion.V4 : IcmpVersion.V6;
        long now = now();
        if (d.isEcho()) {
            IcmpMessage m = new EchoReply(version, s.identifier(), r.sequence(), r.payload());
            InetAddress from = d.from() != null ? d.from() : r.destination();
            return new IcmpReply(
                    from,
                    from,
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
    public boolean receive(long timeoutNanos, ReplyHandler handler) throws IOException {
        if (backlogged) {
            if (clock != null) {
                clock.spend(1_000_000);
            }
            return false;
        }
        // in virtual time the clock runs the loops and never waits: a short real wait, whatever the timeout
        long wait = clock != null ? Math.min(timeoutNanos, 1_000_000) : timeoutNanos;
        Object first;
        try {
            first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketUnavailableException("interrupted", 4);
        }
        Object next = first;
        while (next != null) {
            if (closed) {
                throw new SocketUnavailableException("fake socket closed", 9);
            }
            if (next instanceof Arrival arrival) {
                show(arrival);
                handler.onReply(view);
            }
            next = queue.poll();
        }
        if (closed) {
            throw new SocketUnavailableException("fake socket closed", 9);
        }
        return true;
    }

    private void show(Arrival arrival) {
        IcmpReply reply = arrival.reply();
        // a socket without SO_TIMESTAMPNS gets no kernel receive timestamp
        long receivedAtEpoch = options.receiveTimestamps() ? reply.receivedAtEpochNanos() : 0;
        if (reply.isEchoReply()) {
            byte[] data = reply.payload();
            view.showEcho(
                    isIpv6(),
                    AddressBits.highOf(reply.source()),
                    AddressBits.lowOf(reply.source()),
                    reply.identifier(),
                    reply.sequence(),
                    reply.ttl(),
                    reply.bytesReceived(),
                    receivedAtEpoch,
                    reply.receivedAtMonotonicNanos(),
                    arrival.checksumValid(),
                    new ReplyView.PayloadSource() {
                        @Override
                        public boolean payloadEquals(byte[] expected) {
                            return Arrays.equals(data, expected);
                        }

                        @Override
                        public byte[] payload() {
                            return data.clone();
                        }
                    });
        } else {
            view.showError(
                    reply.source(),
                    reply.probeDestination(),
                    reply.identifier(),
                    reply.sequence(),
                    reply.bytesReceived(),
                    reply.ttl(),
                    reply.payload(),
                    reply.message(),
                    receivedAtEpoch,
                    reply.receivedAtMonotonicNanos());
        }
        view.sentAtKernel(reply.sentAtKernelEpochNanos());
    }

    /**
     * Ends a wait in {@link #receive}; on a {@link FakeClock}, makes the clock run its loops at the current
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

    @Override
    public long receiveBufferBytes() {
        return receiveBufferBytes;
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
        queue.add(WAKEUP);
    }

    /** Fails every send, as a socket the kernel refuses to send on. */
    static IcmpSocketException sendFailure(String message) {
        return new IcmpSocketException(message, 101);
    }
}
