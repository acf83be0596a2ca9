package dev.icmpj;

import dev.icmpj.internal.engine.PingEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.engine.ReceiveWindow;
import dev.icmpj.internal.engine.SlotQueue;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.EchoBatch;
import dev.icmpj.socket.EchoReplyView;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SentRequest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A ping with no interval (iputils' {@code -i 0} and {@code -f}): as fast as the socket's receive window
 * lets requests be in flight, on a {@link ProbeLoop} with a socket of its own, so a request costs no thread
 * hand-off, no lock and no object on the way out. Request k carries sequence {@code k mod 65536}; the state
 * of the last 65,536 requests lives in rings indexed by sequence, so duplicates are told apart over that
 * span and a request never reuses a sequence still undecided. Each request leaves alone, its round trip
 * running from the clock read right before its send to the kernel's receive timestamp (no transmit
 * timestamps: they would cost an error-queue message per request).
 *
 * <p>The same guarantees as a {@link PingRun}: the listener's calls in order on one thread, every request
 * decided once, lost only once everything queued before its deadline has been read. What the kernel drops at
 * the socket is told to the listener ({@link PingListener#onKernelDrops}), read about once a second and at the
 * end.
 *
 * <p>Thread-safety: the loop methods run on the driver's one thread; {@link #fail} may come from any thread.
 */
final class FloodRun extends LoopRun<Host> {

    private static final byte PENDING = 1;
    private static final byte ANSWERED = 2;
    private static final byte DECIDED = 3;
    private static final int SEQUENCES = 1 << 16;
    /** Requests one run sends before it reads again. */
    private static final int SENDS_PER_RUN = 64;
    /** How often the socket's kernel drop counter is read (a system call). */
    private static final long DROPS_CHECK_NANOS = 1_000_000_000L;

    private final IcmpSocket socket;
    private final List<IcmpSocket> sockets;
    private final InetAddress address;
    private final int ipv4;
    private final long high;
    private final long low;
    private final PingOptions options;
    private final PingListener listener;
    private final byte[] payload;
    private final long timeoutNanos;
    private final long windowCost;
    private final long capacityBytes;
    private final EchoBatch batch;
    private final IcmpVersion version;

    /** By sequence: the request that carries it now, its state and its send clocks. */
    private final int[] request = new int[SEQUENCES];

    private final byte[] state = new byte[SEQUENCES];
    private final long[] sentAtEpoch = new long[SEQUENCES];
    private final long[] sentAtMonotonic = new long[SEQUENCES];
    private final SlotQueue inFlight = new SlotQueue();
    /** The replies and errors that decided requests, compact: a flood may decide millions. */
    private final ReplyList decidedBy;

    private long usedBytes;
    private int sent;
    private int decided;
    private int duplicates;
    private boolean started;
    /** The socket's kernel drops when the ping started, the most reported since, and when to read them next. */
    private long dropsAtStart;

    private long dropsReported;
    private long nextDropsCheck;

    FloodRun(
            PingEngine engine,
            IcmpSocket socket,
            InetAddress address,
            PingOptions options,
            PingListener listener,
            byte[] payload) {
        super(engine);
        this.socket = socket;
        this.sockets = List.of(socket);
        this.address = address;
        this.options = options;
        this.listener = listener;
        this.payload = payload;
        this.decidedBy = options.keepReplies() ? new ReplyList(address) : ReplyList.counting(address);
        this.timeoutNanos = Nanos.saturated(options.timeout());
        this.windowCost = ReceiveWindow.costOf(payload.length, false);
        long granted = socket.receiveBufferBytes();
        this.capacityBytes = granted > 0 ? granted : engine.assumedReceiveBufferBytes();
        Family family = Family.of(address);
        this.batch = new EchoBatch(family, payload, options.ttl(), options.trafficClass());
        this.version = family == Family.IPV4 ? IcmpVersion.V4 : IcmpVersion.V6;
        this.ipv4 = family == Family.IPV4 ? EchoBatch.bitsOf((Inet4Address) address) : 0;
        this.high = family == Family.IPV6 ? EchoBatch.highBitsOf((Inet6Address) address) : 0;
        this.low = family == Family.IPV6 ? EchoBatch.lowBitsOf((Inet6Address) address) : 0;
        Arrays.fill(request, -1);
    }

    @Override
    public List<IcmpSocket> sockets() {
        return sockets;
    }

    @Override
    long step(long now) throws IcmpSocketException {
        if (!started) {
            started = true;
            dropsAtStart = socket.kernelDrops();
            nextDropsCheck = now + DROPS_CHECK_NANOS;
            ListenerCalls.guarded(() -> listener.onStart(address, options), "PingListener");
        }
        if (now - nextDropsCheck >= 0) {
            nextDropsCheck = now + DROPS_CHECK_NANOS;
            reportDrops();
        }
        if (receiveQueued(socket)) {
            expire(now);
        }
        if (!isDone()) {
            send();
        }
        if (isDone()) {
            return NOTHING_DUE;
        }
        if (canSend()) {
            return now;
        }
        return inFlight.isEmpty() ? NOTHING_DUE : inFlight.peekTime();
    }

    /** True when the next request may leave now. */
    private boolean canSend() {
        return sent < options.count()
                && state[sent & 0xFFFF] != PENDING
                && (usedBytes == 0 || usedBytes + windowCost <= capacityBytes);
    }

    @Override
    public void await(long nanos) {
        try {
            socket.receive(Duration.ofNanos(nanos), this);
        } catch (IcmpSocketException e) {
            fail(e);
        }
    }

    /**
     * Sends up to {@link #SENDS_PER_RUN} requests, as far as the count, the window and the sequences still
     * undecided allow, each alone: a batch shares one send clock, which would add the kernel's time for the
     * requests before it to a request's round trip (about 1 µs each on loopback).
     */
    private void send() throws IcmpSocketException {
        for (int sends = 0; sends < SENDS_PER_RUN && canSend(); sends++) {
            sendNext();
        }
        completeIfDecided();
    }

    /**
     * Sends the next request. A method of its own, called once per request, so that a cold JVM compiles it
     * after its first few hundred requests: the loop in {@link #send} runs once per 64 and would stay
     * interpreted for thousands of requests.
     */
    private void sendNext() throws IcmpSocketException {
        int sequence = sent & 0xFFFF;
        if (batch.family() == Family.IPV4) {
            batch.addIpv4(ipv4, sequence);
        } else {
            batch.addIpv6(high, low, sequence);
        }
        request[sequence] = sent++;
        state[sequence] = PENDING;
        usedBytes += windowCost;
        send(socket, batch);
        long epoch = batch.sentAtEpochNanos();
        long monotonic = batch.sentAtMonotonicNanos();
        sentAtEpoch[sequence] = epoch;
        sentAtMonotonic[sequence] = monotonic;
        try {
            listener.onSent(address, sequence, monotonic);
        } catch (RuntimeException e) {
            ListenerCalls.ignored(e, "PingListener");
        }
        if (batch.failure(0) == null) {
            inFlight.add(request[sequence], monotonic + timeoutNanos);
        } else {
            usedBytes -= windowCost;
            lose(sequence);
        }
        batch.clear();
    }

    /** Ends the wait of every request whose timeout has passed; the queue was just read empty. */
    private void expire(long now) {
        while (!inFlight.isEmpty() && inFlight.peekTime() - now <= 0) {
            int k = inFlight.peekSlot();
            inFlight.remove();
            int sequence = k & 0xFFFF;
            if (request[sequence] != k) {
                // answered, and its sequence carries a later request now
                continue;
            }
            if (state[sequence] == PENDING) {
                usedBytes -= windowCost;
                lose(sequence);
            }
            // answered or not, later messages with this sequence are strays until it is sent again
            state[sequence] = 0;
        }
        completeIfDecided();
    }

    @Override
    public void onEchoReply(EchoReplyView reply) {
        if (isDone() || !isFromTarget(reply) || !reply.payloadEquals(payload)) {
            return;
        }
        int sequence = reply.sequence();
        byte was = state[sequence];
        if (was != PENDING && was != ANSWERED) {
            return;
        }
        long rttNanos = reply.rttNanos(sentAtEpoch[sequence], sentAtMonotonic[sequence]);
        // its payload is ours (checked above): the message is made from our copy, not read out of the buffer
        Reply value = new Reply(
                address,
                sequence,
                reply.bytesReceived(),
                reply.ttl(),
                rttNanos / 1e6,
                reply.rttClock(sentAtEpoch[sequence], sentAtMonotonic[sequence]),
                new EchoReply(version, reply.identifier(), sequence, payload));
        if (was == ANSWERED) {
            duplicates++;
            ListenerCalls.guarded(() -> listener.onDuplicate(address, value), "PingListener");
            return;
        }
        usedBytes -= windowCost;
        if (rttNanos > timeoutNanos) {
            lose(sequence);
        } else {
            state[sequence] = ANSWERED;
            decidedBy.add(value);
            decided++;
            try {
                listener.onReply(address, value);
            } catch (RuntimeException e) {
                ListenerCalls.ignored(e, "PingListener");
            }
        }
        completeIfDecided();
    }

    private boolean isFromTarget(EchoReplyView reply) {
        if (reply.family() == Family.IPV4) {
            return batch.family() == Family.IPV4 && reply.sourceIpv4() == ipv4;
        }
        return batch.family() == Family.IPV6 && reply.sourceIpv6High() == high && reply.sourceIpv6Low() == low;
    }

    @Override
    public void onMessage(IcmpReply message) {
        int sequence = message.sequence();
        if (isDone()
                || state[sequence] != PENDING
                || !message.probeDestination().equals(address)) {
            return;
        }
        SentRequest request = new SentRequest(
                new IcmpRequest(
                        address, message.identifier(), sequence, payload, options.ttl(), options.trafficClass()),
                message.identifier(),
                sentAtEpoch[sequence],
                sentAtMonotonic[sequence]);
        Reply error = new Reply(
                message.source(),
                sequence,
                message.bytesReceived(),
                message.ttl(),
                message.rttNanos(request) / 1e6,
                message.rttClock(request),
                message.message());
        usedBytes -= windowCost;
        state[sequence] = DECIDED;
        decidedBy.add(error);
        decided++;
        ListenerCalls.guarded(() -> listener.onError(address, error), "PingListener");
        completeIfDecided();
    }

    private void lose(int sequence) {
        state[sequence] = DECIDED;
        decided++;
        ListenerCalls.guarded(() -> listener.onLoss(address, sequence), "PingListener");
    }

    /** Tells the listener the socket's kernel drops since the start, when they grew. */
    private void reportDrops() {
        long drops = socket.kernelDrops() - dropsAtStart;
        if (drops > dropsReported) {
            dropsReported = drops;
            ListenerCalls.guarded(() -> listener.onKernelDrops(address, drops), "PingListener");
        }
    }

    private void completeIfDecided() {
        if (isDone() || sent < options.count() || decided < sent) {
            return;
        }
        Host host = Host.of(address, sent, decidedBy.snapshot(), duplicates);
        reportDrops();
        ListenerCalls.guarded(() -> listener.onComplete(host), "PingListener");
        complete(host);
    }
}
