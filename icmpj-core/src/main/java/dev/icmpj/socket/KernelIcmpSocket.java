package dev.icmpj.socket;

import dev.icmpj.internal.linux.Errno;
import dev.icmpj.internal.linux.ErrnoException;
import dev.icmpj.internal.linux.IcmpChannel;
import dev.icmpj.internal.linux.IntOption;
import dev.icmpj.internal.linux.ReceiveSink;
import dev.icmpj.internal.linux.ReceivedDatagram;
import dev.icmpj.internal.linux.TransmitTimestamp;
import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.internal.transport.ReplyHandler;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.IcmpTypes;
import dev.icmpj.packet.IcmpVersion;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Linux raw or ping socket ({@link IcmpChannel}): the public {@link IcmpSocket}, and the engine's
 * {@link ProbeSocket} on the same paths. One send path: every request, one or a batch, leaves through
 * {@link #send(EchoBatch)} ({@code sendto} for one, {@code sendmmsg} for more). One receive path: every
 * message goes through {@link #receive(long, ReplyHandler)}, our echo replies read in place (their checksum
 * verified on a raw ICMPv4 socket, whose kernel does not), everything else decoded, each shown through one
 * reused {@link ReplyView} with the kernel's transmit timestamp of its request where there is one; the
 * icmplib-style calls ({@link #receive(Duration)}, {@link #receive(SentRequest, Duration)}) copy what that path
 * shows.
 *
 * <p>Thread-safe as {@link IcmpSocket} promises: sends are serialized by a lock; receiving is for one thread
 * at a time; {@link #close()} from any thread wakes the receiver.
 */
final class KernelIcmpSocket implements IcmpSocket, ProbeSocket {

    /** Receive batches one call reads before it returns with more queued: 2,048 messages. */
    private static final int BATCHES_PER_RECEIVE = 64;

    /**
     * Sends of one request, the first included, while each fails with the errno of an ICMP error pending on
     * the socket ({@link #retry}).
     */
    private static final int SEND_ATTEMPTS = 8;

    private final IcmpChannel channel;
    private final SocketOptions options;
    private final Privilege privilege;
    private final ReplyDecoder decoder;
    private final int replyType;
    private final int requestType;

    private final ReentrantLock sendLock = new ReentrantLock();
    /** The TTL / hop limit set on the socket, 0 for the kernel's; guarded by sendLock. */
    private int currentTtl;
    /** The TOS / traffic class set on the socket; guarded by sendLock. */
    private int currentTrafficClass;
    /** The kernel's transmit timestamps of our sends, or null when the kernel gives none. */
    private volatile TransmitTimestamps transmitTimestamps;
    /** Per-request errnos and the clocks of a send, and the one-request vectors of a retry; guarded by sendLock. */
    private final int[] errnos = new int[EchoBatch.CAPACITY];

    private final long[] clocks = new long[2];
    private final int[] retrySequence = new int[1];
    private final int[] retryIpv4 = new int[1];
    private final long[] retryHigh = new long[1];
    private final long[] retryLow = new long[1];
    private final int[] retryErrno = new int[1];
    private final long[] retryClocks = new long[2];

    /** The receive path's sink and view; receiving thread only. */
    private final Receiver receiver = new Receiver();
    /** Messages read but not yet taken by the icmplib-style receive calls; receiving thread only. */
    private final ArrayDeque<IcmpReply> pending = new ArrayDeque<>();

    private final Object asyncLock = new Object();
    private ExecutorService asyncReceiver;

    /**
     * Wraps a configured channel.
     *
     * @param channel the channel
     * @param options the options it was configured with
     * @param decoder decodes what it reads
     * @param transmitTimestamping true when {@link IcmpChannel#enableTransmitTimestamps()} succeeded
     */
    KernelIcmpSocket(IcmpChannel channel, SocketOptions options, ReplyDecoder decoder, boolean transmitTimestamping) {
        this.channel = channel;
        this.options = options;
        this.privilege = channel.isRaw() ? Privilege.PRIVILEGED : Privilege.UNPRIVILEGED;
        this.decoder = decoder;
        this.currentTtl = options.ttl();
        this.currentTrafficClass = options.trafficClass();
        boolean v4 = decoder.version() == IcmpVersion.V4;
        this.replyType = v4 ? IcmpTypes.V4_ECHO_REPLY : IcmpTypes.V6_ECHO_REPLY;
        this.requestType = v4 ? IcmpTypes.V4_ECHO_REQUEST : IcmpTypes.V6_ECHO_REQUEST;
        this.transmitTimestamps = transmitTimestamping ? new TransmitTimestamps() : null;
    }

    @Override
    public Family family() {
        return options.family();
    }

    @Override
    public boolean isIpv6() {
        return options.family() == Family.IPV6;
    }

    @Override
    public boolean isRaw() {
        return channel.isRaw();
    }

    @Override
    public Privilege privilege() {
        return privilege;
    }

    @Override
    public int identifier() {
        return decoder.identifier();
    }

    @Override
    public SocketOptions options() {
        return options;
    }

    @Override
    public SentRequest send(IcmpRequest request) throws IcmpSocketException {
        Objects.requireNonNull(request, "request");
        if (Family.of(request.destination()) != family()) {
            throw new IllegalArgumentException(
                    "destination " + AddressText.of(request.destination()) + " is not an " + family() + " address");
        }
        EchoBatch one = new EchoBatch(isIpv6())
                .carrying(request.payload(), request.ttl(), request.trafficClass(), request.identifier());
        one.add(
                AddressBits.highOf(request.destination()),
                AddressBits.lowOf(request.destination()),
                request.sequence());
        send(one);
        if (one.failure(0) != null) {
            throw (IcmpSocketException) one.failure(0);
        }
        int wireIdentifier = channel.isRaw() ? request.identifier() : decoder.identifier();
        return new SentRequest(request, wireIdentifier, one.sentAtEpochNanos(), one.sentAtMonotonicNanos());
    }

    /**
     * Sends a batch. A request refused with EPERM counts as sent: a netfilter rule of this host dropped it on
     * its way out, which is the network's answer, not a socket failure (a {@code reject} rule's ICMP error
     * arrives like any other, a plain {@code drop} shows as a lost packet); the refusal is recorded
     * ({@link EchoBatch#refused}) for those who report it, as iputils does. Linux fails a ping socket's next send
     * with the errno of an ICMP error that reached it, and sends nothing then: a request that failed otherwise
     * is tried again, alone, before its failure counts ({@link #retry}).
     */
    @Override
    public void send(EchoBatch batch) throws IcmpSocketException {
        Objects.requireNonNull(batch, "batch");
        if (batch.isIpv6() != isIpv6()) {
            throw new IllegalArgumentException(
                    "an " + (batch.isIpv6() ? "IPv6" : "IPv4") + " batch on an " + family() + " socket");
        }
        if (channel.isClosed()) {
            throw NativeFailures.closed();
        }
        int count = batch.size();
        boolean v4 = !isIpv6();
        int identifier = channel.isRaw() && batch.identifier() >= 0 ? batch.identifier() : decoder.identifier();
        sendLock.lock();
        try {
            applyTtl(batch.ttl() == 0 ? options.ttl() : batch.ttl());
            applyTrafficClass(batch.trafficClass() == -1 ? options.trafficClass() : batch.trafficClass());
            TransmitTimestamps timestamps = transmitTimestamps;
            if (timestamps != null) {
                for (int i = 0; i < count; i++) {
                    timestamps.expect(batch.highs()[i], batch.lows()[i], batch.sequences()[i]);
                }
            }
            channel.sendEchoBatch(
                    batch.payload(),
                    requestType,
                    identifier,
                    count,
                    batch.sequences(),
                    v4 ? batch.ipv4s() : null,
                    batch.highs(),
                    batch.lows(),
                    errnos,
                    clocks);
            batch.sentAt(clocks[0], clocks[1]);
            boolean allSent = true;
            for (int i = 0; i < count; i++) {
                allSent &= errnos[i] == 0;
            }
            if (allSent) {
                if (timestamps != null) {
                    timestamps.sent();
                }
                return;
            }
            boolean keysKnown = true;
            for (int i = 0; i < count; i++) {
                keysKnown &= errnos[i] == 0 || !mayHaveUsedKey(errnos[i]);
            }
            if (!keysKnown) {
                restartTransmitKeys();
            } else if (timestamps != null) {
                // the requests that left used the keys in order; those that failed used none
                timestamps.withdrawn();
                for (int i = 0; i < count; i++) {
                    if (errnos[i] == 0) {
                        timestamps.expect(batch.highs()[i], batch.lows()[i], batch.sequences()[i]);
                    }
                }
                timestamps.sent();
            }
            for (int i = 0; i < count; i++) {
                if (errnos[i] == Errno.EPERM) {
                    batch.refused(i, refusal(batch, i));
                } else if (errnos[i] != 0) {
                    retry(batch, i, identifier, v4);
                }
            }
        } catch (ErrnoException e) {
            throw NativeFailures.of(e, channel.isClosed());
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends one request of a batch alone after it failed; records its failure. Under the send lock.
     *
     * <p>A ping socket keeps the errno of the last ICMP error that reached it ({@code sk_err}) and fails its
     * next send with that errno, sending nothing; the failed call clears it, but another error may arrive
     * before the retry (a traceroute's Time Exceeded come as fast as its probes leave). So while a request
     * fails with an errno such an error leaves and an error is pending on the socket, it is sent again, up to
     * {@link #SEND_ATTEMPTS} times in all. A route's own failure gives that errno with no error pending: one
     * retry and one poll; but a transmit timestamp waiting on the error queue shows as pending too, so with
     * transmit timestamps on (the prober) a request with no route queued after one that left costs all
     * {@link #SEND_ATTEMPTS} sends.
     */
    private void retry(EchoBatch batch, int i, int identifier, boolean v4) throws ErrnoException {
        retrySequence[0] = batch.sequences()[i];
        retryIpv4[0] = batch.ipv4s()[i];
        retryHigh[0] = batch.highs()[i];
        retryLow[0] = batch.lows()[i];
        int attempts = 1;
        do {
            attempts++;
            TransmitTimestamps timestamps = transmitTimestamps;
            if (timestamps != null) {
                timestamps.expect(retryHigh[0], retryLow[0], retrySequence[0]);
            }
            channel.sendEchoBatch(
                    batch.payload(),
                    requestType,
                    identifier,
                    1,
                    retrySequence,
                    v4 ? retryIpv4 : null,
                    retryHigh,
                    retryLow,
                    retryErrno,
                    retryClocks);
            if (retryErrno[0] == 0) {
                if (timestamps != null) {
                    timestamps.sent();
                }
                return;
            }
            if (mayHaveUsedKey(retryErrno[0])) {
                restartTransmitKeys();
            } else if (timestamps != null) {
                timestamps.withdrawn();
            }
        } while (attempts < SEND_ATTEMPTS && isPendingIcmpError(retryErrno[0]) && channel.errorPending());
        if (retryErrno[0] == Errno.EPERM) {
            batch.refused(i, refusal(batch, i));
        } else {
            batch.failed(
                    i,
                    NativeFailures.ofSend(
                            new ErrnoException("sendto", retryErrno[0]), channel.isClosed(), batch.destination(i)));
        }
    }

    /**
     * Whether an errno is one that an ICMP error reaching the socket leaves for its next send (the kernel's
     * {@code ping_err}, with {@code icmp_err_convert} and {@code icmpv6_err_convert}): every code of an
     * unreachable (a protocol unreachable is ENOPROTOOPT, a host unknown EHOSTDOWN, ...), time exceeded,
     * packet too big, parameter problem, and an IPv4 redirect or source quench (EREMOTEIO).
     */
    private static boolean isPendingIcmpError(int errno) {
        return switch (errno) {
            case Errno.EHOSTUNREACH,
                    Errno.ENETUNREACH,
                    Errno.EHOSTDOWN,
                    Errno.ENONET,
                    Errno.ENOPROTOOPT,
                    Errno.EOPNOTSUPP,
                    Errno.ECONNREFUSED,
                    Errno.EPROTO,
                    Errno.EMSGSIZE,
                    Errno.EACCES,
                    Errno.EREMOTEIO -> true;
            default -> false;
        };
    }

    /** A local firewall's refusal of request i, which counts as sent: what the listener is told. */
    private IcmpSocketException refusal(EchoBatch batch, int i) {
        return NativeFailures.ofSend(new ErrnoException("sendto", Errno.EPERM), false, batch.destination(i));
    }

    /**
     * Whether a failed send may have used up a transmit timestamp key. The kernel takes a key when it builds
     * the datagram and gives it back when building fails; a refusal after that (a firewall's EPERM, a full
     * queue's ENOBUFS, or anything not known here) keeps it used. Known to fail before a key is kept: a route
     * or broadcast check, and the socket's pending ICMP error, which a ping socket reports on the next send
     * (a traceroute's time exceeded), so that restarting the keys then would give every later request the
     * key of an earlier one whose timestamp is still queued.
     */
    private static boolean mayHaveUsedKey(int errno) {
        if (isPendingIcmpError(errno)) {
            return false;
        }
        return switch (errno) {
            case Errno.ENETDOWN, Errno.EADDRNOTAVAIL, Errno.EINVAL -> false;
            default -> true;
        };
    }

    /**
     * After a failed send that may have used up a transmit timestamp key ({@link #mayHaveUsedKey}), nobody knows
     * whether it did: restart the counter at 0. When that fails, stop using transmit timestamps on this
     * socket. Under the send lock.
     */
    private void restartTransmitKeys() {
        TransmitTimestamps timestamps = transmitTimestamps;
        if (timestamps == null) {
            return;
        }
        try {
            channel.enableTransmitTimestamps();
            timestamps.restarted();
        } catch (ErrnoException e) {
            transmitTimestamps = null;
        }
    }

    private void applyTtl(int ttl) throws ErrnoException {
        if (ttl != currentTtl) {
            boolean v4 = decoder.version() == IcmpVersion.V4;
            channel.setOption(v4 ? IntOption.IP_TTL : IntOption.IPV6_UNICAST_HOPS, ttl == 0 ? -1 : ttl);
            currentTtl = ttl;
        }
    }

    private void applyTrafficClass(int trafficClass) throws ErrnoException {
        if (trafficClass != currentTrafficClass) {
            boolean v4 = decoder.version() == IcmpVersion.V4;
            channel.setOption(v4 ? IntOption.IP_TOS : IntOption.IPV6_TCLASS, trafficClass);
            currentTrafficClass = trafficClass;
        }
    }

    /**
     * Waits up to a time, then reads the error queue (ICMP errors of a ping socket, transmit timestamps: read
     * first, so that a reply finds its request's timestamp) and the data queue, each in batches until one
     * comes back short, or {@value #BATCHES_PER_RECEIVE} batches. A socket without transmit timestamps first
     * reads what its data queue holds already, and returns with it without waiting (called empty only on a raw
     * socket, whose error queue stays empty).
     */
    @Override
    public boolean receive(long timeoutNanos, ReplyHandler handler) throws IcmpSocketException {
        Objects.requireNonNull(handler, "handler");
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout is " + timeoutNanos + " ns; it must not be negative");
        }
        if (channel.isClosed()) {
            throw NativeFailures.closed();
        }
        try {
            receiver.handler = handler;
            if (timeoutNanos > 0 && transmitTimestamps == null) {
                // what is queued already is read without a wait: loopback answers within the send call, so a
                // flood's reply is there when its loop comes to wait for it (a poll saved per reply). The error
                // queue is empty too on a raw socket, which queues no errors (no IP_RECVERR, no timestamps); on
                // a ping socket the next read, which checks both, tells
                int read = channel.receive(false, replyType, decoder.identifier(), receiver);
                if (read > 0) {
                    boolean empty = read < IcmpChannel.BATCH || readQueue(false);
                    return empty && channel.isRaw();
                }
            }
            int ready = channel.await(timeoutNanos);
            if ((ready & IcmpChannel.CLOSED) != 0) {
                throw NativeFailures.closed();
            }
            boolean empty = true;
            if ((ready & IcmpChannel.ERRORS_QUEUED) != 0) {
                empty = readQueue(true);
            }
            if ((ready & IcmpChannel.READABLE) != 0) {
                empty &= readQueue(false);
            }
            return empty;
        } catch (ErrnoException e) {
            throw NativeFailures.of(e, channel.isClosed());
        } finally {
            receiver.handler = null;
        }
    }

    /** Reads one queue in batches; true when a batch came back short (the queue was read empty). */
    private boolean readQueue(boolean errorQueue) throws ErrnoException {
        for (int batches = 0; batches < BATCHES_PER_RECEIVE; batches++) {
            if (channel.receive(errorQueue, replyType, decoder.identifier(), receiver) < IcmpChannel.BATCH) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void wakeup() {
        channel.wakeup();
    }

    @Override
    public IcmpReply receive(SentRequest request, Duration timeout) throws IcmpSocketException {
        Objects.requireNonNull(request, "request");
        long deadline = System.nanoTime() + requirePositive(timeout);
        while (true) {
            IcmpReply reply = next(deadline, timeout);
            if (matches(request, reply)) {
                return reply;
            }
        }
    }

    @Override
    public IcmpReply receive(Duration timeout) throws IcmpSocketException {
        return next(System.nanoTime() + requirePositive(timeout), timeout);
    }

    private static boolean matches(SentRequest sent, IcmpReply reply) {
        IcmpRequest request = sent.request();
        if (reply.identifier() != sent.identifier() || reply.sequence() != request.sequence()) {
            return false;
        }
        if (reply.isEchoReply()) {
            return reply.source().equals(request.destination()) && reply.payloadEquals(request.payload());
        }
        return reply.probeDestination().equals(request.destination());
    }

    /** Returns the next message, waiting until the deadline. */
    private IcmpReply next(long deadline, Duration timeout) throws IcmpSocketException {
        while (pending.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new TimeoutExceededException(timeout);
            }
            receive(remaining, view -> pending.add(replyOf(view)));
        }
        return pending.poll();
    }

    /** A lasting copy of what a view shows. */
    static IcmpReply replyOf(ReplyView view) {
        return new IcmpReply(
                view.source(),
                view.probeDestination(),
                view.identifier(),
                view.sequence(),
                view.bytes(),
                view.ttl(),
                view.payload(),
                view.message(),
                view.receivedAtEpochNanos(),
                view.receivedAtMonotonicNanos(),
                view.sentAtKernelEpochNanos());
    }

    /**
     * The sink of the one receive path: shows each echo reply read in place, and each decoded error, through
     * one reused view, with its request's transmit timestamp; records transmit timestamps. One object for the
     * socket's life, so a receive call makes none for an echo reply.
     */
    private final class Receiver implements ReceiveSink, ReplyView.PayloadSource {
        private final ReplyView view = new ReplyView();
        private ReplyHandler handler;
        private int entry;
        private int payloadOffset;
        private int payloadLength;

        @Override
        public void echoReply(
                int entry,
                int ipv4,
                long high,
                long low,
                int identifier,
                int sequence,
                int ttl,
                int icmpBytes,
                int payloadOffset,
                long receivedAtEpochNanos,
                long receivedAtMonotonicNanos,
                boolean checksumValid) {
            this.entry = entry;
            this.payloadOffset = payloadOffset;
            this.payloadLength = icmpBytes - 8;
            boolean v6 = isIpv6();
            view.showEcho(
                    v6,
                    high,
                    v6 ? low : Integer.toUnsignedLong(ipv4),
                    identifier,
                    sequence,
                    ttl,
                    icmpBytes,
                    receivedAtEpochNanos,
                    receivedAtMonotonicNanos,
                    checksumValid,
                    this);
            show();
        }

        @Override
        public void transmitTimestamp(TransmitTimestamp timestamp) {
            TransmitTimestamps timestamps = transmitTimestamps;
            if (timestamps != null) {
                timestamps.arrived(timestamp);
            }
        }

        /**
         * A datagram the in-place path passed on, decoded: an ICMP error quoting one of our requests is shown;
         * an echo reply read whole is not ours (the in-place path takes every echo reply with our identifier).
         */
        @Override
        public void datagram(ReceivedDatagram datagram) {
            decoder.decode(datagram).filter(reply -> !reply.isEchoReply()).ifPresent(error -> {
                view.showError(
                        error.source(),
                        error.probeDestination(),
                        error.identifier(),
                        error.sequence(),
                        error.bytesReceived(),
                        error.ttl(),
                        error.payload(),
                        error.message(),
                        error.receivedAtEpochNanos(),
                        error.receivedAtMonotonicNanos());
                show();
            });
        }

        private void show() {
            TransmitTimestamps timestamps = transmitTimestamps;
            if (timestamps != null) {
                view.sentAtKernel(timestamps.sentAt(view.destinationHigh(), view.destinationLow(), view.sequence()));
            }
            handler.onReply(view);
        }

        @Override
        public boolean payloadEquals(byte[] expected) {
            return channel.payloadEquals(entry, payloadOffset, payloadLength, expected);
        }

        @Override
        public byte[] payload() {
            return channel.payload(entry, payloadOffset, payloadLength);
        }
    }

    @Override
    public long receiveBufferBytes() {
        try {
            return channel.getOption(IntOption.SO_RCVBUF);
        } catch (ErrnoException closedOrUnsupported) {
            return 0;
        }
    }

    /**
     * Reads an integer option of the socket back ({@code getsockopt}): for tests of what the options set.
     *
     * @param option the option
     * @return its value
     * @throws ErrnoException when the kernel refuses, or the socket is closed
     */
    int intOption(IntOption option) throws ErrnoException {
        return channel.getOption(option);
    }

    @Override
    public CompletableFuture<IcmpReply> receiveAsync(SentRequest request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        requirePositive(timeout);
        CompletableFuture<IcmpReply> future = new CompletableFuture<>();
        try {
            asyncReceiver().execute(() -> {
                try {
                    future.complete(receive(request, timeout));
                } catch (IcmpSocketException | RuntimeException e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException | SocketUnavailableException e) {
            future.completeExceptionally(e instanceof SocketUnavailableException ? e : NativeFailures.closed());
        }
        return future;
    }

    private ExecutorService asyncReceiver() throws SocketUnavailableException {
        synchronized (asyncLock) {
            if (channel.isClosed()) {
                throw NativeFailures.closed();
            }
            if (asyncReceiver == null) {
                asyncReceiver = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                        .daemon()
                        .name("icmpj-receive-" + family() + "-" + identifier())
                        .factory());
            }
            return asyncReceiver;
        }
    }

    @Override
    public long kernelDrops() {
        try {
            return channel.kernelDrops();
        } catch (ErrnoException closedOrUnsupported) {
            return 0;
        }
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }

    @Override
    public void close() {
        channel.close();
        synchronized (asyncLock) {
            if (asyncReceiver != null) {
                asyncReceiver.shutdown();
            }
        }
    }

    private static long requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout is " + timeout + "; it must be positive");
        }
        return timeout.toNanos();
    }
}
