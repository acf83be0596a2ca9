package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions icmpj calls, one static method per function, named after it. Each takes the calling
 * thread's errno capture segment ({@link #errnoSegment()}) first; read {@link #errno(MemorySegment)} only
 * after a call returned -1.
 *
 * <p>One downcall shape serves them all: {@code long f(long, long, long, long, long, long)}, with the function's
 * address as a leading argument and errno captured. The linker spins a stub class per shape, about 5 ms each in a
 * cold JVM that the AOT cache does not keep; one shape instead of one per function took 60 ms off every start
 * (measured, 13 shapes: 82 ms, one: 22 ms). It is sound on the ABIs icmpj runs on (x86-64 System V and AAPCS64):
 * every argument here is of integer class and goes in a 64-bit register (at most six, so none on the stack), a
 * callee reads an {@code int} parameter from the low 32 bits and ignores registers it has no parameter for, and
 * an {@code int} result is the low 32 bits of the return register. None of these functions is variadic.
 *
 * <p>Pointers are passed as addresses, so the linker does not keep their arenas open during the call: every
 * segment passed is either from a confined arena open around the call or from an {@link IcmpChannel}'s arena,
 * which its {@link CallGate} keeps open while any thread is inside a call.
 *
 * <p>Thread-safe: the handle is immutable and each thread has its own capture segment.
 */
