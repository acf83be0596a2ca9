package dev.icmpj.lab;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the lab needs: {@code open}, {@code ioctl}, {@code eventfd}, {@code socket},
 * {@code setsockopt}, {@code poll}, {@code read}, {@code recvmsg}, {@code write}, {@code close}. Each returns the C result, or minus errno when
 * the call failed, errno captured in a segment the calling thread owns ({@link #errnoSegment(Arena)}).
 *
 * <p>Stateless and thread-safe; the segments passed in belong to the caller.
 */
final class Libc {
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    /** {@code htons(ETH_P_ALL)}: every protocol, in the byte order a packet socket's protocol argument wants. */
    static final int ETH_P_ALL_NETWORK_ORDER = 0x0300;

    static final int SOL_SOCKET = 1;
    /** {@code SO_TIMESTAMPNS} (the {@code _OLD} value, the same on x86-64 and aarch64). */
    static final int SO_TIMESTAMPNS = 35;
    /** {@code SCM_TIMESTAMPNS}: the control message type of a {@code SO_TIMESTAMPNS} timestamp. */
    static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    /**
     * {@code struct msghdr}: {@code void *msg_name} at 0, {@code socklen_t msg_namelen} at 8 (4 bytes of padding
     * after it), {@code struct iovec *msg_iov} at 16, {@code size_t msg_iovlen} at 24, {@code void *msg_control}
     * at 32, {@code size_t msg_controllen} at 40, {@code int msg_flags} at 48, 56 bytes in all.
     */
    static final long MSGHDR_SIZE = 56;

    static final long MSGHDR_IOV = 16;
    static final long MSGHDR_IOVLEN = 24;
    static final long MSGHDR_CONTROL = 32;
    static final long MSGHDR_CONTROLLEN = 40;
    /** {@code struct iovec}: {@code void *iov_base}, {@code size_t iov_len}. */
    static final long IOVEC_SIZE = 16;
    /**
     * {@code struct cmsghdr}: {@code size_t cmsg_len} at 0, {@code int cmsg_level} at 8, {@code int cmsg_type} at
     * 12, data at 16; each message padded to 8 bytes.
     */
    static final long CMSG_DATA = 16;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final short POLLIN = 1;
    /** {@code _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;

    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq}: {@code char ifr_name[16]} then a 24-byte union whose first member is {@code short ifr_flags}. */
    static final long IFREQ_SIZE = 40;

    static final long IFREQ_FLAGS = 16;
    /** {@code struct pollfd}: {@code int fd; short events; short revents;}. */
    static final long POLLFD_SIZE = 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(INT, ADDRESS, INT));
    private static final MethodHandle IOCTL =
            handle("ioctl", FunctionDescriptor.of(INT, INT, LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle EVENTFD = handle("eventfd", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle SETSOCKOPT =
            handle("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ADDRESS, INT));
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(INT, ADDRESS, LONG, INT));
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle RECVMSG = handle("recvmsg", FunctionDescriptor.of(LONG, INT, ADDRESS, INT));
    private static final MethodHandle WRITE = handle("write", FunctionDescriptor.of(LONG, INT, ADDRESS, LONG));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));

    private Libc() {}

    @SuppressWarnings("restricted")
    private static MethodHandle handle(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, options);
    }

    /** Allocates a segment for captured errno, to be used by one thread. */
    static MemorySegment errnoSegment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** {@code open(2)}: a file descriptor or minus errno. */
    static int open(MemorySegment errno, MemorySegment path, int flags) {
        try {
            int r = (int) OPEN.invokeExact(errno, path, flags);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code ioctl(2)} with a pointer argument: 0 or more, or minus errno. */
    static int ioctl(MemorySegment errno, int fd, long request, MemorySegment argument) {
        try {
            int r = (int) IOCTL.invokeExact(errno, fd, request, argument);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code eventfd(2)}: a file descriptor or minus errno. */
    static int eventfd(MemorySegment errno, int flags) {
        try {
            int r = (int) EVENTFD.invokeExact(errno, 0, flags);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code socket(2)}: a file descriptor or minus errno. */
    static int socket(MemorySegment errno, int domain, int type, int protocol) {
        try {
            int r = (int) SOCKET.invokeExact(errno, domain, type, protocol);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code setsockopt(2)}: 0 or minus errno. */
    static int setsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value, int length) {
        try {
            int r = (int) SETSOCKOPT.invokeExact(errno, fd, level, name, value, length);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code recvmsg(2)}: the number of bytes read, or minus errno. */
    static long recvmsg(MemorySegment errno, int fd, MemorySegment message, int flags) {
        try {
            long r = (long) RECVMSG.invokeExact(errno, fd, message, flags);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code poll(2)}: the number of ready descriptors, 0 on timeout, or minus errno. */
    static int poll(MemorySegment errno, MemorySegment fds, long count, int timeoutMillis) {
        try {
            int r = (int) POLL.invokeExact(errno, fds, count, timeoutMillis);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code read(2)}: the number of bytes read or minus errno. */
    static long read(MemorySegment errno, int fd, MemorySegment buffer, long length) {
        try {
            long r = (long) READ.invokeExact(errno, fd, buffer, length);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code write(2)}: the number of bytes written or minus errno. */
    static long write(MemorySegment errno, int fd, MemorySegment buffer, long length) {
        try {
            long r = (long) WRITE.invokeExact(errno, fd, buffer, length);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** {@code close(2)}: 0 or minus errno. */
    static int close(MemorySegment errno, int fd) {
        try {
            int r = (int) CLOSE.invokeExact(errno, fd);
            return r < 0 ? -errno(errno) : r;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
