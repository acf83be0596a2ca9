package dev.icmpj.socket;

import dev.icmpj.internal.linux.EchoSink;
import dev.icmpj.internal.linux.Errno;
import dev.icmpj.internal.linux.ErrnoException;
import dev.icmpj.internal.linux.IcmpChannel;
import dev.icmpj.internal.linux.IntOption;
import dev.icmpj.internal.linux.ReceivedDatagram;
import dev.icmpj.internal.linux.TransmitTimestamp;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.IcmpCodec;
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
import java.util.function.Consumer;

/**
 * An {@link IcmpSocket} on a Linux raw or ping socket ({@link IcmpChannel}).
 *
 * <p>Thread-safe as {@link IcmpSocket} promises: sends are serialized by a lock; receiving is for one thread
 * at a time; {@link #close()} from any thread wakes the receiver.
 */
final class KernelIcmpSocket implements IcmpSocket {
    private final IcmpChannel channel;
    private final SocketOptions options;
    private final Privilege privilege;
    private final ReplyDecoder decoder;
    /** What {@code readOnce} returns when a {@link #wakeup()} ended its wait and nothing was queued. */
    private static final int WOKEN_UP = -1;

    private final ReentrantLock sendLock = new ReentrantLock();
    /** The TTL / hop limit set on the socket, 0 for the kernel's; guarded by sendLock. */
    private int currentTtl;
    /** The TOS / traffic class set on the socket; guarded by sendLock. */
    private int currentTrafficClass;
    /** Associates the kernel's transmit timestamps with requests. */
    private final TransmitTimestamps transmitTimestamps = new TransmitTimestamps();
    /** True while the kernel timestamps our sends and its key count is known; written under sendLock. */
    private volatile boolean transmitTimestamping;
    /** Replies read in a batch but not yet handed out; receiver thread only. */
    private final ArrayDeque<IcmpReply> pending = new ArrayDeque<>();

    /** Per-request results of a batch send, and the one-request vectors of a retry; guarded by sendLock. */
    private final int[] batchErrnos = new int[EchoBatch.CAPACITY];

    private final int[] retrySequence = new int[1];
    private final int[] retryIpv4 = new int[1];
    private final long[] retryHigh = new long[1];
    private final long[] retryLow = new long[1];
    private final int[] retryErrno = new int[1];
    /** The send clocks of a batch, and of a retry (a retried request keeps its batch's clocks). */
    private final long[] batchClocks = new long[2];

