package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ICMP socket file descriptor (raw or ping socket, IPv4 or IPv6) with an eventfd that wakes its
 * receiver, and the native buffers of both directions, allocated once in a shared arena.
 *
 * <p>Thread-safety: the configuration methods may be called from any thread; callers serialize the sends.
 * {@link #await} and {@link #receive} are for one receiving thread at a time.
 * {@link #close()} may be called from any thread: it wakes a receiver blocked in {@link #await}, waits until no
 * thread is inside a call, then closes both fds and the arena. Every call after close fails with {@link Errno#EBADF}.
 */
public final class IcmpChannel implements AutoCloseable {
    /** {@link #await} result bit: datagrams are queued. */
    public static final int READABLE = 1;
    /** {@link #await} result bit: the error queue holds ICMP errors or transmit timestamps. */
    public static final int ERRORS_QUEUED = 2;
    /** {@link #await} result bit: {@link #close()} was called. */
    public static final int CLOSED = 4;
    /** {@link #await} result bit: {@link #wakeup()} was called since the last wait. */
    public static final int WOKEN = 8;
    /** The most datagrams one {@link #receive} call reads: a full batch means more may be queued. */
    public static final int BATCH = ReceiveRing.BATCH;

    private static final int DRAIN_LIMIT = 10_000;
    /** Channels whose fds and arena are not released yet, in this JVM. */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final int fd;
    private final int wakeFd;
    private final boolean ipv6;
    private final boolean raw;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollFds;
    /** The timeout of one {@code ppoll}; the waiting thread's. */
    private final MemorySegment pollTimeout;

    private final MemorySegment wakeValue;
    /** Where a wait reads the eventfd's counter back to 0 after a {@link #wakeup()}; the waiting thread's. */
    private final MemorySegment wakeCount;

    private ReceiveRing ring;
    private SendRing sendRing;
    /** The send path's own poll vector (the socket alone) and zero timeout, made on first use. */
    private MemorySegment sendPollFd;

    private MemorySegment noWait;
    private final CallGate gate = new CallGate(this::release);

    private IcmpChannel(int fd, int wakeFd, boolean ipv6, boolean raw) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.ipv6 = ipv6;
        this.raw = raw;
        pollFds = arena.allocate(Structs.POLLFD.byteSize() * 2, 8);
        pollTimeout = arena.allocate(Structs.TIMESPEC);
        wakeValue = arena.allocate(JAVA_LONG);
        wakeCount = arena.allocate(JAVA_LONG);
        long size = Structs.POLLFD.byteSize();
        pollFds.set(JAVA_INT, 0, fd);
        pollFds.set(JAVA_SHORT, Structs.POLL_EVENTS, (short) (LinuxConstants.POLLIN | LinuxConstants.POLLERR));
        pollFds.set(JAVA_INT, size, wakeFd);
        pollFds.set(JAVA_SHORT, size + Structs.POLL_EVENTS, LinuxConstants.POLLIN);
        OPEN.incrementAndGet();
    }

    /**
     * Returns the number of channels of this JVM whose descriptors and native memory are not released yet:
     * for leak checks.
     *
     * @return channels opened and not yet released
     */
    public static int openChannels() {
        return OPEN.get();
    }

    /**
     * Opens a close-on-exec ICMP socket and its wake-up eventfd.
     *
     * @param ipv6 ICMPv6 ({@code AF_INET6, IPPROTO_ICMPV6}) or ICMPv4 ({@code AF_INET, IPPROTO_ICMP})
     * @param raw {@code SOCK_RAW} (needs CAP_NET_RAW) or {@code SOCK_DGRAM} (a ping socket; needs the
     *     group in {@code net.ipv4.ping_group_range})
     * @return the channel
     * @throws ErrnoException from {@code socket} (EACCES/EPERM: not allowed) or {@code eventfd}
     */
    public static IcmpChannel open(boolean ipv6, boolean raw) throws ErrnoException {
        MemorySegment capture = Libc.errnoSegment();
        int fd = Libc.checked(
                Libc.socket(
                        capture,
                        ipv6 ? LinuxConstants.AF_INET6 : LinuxConstants.AF_INET,
                        (raw ? LinuxConstants.SOCK_RAW : LinuxConstants.SOCK_DGRAM) | LinuxConstants.SOCK_CLOEXEC,
                        ipv6 ? LinuxConstants.IPPROTO_ICMPV6 : LinuxConstants.IPPROTO_ICMP),
                capture,
                "socket");
        int wake;
        try {
            wake = Libc.checked(
                    Libc.eventfd(capture, 0, LinuxConstants.EFD_CLOEXEC | LinuxConstants.EFD_NONBLOCK),
                    capture,
                    "eventfd");
        } catch (ErrnoException | RuntimeException e) {
            Libc.closeQuietly(fd);
            throw e;
        }
        try {
            return new IcmpChannel(fd, wake, ipv6, raw);
        } catch (RuntimeException | Error e) {
            Libc.closeQuietly(fd);
            Libc.closeQuietly(wake);
            throw e;
        }
    }

    /** True for an ICMPv6 socket. */
    public boolean isIpv6() {
        return ipv6;
    }

    /** True for a raw socket, false for a ping socket. */
    public boolean isRaw() {
        return raw;
    }

    /**
     * Sets an integer socket option ({@code setsockopt}).
     *
     * @param option the option
     * @param value its value
     * @throws ErrnoException when the kernel refuses it
     */
    public void setOption(IntOption option, int value) throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            setRaw(
                    option.level(),
                    option.optionName(),
                    call.allocateFrom(JAVA_INT, value),
                    "setsockopt(" + option + ")");
        }
    }

    /**
     * Reads an integer socket option ({@code getsockopt}).
     *
     * @param option the option
     * @return its value
     * @throws ErrnoException when the kernel refuses
     */
    public int getOption(IntOption option) throws ErrnoException {
        gate.enter("getsockopt");
        try (Arena call = Arena.ofConfined()) {
            MemorySegment value = call.allocate(JAVA_INT);
            MemorySegment length = call.allocateFrom(JAVA_INT, 4);
            MemorySegment capture = Libc.errnoSegment();
            Libc.checked(
                    Libc.getsockopt(capture, fd, option.level(), option.optionName(), value, length),
                    capture,
                    "getsockopt(" + option + ")");
            return value.get(JAVA_INT, 0);
        } finally {
            gate.leave();
        }
    }

    /**
     * Binds the socket to an interface ({@code SO_BINDTODEVICE}).
     *
     * @param interfaceName the interface
     * @throws ErrnoException ENODEV when there is no such interface, EPERM without CAP_NET_RAW
     */
    public void bindToDevice(String interfaceName) throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment name = call.allocateFrom(interfaceName, StandardCharsets.US_ASCII);
            setRaw(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_BINDTODEVICE, name, "setsockopt(SO_BINDTODEVICE)");
        }
    }

    /**
     * Binds the socket ({@code bind}); on a ping socket the port is the echo identifier, 0 for the kernel's.
     *
     * @param address a local address of the socket's family (the wildcard for any)
     * @param port the port / identifier, 0..65535
     * @throws ErrnoException EADDRNOTAVAIL when the address is not local, EADDRINUSE when the identifier is taken
     */
    public void bind(InetAddress address, int port) throws ErrnoException {
        gate.enter("bind");
        try (Arena call = Arena.ofConfined()) {
            MemorySegment sockaddr = call.allocate(SocketAddresses.MAX_SIZE, 8);
            int length = SocketAddresses.write(sockaddr, address, port);
            MemorySegment capture = Libc.errnoSegment();
            Libc.checked(Libc.bind(capture, fd, sockaddr, length), capture, "bind");
        } finally {
            gate.leave();
        }
    }

    /**
     * Returns the bound address and port ({@code getsockname}); on a ping socket the port is the identifier.
     *
     * @return the local address
     * @throws ErrnoException when the kernel refuses
     */
    public InetSocketAddress localAddress() throws ErrnoException {
        gate.enter("getsockname");
        try (Arena call = Arena.ofConfined()) {
            MemorySegment sockaddr = call.allocate(SocketAddresses.MAX_SIZE, 8);
            MemorySegment length = call.allocateFrom(JAVA_INT, (int) SocketAddresses.MAX_SIZE);
            MemorySegment capture = Libc.errnoSegment();
            Libc.checked(Libc.getsockname(capture, fd, sockaddr, length), capture, "getsockname");
            return new InetSocketAddress(SocketAddresses.read(sockaddr), SocketAddresses.port(sockaddr));
        } finally {
            gate.leave();
        }
    }

    /**
     * Restricts a raw socket to our traffic: the ICMP type filter, then a BPF program passing echo replies
     * with the identifier and errors quoting our echo requests, then drops what queued before.
     *
     * @param identifier our echo identifier
     * @throws ErrnoException when a filter cannot be attached
     */
    public void installIdentifierFilter(int identifier) throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            if (ipv6) {
                MemorySegment words = call.allocateFrom(JAVA_INT, PacketFilters.icmp6Filter());
                setRaw(LinuxConstants.IPPROTO_ICMPV6, LinuxConstants.ICMP6_FILTER, words, "setsockopt(ICMP6_FILTER)");
            } else {
                MemorySegment mask = call.allocateFrom(JAVA_INT, PacketFilters.icmpFilter());
                setRaw(LinuxConstants.SOL_RAW, LinuxConstants.ICMP_FILTER, mask, "setsockopt(ICMP_FILTER)");
            }
            int[][] program = ipv6 ? PacketFilters.ipv6Program(identifier) : PacketFilters.ipv4Program(identifier);
            MemorySegment fprog = PacketFilters.socketFilterProgram(call, program);
            setRaw(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_ATTACH_FILTER, fprog, "setsockopt(SO_ATTACH_FILTER)");
        }
        for (int i = 0; i < DRAIN_LIMIT && receive(false, -1, identifier, ReceiveSink.DISCARD) > 0; i++) {
            // drop what queued between socket() and the filter
        }
    }

    /**
     * Asks for a software transmit timestamp of every send on the error queue ({@code SO_TIMESTAMPING} with
     * {@code SOF_TIMESTAMPING_TX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_ID |
     * SOF_TIMESTAMPING_OPT_TSONLY}; receive timestamps stay with {@code SO_TIMESTAMPNS}). The kernel keys
     * them ({@link TransmitTimestamp#key()}) by a counter that starts at 0 here and counts the sends that
     * reached the IP layer. Calling it again restarts the counter at 0.
     *
     * @throws ErrnoException when the kernel does not support it
     */
    public void enableTransmitTimestamps() throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment off = call.allocateFrom(JAVA_INT, 0);
            MemorySegment on = call.allocateFrom(
                    JAVA_INT,
                    LinuxConstants.SOF_TIMESTAMPING_TX_SOFTWARE
                            | LinuxConstants.SOF_TIMESTAMPING_SOFTWARE
                            | LinuxConstants.SOF_TIMESTAMPING_OPT_ID
                            | LinuxConstants.SOF_TIMESTAMPING_OPT_TSONLY);
            // the kernel zeroes the key counter only when OPT_ID goes from unset to set
            setRaw(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_TIMESTAMPING_OLD, off, "setsockopt(SO_TIMESTAMPING)");
            setRaw(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_TIMESTAMPING_OLD, on, "setsockopt(SO_TIMESTAMPING)");
        }
    }

    /**
     * Reads {@code CLOCK_REALTIME}, the clock of the kernel's receive timestamps, through the JDK: on Linux
     * {@link Instant#now()} is that clock to the nanosecond, read inside the JVM at half the cost of a downcall
     * to {@code clock_gettime} (74 ns against 150 ns with C1, measured).
     *
     * @return nanoseconds since the epoch
     */
    public static long realtimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Sends a batch of echo requests with one payload, as few {@code sendmmsg} calls as the kernel allows:
     * when one fails, its errno is recorded and the rest go on. Each request gets its own 8-byte header
     * (checksum over header and payload) and destination; the payload is copied in only when it is another
     * array than last time. A batch of one is a {@code sendto}, with no vector to fill or copy (a flood sends
     * each request alone). Callers serialize sends.
     *
     * @param payload the echo data of every request
     * @param type the echo request type (8, or 128 for ICMPv6)
     * @param identifier 0..65535 (a ping socket puts its own)
     * @param count how many requests, at most {@link SendRing#CAPACITY}
     * @param sequences their sequence numbers
     * @param ipv4 their IPv4 destinations as 32 bits, or null for IPv6
     * @param high the first 64 bits of their IPv6 destinations
     * @param low the last 64 bits of their IPv6 destinations
     * @param errnos receives 0 for each request sent, its errno for each that failed
     * @param clocks receives {@code CLOCK_REALTIME} (ns since the epoch) and {@code System.nanoTime()}, read
     *     once everything is staged, right before the first {@code sendmmsg} (or the {@code sendto})
     * @throws ErrnoException EBADF once closed
     */
    public void sendEchoBatch(
            byte[] payload,
            int type,
            int identifier,
            int count,
            int[] sequences,
            int[] ipv4,
            long[] high,
            long[] low,
            int[] errnos,
            long[] clocks)
            throws ErrnoException {
        gate.enter("sendmmsg");
        try {
            SendRing ring = sendRing();
            ring.payload(payload);
            if (count == 1) {
                if (ipv4 != null) {
                    ring.oneIpv4(ipv4[0]);
                } else {
                    ring.oneIpv6(high[0], low[0]);
                }
                errnos[0] = sendOne(ring, type, identifier, sequences[0], clocks);
                return;
            }
            for (int i = 0; i < count; i++) {
                ring.echo(i, type, identifier, sequences[i]);
                if (ipv4 != null) {
                    ring.ipv4(i, ipv4[i]);
                } else {
                    ring.ipv6(i, high[i], low[i]);
                }
            }
            MemorySegment capture = Libc.errnoSegment();
            clocks[0] = realtimeNanos();
            clocks[1] = System.nanoTime();
            int at = 0;
            while (at < count) {
                int sent = ring.send(fd, at, count, capture);
                if (sent < 0) {
                    int errno = Libc.errno(capture);
                    if (errno == Errno.EBADF) {
                        throw new ErrnoException("sendmmsg", errno);
                    }
                    if (errno != Errno.EINTR) {
                        errnos[at++] = errno;
                    }
                } else {
                    for (int i = at; i < at + sent; i++) {
                        errnos[i] = 0;
                    }
                    at += sent;
                }
            }
        } finally {
            gate.leave();
        }
    }

    /**
     * A batch of one, to the destination written in the ring: {@code sendto}, no vector; inside the gate.
     *
     * @return 0 when sent, else the errno
     */
    private int sendOne(SendRing ring, int type, int identifier, int sequence, long[] clocks) throws ErrnoException {
        MemorySegment capture = Libc.errnoSegment();
        clocks[0] = realtimeNanos();
        clocks[1] = System.nanoTime();
        while (ring.sendOne(fd, type, identifier, sequence, capture) < 0) {
            int errno = Libc.errno(capture);
            if (errno == Errno.EBADF) {
                throw new ErrnoException("sendto", errno);
            }
            if (errno != Errno.EINTR) {
                return errno;
            }
        }
        return 0;
    }

    /**
     * Tells, without waiting, whether an ICMP error may be pending on the socket ({@code POLLERR}): as the
     * errno its next call fails with, or on its error queue, where a transmit timestamp shows the same way.
     * For the send path: callers serialize sends.
     *
     * @return true when one is pending
     * @throws ErrnoException EBADF once closed, or when {@code ppoll} fails
     */
    public boolean errorPending() throws ErrnoException {
        gate.enter("ppoll");
        try {
            if (sendPollFd == null) {
                sendPollFd = arena.allocate(Structs.POLLFD);
                sendPollFd.set(JAVA_INT, 0, fd);
                noWait = arena.allocate(Structs.TIMESPEC);
            }
            MemorySegment capture = Libc.errnoSegment();
            int ready;
            while ((ready = Libc.ppoll(capture, sendPollFd, 1L, noWait)) < 0) {
                int errno = Libc.errno(capture);
                if (errno != Errno.EINTR) {
                    throw new ErrnoException("ppoll", errno);
                }
            }
            return ready > 0 && (sendPollFd.get(JAVA_SHORT, Structs.POLL_REVENTS) & LinuxConstants.POLLERR) != 0;
        } finally {
            gate.leave();
        }
    }

    private SendRing sendRing() {
        if (sendRing == null) {
            sendRing = new SendRing(arena, ipv6);
        }
        return sendRing;
    }

    /**
     * Waits until the socket is readable, has queued errors, {@link #wakeup()} or {@link #close()} is called
     * ({@code ppoll} on the socket and the eventfd); EINTR is retried with the remaining time.
     *
     * @param timeoutNanos how long to wait; 0 checks without waiting
     * @return a combination of {@link #READABLE}, {@link #ERRORS_QUEUED}, {@link #WOKEN} and {@link #CLOSED}; 0
     *     on timeout
     * @throws ErrnoException when {@code poll} fails otherwise
     */
    public int await(long timeoutNanos) throws ErrnoException {
        gate.enter("ppoll");
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            long remaining = timeoutNanos;
            MemorySegment capture = Libc.errnoSegment();
            while (true) {
                // to the nanosecond: a loop sleeps until its next send, and poll's milliseconds would make each
                // send up to 1 ms late
                pollTimeout.set(JAVA_LONG, 0, remaining / 1_000_000_000L);
                pollTimeout.set(JAVA_LONG, Structs.TV_NSEC, remaining % 1_000_000_000L);
                int ready = Libc.ppoll(capture, pollFds, 2L, pollTimeout);
                if (ready >= 0) {
                    return ready == 0 ? 0 : readiness();
                }
                int errno = Libc.errno(capture);
                if (errno != Errno.EINTR) {
                    throw new ErrnoException("ppoll", errno);
                }
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
            }
        } finally {
            gate.leave();
        }
    }

    private int readiness() {
        long size = Structs.POLLFD.byteSize();
        short socketEvents = pollFds.get(JAVA_SHORT, Structs.POLL_REVENTS);
        short wakeEvents = pollFds.get(JAVA_SHORT, size + Structs.POLL_REVENTS);
        int ready = ((socketEvents & LinuxConstants.POLLIN) != 0 ? READABLE : 0)
                | ((socketEvents & LinuxConstants.POLLERR) != 0 ? ERRORS_QUEUED : 0);
        if (wakeEvents == 0) {
            return ready;
        }
        if (gate.isClosed()) {
            // closing leaves the eventfd readable for good
            return ready | CLOSED;
        }
        // a wakeup: read the counter back to 0, so the next wait waits again. A close that comes between the
        // check and the read is not lost: every call after it fails with EBADF.
        long ignored = Libc.read(Libc.errnoSegment(), wakeFd, wakeCount, 8L);
        return ready | WOKEN;
    }

    /**
     * Makes a thread waiting in {@link #await} return at once with {@link #WOKEN}, or the next wait when no
     * thread waits now ({@code write} to the eventfd). Thread-safe; a no-op once closed.
     */
    public void wakeup() {
        try {
            gate.enter("write");
        } catch (ErrnoException closed) {
            return;
        }
        try {
            wakeReceiver();
        } finally {
            gate.leave();
        }
    }

    /**
     * Reads what is already queued, up to one batch, without waiting ({@code recvmmsg}, with
     * {@code MSG_ERRQUEUE} for the error queue), and hands each entry to the sink sorted by what it is: our
     * echo replies in place, transmit timestamps, everything else copied out ({@link ReceiveRing#deliver}).
     * One receiving thread at a time.
     *
     * @param errorQueue true to read the error queue (ICMP errors on a ping socket, transmit timestamps)
     * @param replyType the echo reply type (0, or 129 for ICMPv6), or -1 to read no reply in place
     * @param identifier our echo identifier
     * @param sink receives what was read, inside this call
     * @return the number of entries read; 0 when none was queued, or when the call only reported a pending
     *     ICMP error (which waits on the error queue)
     * @throws ErrnoException when {@code recvmmsg} itself fails (EBADF, EFAULT, EINVAL, ENOMEM)
     */
    public int receive(boolean errorQueue, int replyType, int identifier, ReceiveSink sink) throws ErrnoException {
        String name = errorQueue ? "recvmmsg(MSG_ERRQUEUE)" : "recvmmsg";
        gate.enter(name);
        try {
            if (ring == null) {
                ring = new ReceiveRing(arena);
            }
            MemorySegment capture = Libc.errnoSegment();
            int count = errorQueue ? ring.receiveErrors(fd, capture) : ring.receiveBatch(fd, capture);
            if (count < 0) {
                int errno = Libc.errno(capture);
                // older kernels report sk_err from recvmmsg also with MSG_ERRQUEUE: the next call reads the queue
                if (errno == Errno.EAGAIN || isReportedNetworkError(errno)) {
                    return 0;
                }
                throw new ErrnoException(name, errno);
            }
            long now = System.nanoTime();
            boolean withIpHeader = raw && !ipv6;
            for (int i = 0; i < count; i++) {
                ring.deliver(i, ring.length(i), now, withIpHeader, replyType, identifier, sink);
            }
            return count;
        } finally {
            gate.leave();
        }
    }

    /**
     * Tells whether the echo data of an entry handed to an {@link ReceiveSink} equals the given bytes; only
     * during that sink call.
     *
     * @param entry the entry
     * @param offset where the data starts
     * @param length its length
     * @param expected the bytes to compare with
     * @return true when equal
     */
    public boolean payloadEquals(int entry, int offset, int length, byte[] expected) {
        return ring.bytesEqual(entry, offset, length, expected);
    }

    /**
     * Copies the echo data of an entry handed to an {@link ReceiveSink}; only during that sink call.
     *
     * @param entry the entry
     * @param offset where the data starts
     * @param length its length
     * @return the bytes
     */
    public byte[] payload(int entry, int offset, int length) {
        return ring.bytes(entry, offset, length);
    }

    /**
     * Tells whether a receive failed only because the kernel reports an ICMP error through {@code sk_err}
     * (a ping socket with {@code IP_RECVERR} sets it for every queued error): the error itself waits on the
     * error queue, so the call found nothing more to read. Errnos describing the call itself are real failures.
     */
    private static boolean isReportedNetworkError(int errno) {
        return errno != Errno.EBADF && errno != Errno.EFAULT && errno != Errno.EINVAL && errno != Errno.ENOMEM;
    }

    /**
     * Returns the socket's count of datagrams the kernel dropped, most at a full receive buffer
     * ({@code getsockopt(SO_MEMINFO)}, its {@code SK_MEMINFO_DROPS} counter): current, whether or not anything
     * arrived after the drops.
     *
     * @return drops since the socket was opened
     * @throws ErrnoException when the kernel refuses
     */
    public long kernelDrops() throws ErrnoException {
        gate.enter("getsockopt(SO_MEMINFO)");
        try (Arena call = Arena.ofConfined()) {
            MemorySegment counters = call.allocate(JAVA_INT, LinuxConstants.SK_MEMINFO_VARS);
            MemorySegment length = call.allocateFrom(JAVA_INT, (int) counters.byteSize());
            MemorySegment capture = Libc.errnoSegment();
            Libc.checked(
                    Libc.getsockopt(
                            capture, fd, LinuxConstants.SOL_SOCKET, LinuxConstants.SO_MEMINFO, counters, length),
                    capture,
                    "getsockopt(SO_MEMINFO)");
            return Integer.toUnsignedLong(counters.getAtIndex(JAVA_INT, LinuxConstants.SK_MEMINFO_DROPS));
        } finally {
            gate.leave();
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return gate.isClosed();
    }

    /**
     * Closes the channel: wakes a receiver blocked in {@link #await}, waits until no thread is inside a
     * call, closes the socket, the eventfd and the arena. Idempotent. Called from inside a call on the same
     * thread (a receive sink), it does not wait: the last thread to leave its call releases everything.
     */
    @Override
    public void close() {
        gate.close(this::wakeReceiver);
    }

    /** Makes the eventfd readable: every {@code poll} on this channel returns at once until it is read. */
    private void wakeReceiver() {
        wakeValue.set(JAVA_LONG, 0, 1L);
        long ignored = Libc.write(Libc.errnoSegment(), wakeFd, wakeValue, 8L);
    }

    /** Closes the fds and the arena; the gate runs it once, with no thread inside a call. */
    private void release() {
        Libc.closeQuietly(fd);
        Libc.closeQuietly(wakeFd);
        arena.close();
        OPEN.decrementAndGet();
    }

    private void setRaw(int level, int option, MemorySegment value, String what) throws ErrnoException {
        gate.enter(what);
        try {
            MemorySegment capture = Libc.errnoSegment();
            int length = (int) value.byteSize();
            Libc.checked(Libc.setsockopt(capture, fd, level, option, value, length), capture, what);
        } finally {
            gate.leave();
        }
    }
}