@SuppressWarnings("restricted")
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    /**
     * The capture segment handed out last, with its thread: a loop thread that makes every call finds its own
     * here without the {@link ThreadLocal} lookup, which C1 compiles to a native call (49 ns against 7 ns with
     * C2, measured).
     */
    private static volatile OwnedCapture lastCapture = new OwnedCapture(null, MemorySegment.NULL);

    /** {@code (MemorySegment function, MemorySegment capture, long... six) -> long}. */
    private static final MethodHandle CALL = LINKER.downcallHandle(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.captureCallState("errno"));

    private static final MemorySegment SOCKET = symbol("socket");
    private static final MemorySegment SETSOCKOPT = symbol("setsockopt");
    private static final MemorySegment GETSOCKOPT = symbol("getsockopt");
    private static final MemorySegment BIND = symbol("bind");
    private static final MemorySegment GETSOCKNAME = symbol("getsockname");
    private static final MemorySegment SENDTO = symbol("sendto");
    private static final MemorySegment RECVMMSG = symbol("recvmmsg");
    private static final MemorySegment SENDMMSG = symbol("sendmmsg");
    private static final MemorySegment PPOLL = symbol("ppoll");
    private static final MemorySegment EVENTFD = symbol("eventfd");
    private static final MemorySegment WRITE = symbol("write");
    private static final MemorySegment READ = symbol("read");
    private static final MemorySegment CLOSE = symbol("close");

    private Libc() {}

    /** {@code int socket(int domain, int type, int protocol)}: a new socket fd, or -1. See socket(2). */
    static int socket(MemorySegment capture, int domain, int type, int protocol) {
        return (int) call(SOCKET, capture, domain, type, protocol, 0, 0, 0);
    }

    /**
     * {@code int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)}: 0 or -1.
     * See setsockopt(2), ip(7), ipv6(7), socket(7), icmp(7).
     */
    static int setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value, int length) {
        return (int) call(SETSOCKOPT, capture, fd, level, name, address(value), length, 0);
    }

    /**
     * {@code int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)}: 0 or -1;
     * {@code *optlen} is in/out. See getsockopt(2).
     */
    static int getsockopt(
            MemorySegment capture, int fd, int level, int name, MemorySegment value, MemorySegment length) {
        return (int) call(GETSOCKOPT, capture, fd, level, name, address(value), address(length), 0);
    }

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t addrlen)}: 0 or -1. See bind(2). */
    static int bind(MemorySegment capture, int fd, MemorySegment sockaddr, int length) {
        return (int) call(BIND, capture, fd, address(sockaddr), length, 0, 0, 0);
    }

    /**
     * {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *addrlen)}: 0 or -1; {@code *addrlen}
     * is in/out. See getsockname(2).
     */
    static int getsockname(MemorySegment capture, int fd, MemorySegment sockaddr, MemorySegment length) {
        return (int) call(GETSOCKNAME, capture, fd, address(sockaddr), address(length), 0, 0, 0);
    }

    /**
     * {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *dest,
     * socklen_t addrlen)}: bytes sent, or -1. See sendto(2).
     */
    static long sendto(
            MemorySegment capture,
            int fd,
            MemorySegment buffer,
            long length,
            int flags,
            MemorySegment destination,
            int destinationLength) {
        return call(SENDTO, capture, fd, address(buffer), length, flags, address(destination), destinationLength);
    }

    /**
     * {@code int recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags, struct timespec
     * *timeout)} without a timeout: the number of messages received, or -1. See recvmmsg(2).
     */
    static int recvmmsg(MemorySegment capture, int fd, MemorySegment vector, int count, int flags) {
        return (int) call(RECVMMSG, capture, fd, address(vector), count, flags, 0, 0);
    }

    /**
     * {@code int sendmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags)}: the number of
     * messages sent, or -1 when the first failed. See sendmmsg(2).
     *
     * @param vector the vector's segment
     * @param offset where in it the first {@code mmsghdr} to send is: no slice is made per call
     */
    static int sendmmsg(MemorySegment capture, int fd, MemorySegment vector, long offset, int count, int flags) {
        if (offset < 0 || offset + count * Structs.MMSGHDR.byteSize() > vector.byteSize()) {
            throw new IndexOutOfBoundsException("mmsghdr " + offset + " + " + count + " outside " + vector);
        }
        return (int) call(SENDMMSG, capture, fd, address(vector) + offset, count, flags, 0, 0);
    }

    /**
     * {@code int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo_p, const sigset_t *sigmask)}
     * with no signal mask (as {@code poll}, but the timeout to the nanosecond): the number of ready fds, 0 on
     * timeout, or -1 (EINTR when a signal arrived). See ppoll(2).
     */
    static int ppoll(MemorySegment capture, MemorySegment fds, long count, MemorySegment timeout) {
        return (int) call(PPOLL, capture, address(fds), count, address(timeout), 0, 0, 0);
    }

    /** {@code int eventfd(unsigned int initval, int flags)}: a new eventfd, or -1. See eventfd(2). */
    static int eventfd(MemorySegment capture, int initial, int flags) {
        return (int) call(EVENTFD, capture, initial, flags, 0, 0, 0, 0);
    }

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}: bytes written, or -1. See write(2), eventfd(2). */
    static long write(MemorySegment capture, int fd, MemorySegment buffer, long count) {
        return call(WRITE, capture, fd, address(buffer), count, 0, 0, 0);
    }

    /** {@code ssize_t read(int fd, void *buf, size_t count)}: bytes read, or -1. See read(2), eventfd(2). */
    static long read(MemorySegment capture, int fd, MemorySegment buffer, long count) {
        return call(READ, capture, fd, address(buffer), count, 0, 0, 0);
    }

    /** {@code int close(int fd)}: 0 or -1; the fd is released even on EINTR. See close(2). */
    static int close(MemorySegment capture, int fd) {
        return (int) call(CLOSE, capture, fd, 0, 0, 0, 0, 0);
    }

    /**
     * Returns the calling thread's errno capture segment, to pass as the first argument of every function.
     *
     * @return a segment of {@link Linker.Option#captureStateLayout()}
     */
    static MemorySegment errnoSegment() {
        Thread current = Thread.currentThread();
        OwnedCapture last = lastCapture;
        if (last.thread() == current) {
            return last.segment();
        }
        MemorySegment segment = CAPTURE.get();
        lastCapture = new OwnedCapture(current, segment);
        return segment;
    }

    /**
     * Reads the errno a call stored into a capture segment.
     *
     * @param capture the segment passed to the call
     * @return the errno
     */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** Closes an fd, ignoring the result: the fd is released even when close fails. */
    static void closeQuietly(int fd) {
        close(errnoSegment(), fd);
    }

    /**
     * Checks the result of a call that returns -1 on failure.
     *
     * @param result what the call returned
     * @param capture the capture segment the call used
     * @param what the call's name, for the exception
     * @return the result, when not -1
     * @throws ErrnoException with the captured errno when it was -1
     */
    static int checked(int result, MemorySegment capture, String what) throws ErrnoException {
        if (result == -1) {
            throw new ErrnoException(what, errno(capture));
        }
        return result;
    }

    /** The address of a native segment, for a pointer argument; {@link MemorySegment#NULL} is 0. */
    private static long address(MemorySegment segment) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("a heap segment cannot be passed to native code");
        }
        return segment.address();
    }

    private static long call(
            MemorySegment function, MemorySegment capture, long a, long b, long c, long d, long e, long f) {
        try {
            return (long) CALL.invokeExact(function, capture, a, b, c, d, e, f);
        } catch (Throwable t) {
            // the downcall itself throws nothing: only a wrong binding could get here
            throw new AssertionError("the native call failed: " + t, t);
        }
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    /** A thread's capture segment; the segment lives as long as the thread's {@link ThreadLocal} value. */
    private record OwnedCapture(Thread thread, MemorySegment segment) {}
}
