package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions icmpj calls, one {@code static final} downcall handle per function, named after it.
 * Every handle takes a leading errno capture segment ({@link #errnoSegment()}) and is called with
 * {@code invokeExact}; read {@link #errno(MemorySegment)} only after a call returned -1.
 *
 * <p>Thread-safe: the handles are immutable and each thread has its own capture segment.
 */
@SuppressWarnings("restricted")
final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    /** {@code int socket(int domain, int type, int protocol)}: a new socket fd, or -1. See socket(2). */
    static final MethodHandle socket =
            downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    /**
     * {@code int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)}: 0 or -1.
     * See setsockopt(2), ip(7), ipv6(7), socket(7), icmp(7).
     */
    static final MethodHandle setsockopt =
            downcall("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /**
     * {@code int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)}: 0 or -1;
     * {@code *optlen} is in/out. See getsockopt(2).
     */
    static final MethodHandle getsockopt =
            downcall("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** {@code int bind(int fd, const struct sockaddr *addr, socklen_t addrlen)}: 0 or -1. See bind(2). */
    static final MethodHandle bind = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /**
     * {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *addrlen)}: 0 or -1; {@code *addrlen}
     * is in/out. See getsockname(2).
     */
    static final MethodHandle getsockname =
            downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /**
     * {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *dest,
     * socklen_t addrlen)}: bytes sent, or -1. See sendto(2).
     */
    static final MethodHandle sendto = downcall(
            "sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    /**
     * {@code int recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags, struct timespec
     * *timeout)}: the number of messages received, or -1. See recvmmsg(2).
     */
    static final MethodHandle recvmmsg =
            downcall("recvmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    /**
     * {@code int sendmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags)}: the number of
     * messages sent, or -1 when the first failed. See sendmmsg(2).
     */
    static final MethodHandle sendmmsg =
            downcall("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}: the number of ready fds, 0 on
     * timeout, or -1 (EINTR when a signal arrived). See poll(2).
     */
    static final MethodHandle poll = downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    /** {@code int eventfd(unsigned int initval, int flags)}: a new eventfd, or -1. See eventfd(2). */
    static final MethodHandle eventfd = downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    /** {@code ssize_t read(int fd, void *buf, size_t count)}: bytes read, or -1. See read(2), eventfd(2). */
    static final MethodHandle read = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}: bytes written, or -1. See write(2), eventfd(2). */
    static final MethodHandle write = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    /** {@code int close(int fd)}: 0 or -1; the fd is released even on EINTR. See close(2). */
    static final MethodHandle close = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** {@code int clock_gettime(clockid_t clockid, struct timespec *tp)}: 0 or -1. See clock_gettime(2). */
    static final MethodHandle clock_gettime =
            downcall("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private Libc() {}

    /**
     * Returns the calling thread's errno capture segment, to pass as the first argument of every handle.
     *
     * @return a segment of {@link Linker.Option#captureStateLayout()}
     */
    static MemorySegment errnoSegment() {
        return CAPTURE.get();
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
        try {
            int ignored = (int) Libc.close.invokeExact(Libc.errnoSegment(), fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Rethrows what a block around {@code invokeExact} caught: {@link ErrnoException}s (returned, for the
     * caller's {@code throw}), runtime exceptions and errors as they are; anything else is a bug in a binding.
     *
     * @param t what was caught
     * @return the ErrnoException to throw
     */
    static ErrnoException rethrow(Throwable t) {
        return switch (t) {
            case ErrnoException e -> e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new AssertionError("a native binding threw " + t, t);
        };
    }

    /** A downcall returning an int, -1 meaning failure. */
    @FunctionalInterface
    interface IntCall {
        int invoke() throws Throwable;
    }

    /**
     * Runs a downcall that returns -1 on failure.
     *
     * @param capture the capture segment the call uses
     * @param what the call's name, for the exception
     * @param call the downcall
     * @return its non-negative result
     * @throws ErrnoException with the captured errno when it returned -1
     */
    static int checked(MemorySegment capture, String what, IntCall call) throws ErrnoException {
        int result;
        try {
            result = call.invoke();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (result == -1) {
            throw new ErrnoException(what, Libc.errno(capture));
        }
        return result;
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol =
                LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }
}