    private final long[] retryClocks = new long[2];
    /** The in-place receive path; receiver thread only. */
    private final InPlaceReplies inPlace = new InPlaceReplies();
    /** The echo reply type of this socket's ICMP version. */
    private final int replyType;

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
        this.transmitTimestamping = transmitTimestamping;
        this.channel = channel;
        this.options = options;
        this.privilege = channel.isRaw() ? Privilege.PRIVILEGED : Privilege.UNPRIVILEGED;
        this.decoder = decoder;
        this.currentTtl = options.ttl();
        this.currentTrafficClass = options.trafficClass();
        this.replyType = decoder.version() == IcmpVersion.V4 ? IcmpTypes.V4_ECHO_REPLY : IcmpTypes.V6_ECHO_REPLY;
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
        if (channel.isClosed()) {
            throw NativeFailures.closed();
        }
        int wireIdentifier = channel.isRaw() ? request.identifier() : decoder.identifier();
        byte[] packet = IcmpCodec.encode(
                new EchoRequest(decoder.version(), wireIdentifier, request.sequence(), request.payload()));
        sendLock.lock();
        try {
            applyTtl(request.ttl() == 0 ? options.ttl() : request.ttl());
            applyTrafficClass(request.trafficClass() == -1 ? options.trafficClass() : request.trafficClass());
            channel.stage(packet, request.destination());
            if (transmitTimestamping) {
                transmitTimestamps.expect(request.destination(), request.sequence());
            }
            // the clocks are read last, right before the system call: nothing else runs in between
            long epoch = IcmpChannel.realtimeNanos();
            long monotonic = System.nanoTime();
            sendDroppingFirewallVerdict();
            return new SentRequest(request, wireIdentifier, epoch, monotonic);
        } catch (ErrnoException e) {
            throw NativeFailures.ofSend(e, channel.isClosed(), request.destination());
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends; EPERM from {@code sendto} means a netfilter rule of this host dropped the packet on its way out.
     * That is the network's answer, not a socket failure: a {@code reject} rule's ICMP error arrives like
     * any other, and a plain {@code drop} shows as a lost packet.
     */
    private void sendDroppingFirewallVerdict() throws ErrnoException {
        try {
            channel.sendStaged();
            if (transmitTimestamping) {
                transmitTimestamps.sent();
            }
        } catch (ErrnoException e) {
            restartTransmitKeys();
            if (e.errno() != Errno.EPERM || channel.isClosed()) {
                throw e;
            }
        }
    }

    /**
     * After a failed {@code sendto} nobody knows whether the kernel used up a transmit timestamp key (a
     * firewall drop does, a refused broadcast does not): restart its counter at 0. When that fails, stop
     * using transmit timestamps on this socket.
     */
    private void restartTransmitKeys() {
        if (!transmitTimestamping) {
            return;
        }
        try {
            channel.enableTransmitTimestamps();
            transmitTimestamps.restarted();
        } catch (ErrnoException e) {
            transmitTimestamping = false;
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

    /** Returns the next reply, waiting until the deadline. */
    private IcmpReply next(long deadline, Duration timeout) throws IcmpSocketException {
        while (pending.isEmpty()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new TimeoutExceededException(timeout);
            }
            readOnce(remaining, pending::add);
        }
        return pending.poll();
    }

    @Override
    public int drain(Duration timeout, Consumer<? super IcmpReply> sink) throws IcmpSocketException {
        Objects.requireNonNull(sink, "sink");
        long timeoutNanos = requireNonNegative(timeout);
        int delivered = 0;
        while (!pending.isEmpty()) {
            sink.accept(pending.poll());
            delivered++;
        }
        if (delivered > 0) {
            return delivered + readOnce(0, sink);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long remaining = timeoutNanos;
        do {
            delivered = readOnce(remaining, sink);
            if (delivered == WOKEN_UP) {
                return 0;
            }
            remaining = deadline - System.nanoTime();
        } while (delivered == 0 && remaining > 0);
        return delivered;
    }

    @Override
    public void wakeup() {
        channel.wakeup();
    }

    /**
     * Waits up to a time for the socket, then reads what is queued: batches of the error queue (ICMP errors
     * and transmit timestamps, so a reply finds its request's timestamp), then batches of datagrams, each
     * until a batch comes back short.
     *
     * @return how many replies went to the sink, or {@link #WOKEN_UP} when {@link #wakeup()} ended the wait
     *     and nothing was queued
     */
    private int readOnce(long timeoutNanos, Consumer<? super IcmpReply> sink) throws IcmpSocketException {
        if (channel.isClosed()) {
            throw NativeFailures.closed();
        }
        try {
            int ready = channel.await(timeoutNanos);
            if ((ready & IcmpChannel.CLOSED) != 0) {
                throw NativeFailures.closed();
            }
            if (ready == 0) {
                return 0;
            }
            if (ready == IcmpChannel.WOKEN) {
                return WOKEN_UP;
            }
            int[] accepted = {0};
            Consumer<ReceivedDatagram> decode = d -> decoder.decode(d).ifPresent(r -> {
                sink.accept(withTransmitTimestamp(r));
                accepted[0]++;
            });
            if ((ready & IcmpChannel.ERRORS_QUEUED) != 0) {
                Consumer<TransmitTimestamp> timestamps = t -> {
                    if (transmitTimestamping) {
                        transmitTimestamps.arrived(t);
                    }
                };
                // a transmit timestamp per send fills the error queue fast: read it like the data queue
                for (int batches = 0;
                        batches < 64 && channel.receiveQueuedErrors(decode, timestamps) == IcmpChannel.BATCH;
                        batches++) {
                    // a full batch: more may be queued
                }
            }
            if ((ready & IcmpChannel.READABLE) != 0) {
                for (int batches = 0; batches < 64 && channel.receive(decode) == IcmpChannel.BATCH; batches++) {
                    // a full batch: more may be queued
                }
            }
            return accepted[0];
        } catch (ErrnoException e) {
            throw NativeFailures.of(e, channel.isClosed());
        }
    }

    /** Adds the kernel's transmit timestamp of the request a reply answers, when it is known. */
    private IcmpReply withTransmitTimestamp(IcmpReply reply) {
        long sentAt = transmitTimestamping ? transmitTimestamps.sentAt(reply.probeDestination(), reply.sequence()) : 0;
        return sentAt == 0 ? reply : reply.withSentAtKernelEpochNanos(sentAt);
    }

    @Override
    public void send(EchoBatch batch) throws IcmpSocketException {
        Objects.requireNonNull(batch, "batch");
        if (batch.family() != family()) {
            throw new IllegalArgumentException("an " + batch.family() + " batch on an " + family() + " socket");
        }
        if (transmitTimestamping) {
            // each send's timestamp key is tracked per request
            IcmpSocket.super.send(batch);
            return;
        }
        if (channel.isClosed()) {
            throw NativeFailures.closed();
        }
        int count = batch.size();
        int type = decoder.version() == IcmpVersion.V4 ? IcmpTypes.V4_ECHO_REQUEST : IcmpTypes.V6_ECHO_REQUEST;
        boolean v4 = family() == Family.IPV4;
        sendLock.lock();
        try {
            applyTtl(batch.ttl() == 0 ? options.ttl() : batch.ttl());
            applyTrafficClass(batch.trafficClass() == -1 ? options.trafficClass() : batch.trafficClass());
            channel.sendEchoBatch(
                    batch.payload(),
                    type,
                    decoder.identifier(),
                    count,
                    batch.sequences(),
                    v4 ? batch.ipv4s() : null,
                    batch.highs(),
                    batch.lows(),
                    batchErrnos,
                    batchClocks);
            batch.sentAt(batchClocks[0], batchClocks[1]);
            for (int i = 0; i < count; i++) {
                if (batchErrnos[i] != 0 && batchErrnos[i] != Errno.EPERM) {
                    // Linux fails the next send with an ICMP error queued for an earlier request, and sends
                    // nothing then: that request is tried once more before its failure counts
                    retry(batch, i, type, v4);
                }
            }
        } catch (ErrnoException e) {
            throw NativeFailures.of(e, channel.isClosed());
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends one request of a batch alone; records its failure. EPERM is a firewall's drop, as in send. */
    private void retry(EchoBatch batch, int i, int type, boolean v4) throws ErrnoException {
        retrySequence[0] = batch.sequence(i);
        if (v4) {
            retryIpv4[0] = batch.ipv4(i);
        } else {
            retryHigh[0] = batch.ipv6High(i);
            retryLow[0] = batch.ipv6Low(i);
        }
        channel.sendEchoBatch(
                batch.payload(),
                type,
                decoder.identifier(),
                1,
                retrySequence,
                v4 ? retryIpv4 : null,
                retryHigh,
                retryLow,
                retryErrno,
                retryClocks);
        if (retryErrno[0] != 0 && retryErrno[0] != Errno.EPERM) {
            batch.failed(
                    i,
                    NativeFailures.ofSend(
                            new ErrnoException("sendmmsg", retryErrno[0]), channel.isClosed(), batch.destination(i)));
        }
    }

    @Override
    public int receive(Duration timeout, ReplyHandler handler) throws IcmpSocketException {
        Objects.requireNonNull(handler, "handler");
        long timeoutNanos = requireNonNegative(timeout);
        if (transmitTimestamping) {
            return IcmpSocket.super.receive(timeout, handler);
        }
        int delivered = 0;
        while (!pending.isEmpty()) {
            dispatch(pending.poll(), handler);
            delivered++;
        }
        if (channel.isClosed()) {
            throw NativeFailures.closed();
        }
        try {
            int ready = channel.await(delivered > 0 ? 0 : timeoutNanos);
            if ((ready & IcmpChannel.CLOSED) != 0) {
                throw NativeFailures.closed();
            }
            inPlace.handler = handler;
            inPlace.delivered = delivered;
            if ((ready & IcmpChannel.ERRORS_QUEUED) != 0) {
                for (int batches = 0;
                        batches < 64 && channel.receiveQueuedErrors(inPlace, t -> {}) == IcmpChannel.BATCH;
                        batches++) {
                    // a full batch: more may be queued
                }
            }
            if ((ready & IcmpChannel.READABLE) != 0) {
                for (int batches = 0;
                        batches < 64
                                && channel.receiveInPlace(replyType, decoder.identifier(), inPlace, inPlace)
                                        == IcmpChannel.BATCH;
                        batches++) {
                    // a full batch: more may be queued
                }
            }
            return inPlace.delivered;
        } catch (ErrnoException e) {
            throw NativeFailures.of(e, channel.isClosed());
        }
    }

    private static void dispatch(IcmpReply reply, ReplyHandler handler) {
        if (reply.isEchoReply()) {
            handler.onEchoReply(EchoReplyView.of(reply));
        } else {
            handler.onMessage(reply);
        }
    }

    /**
     * Fills one reused view with each echo reply read in place and hands it to the current handler; decodes
     * every other datagram and hands on what is ours. Counts what it handed on. One object for the socket's
     * life, so a receive call makes none.
     */
    private final class InPlaceReplies implements EchoSink, EchoReplyView.PayloadSource, Consumer<ReceivedDatagram> {
        private final EchoReplyView view = new EchoReplyView();
        private ReplyHandler handler;
        private int delivered;
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
                long receivedAtMonotonicNanos) {
            this.entry = entry;
            this.payloadOffset = payloadOffset;
            this.payloadLength = icmpBytes - 8;
            view.set(
                    family(),
                    ipv4,
                    high,
                    low,
                    identifier,
                    sequence,
                    ttl,
                    icmpBytes,
                    receivedAtEpochNanos,
                    receivedAtMonotonicNanos,
                    0,
                    this);
            delivered++;
            handler.onEchoReply(view);
        }

        @Override
        public void accept(ReceivedDatagram datagram) {
            decoder.decode(datagram).ifPresent(reply -> {
                dispatch(reply, handler);
                delivered++;
            });
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

    private static long requireNonNegative(Duration timeout) {
        long nanos = timeout.toNanos();
        if (nanos < 0) {
            throw new IllegalArgumentException("timeout is " + timeout + "; it must not be negative");
        }
        return nanos;
    }

    private static long requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout is " + timeout + "; it must be positive");
        }
        return timeout.toNanos();
    }
}
