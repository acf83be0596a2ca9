package dev.icmpj.lab;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A packet file descriptor with an eventfd beside it that wakes a reader blocked in {@link #read} when the
 * descriptor is being closed: a layer-3 TUN device without packet information ({@code IFF_TUN | IFF_NO_PI}),
 * whose reads and writes are whole IPv4 or IPv6 packets, or a raw ICMP socket, whose reads are ICMP packets
 * (behind their IPv4 header; ICMPv6 without one), or a packet socket that sees every IP packet crossing the
 * namespace's interfaces, both ways, with the kernel's timestamp of each ({@link #receiveTimestamped}).
 *
 * <p>One thread reads, one thread writes (each with its own errno segment); {@link #wakeUp()} from any
 * thread; {@link #close()} only after both have stopped.
 */
final class WakeableFd implements AutoCloseable {
    private final int fd;
    private final int wakeFd;
    private final String name;

    private WakeableFd(int fd, int wakeFd, String name) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
    }

    /**
     * Creates a TUN device in the network namespace of the calling thread.
     *
     * @param name the interface name, at most 15 bytes
     * @return the open device
     * @throws IOException with errno when /dev/net/tun cannot be opened or configured
     */
    static WakeableFd tun(String name) throws IOException {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > 15) {
            throw new IllegalArgumentException("interface name longer than 15 bytes: " + name);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = Libc.open(errno, arena.allocateFrom("/dev/net/tun"), Libc.O_RDWR | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open(/dev/net/tun) failed, errno " + -fd);
            }
            MemorySegment ifreq = arena.allocate(Libc.IFREQ_SIZE);
            MemorySegment.copy(ascii, 0, ifreq, ValueLayout.JAVA_BYTE, 0, ascii.length);
            ifreq.set(ValueLayout.JAVA_SHORT, Libc.IFREQ_FLAGS, (short) (Libc.IFF_TUN | Libc.IFF_NO_PI));
            int rc = Libc.ioctl(errno, fd, Libc.TUNSETIFF, ifreq);
            int wake = rc < 0 ? rc : Libc.eventfd(errno, Libc.EFD_CLOEXEC);
            if (wake < 0) {
                Libc.close(errno, fd);
                throw new IOException((rc < 0 ? "ioctl(TUNSETIFF, " : "eventfd(") + name + ") failed, errno " + -wake);
            }
            return new WakeableFd(fd, wake, name);
        }
    }

    /**
     * Opens a raw ICMP or ICMPv6 socket in the network namespace of the calling thread.
     *
     * @param ipv6 ICMPv6 rather than ICMPv4
     * @return the open socket
     * @throws IOException with errno when the socket cannot be opened
     */
    static WakeableFd rawIcmp(boolean ipv6) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = ipv6
                    ? Libc.socket(errno, Libc.AF_INET6, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_ICMPV6)
                    : Libc.socket(errno, Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_ICMP);
            if (fd < 0) {
                throw new IOException("socket(SOCK_RAW) failed, errno " + -fd);
            }
            int wake = Libc.eventfd(errno, Libc.EFD_CLOEXEC);
            if (wake < 0) {
                Libc.close(errno, fd);
                throw new IOException("eventfd failed, errno " + -wake);
            }
            return new WakeableFd(fd, wake, ipv6 ? "raw-icmpv6" : "raw-icmp");
        }
    }

    /**
     * Opens a packet socket ({@code AF_PACKET}, {@code SOCK_DGRAM}, every protocol) with kernel timestamps
     * ({@code SO_TIMESTAMPNS}) in the network namespace of the calling thread: its reads are the IP packets that
     * every interface of the namespace sends or receives.
     *
     * @return the open socket
     * @throws IOException with errno when the socket cannot be opened
     */
    static WakeableFd packetTap() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            int fd = Libc.socket(
                    errno, Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, Libc.ETH_P_ALL_NETWORK_ORDER);
            if (fd < 0) {
                throw new IOException("socket(AF_PACKET) failed, errno " + -fd);
            }
            MemorySegment on = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
            int rc = Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, on, 4);
            int wake = rc < 0 ? rc : Libc.eventfd(errno, Libc.EFD_CLOEXEC);
            if (wake < 0) {
                Libc.close(errno, fd);
                throw new IOException((rc < 0 ? "setsockopt(SO_TIMESTAMPNS" : "eventfd(") + ") failed, errno " + -wake);
            }
            return new WakeableFd(fd, wake, "packet-tap");
        }
    }

    /**
     * On a packet tap: waits for one packet and reads it with the kernel's timestamp ({@code recvmsg} and its
     * {@code SCM_TIMESTAMPNS} control message).
     *
     * @param errno the calling thread's errno segment
     * @param pollfds a segment of two {@code struct pollfd}, owned by the calling thread
     * @param buffer where the packet goes
     * @param scratch at least {@code MSGHDR_SIZE + IOVEC_SIZE + 64} bytes, 8-aligned, owned by the calling thread
     * @param epochNanos where the timestamp goes ({@code [0]}, {@code CLOCK_REALTIME} in nanoseconds; 0 if none)
     * @return the packet's length, or -1 once {@link #wakeUp()} was called
     * @throws IOException with errno when poll or recvmsg fails
     */
    int receiveTimestamped(
            MemorySegment errno, MemorySegment pollfds, MemorySegment buffer, MemorySegment scratch, long[] epochNanos)
            throws IOException {
        MemorySegment iovec = scratch.asSlice(Libc.MSGHDR_SIZE, Libc.IOVEC_SIZE);
        MemorySegment control = scratch.asSlice(Libc.MSGHDR_SIZE + Libc.IOVEC_SIZE, 64);
        while (true) {
            if (!awaitReadable(errno, pollfds)) {
                return -1;
            }
            // the kernel rewrites the lengths and flags: set every field before each call
            scratch.asSlice(0, Libc.MSGHDR_SIZE).fill((byte) 0);
            iovec.set(ValueLayout.ADDRESS, 0, buffer);
            iovec.set(ValueLayout.JAVA_LONG, 8, buffer.byteSize());
            scratch.set(ValueLayout.ADDRESS, Libc.MSGHDR_IOV, iovec);
            scratch.set(ValueLayout.JAVA_LONG, Libc.MSGHDR_IOVLEN, 1L);
            scratch.set(ValueLayout.ADDRESS, Libc.MSGHDR_CONTROL, control);
            scratch.set(ValueLayout.JAVA_LONG, Libc.MSGHDR_CONTROLLEN, control.byteSize());
            long n = Libc.recvmsg(errno, fd, scratch, 0);
            if (n == -Libc.EINTR || n == -Libc.EAGAIN) {
                continue;
            }
            if (n < 0) {
                throw new IOException("recvmsg from " + name + " failed, errno " + -n);
            }
            epochNanos[0] = 0;
            long controlLength = scratch.get(ValueLayout.JAVA_LONG, Libc.MSGHDR_CONTROLLEN);
            for (long at = 0; at + Libc.CMSG_DATA <= controlLength; ) {
                long length = control.get(ValueLayout.JAVA_LONG, at);
                int level = control.get(ValueLayout.JAVA_INT, at + 8);
                int type = control.get(ValueLayout.JAVA_INT, at + 12);
                if (level == Libc.SOL_SOCKET && type == Libc.SCM_TIMESTAMPNS && length >= Libc.CMSG_DATA + 16) {
                    epochNanos[0] = control.get(ValueLayout.JAVA_LONG, at + Libc.CMSG_DATA) * 1_000_000_000L
                            + control.get(ValueLayout.JAVA_LONG, at + Libc.CMSG_DATA + 8);
                }
                if (length < Libc.CMSG_DATA) {
                    break;
                }
                at += (length + 7) & ~7L;
            }
            return (int) n;
        }
    }

    /** The interface name, or what the socket is. */
    String name() {
        return name;
    }

    /**
     * Waits for one packet and reads it.
     *
     * @param errno the calling thread's errno segment
     * @param pollfds a segment of two {@code struct pollfd}, owned by the calling thread
     * @param buffer where the packet goes
     * @return its length, or -1 once {@link #wakeUp()} was called
     * @throws IOException with errno when poll or read fails
     */
    int read(MemorySegment errno, MemorySegment pollfds, MemorySegment buffer) throws IOException {
        while (true) {
            if (!awaitReadable(errno, pollfds)) {
                return -1;
            }
            long n = Libc.read(errno, fd, buffer, buffer.byteSize());
            if (n == -Libc.EINTR || n == -Libc.EAGAIN) {
                continue;
            }
            if (n < 0) {
                throw new IOException("read from " + name + " failed, errno " + -n);
            }
            return (int) n;
        }
    }

    /** Polls the descriptor and the eventfd: true when the descriptor is readable, false once woken up. */
    private boolean awaitReadable(MemorySegment errno, MemorySegment pollfds) throws IOException {
        while (true) {
            pollfds.set(ValueLayout.JAVA_INT, 0, fd);
            pollfds.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
            pollfds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            pollfds.set(ValueLayout.JAVA_INT, Libc.POLLFD_SIZE, wakeFd);
            pollfds.set(ValueLayout.JAVA_SHORT, Libc.POLLFD_SIZE + 4, Libc.POLLIN);
            pollfds.set(ValueLayout.JAVA_SHORT, Libc.POLLFD_SIZE + 6, (short) 0);
            int ready = Libc.poll(errno, pollfds, 2, -1);
            if (ready == -Libc.EINTR) {
                continue;
            }
            if (ready < 0) {
                throw new IOException("poll on " + name + " failed, errno " + -ready);
            }
            return pollfds.get(ValueLayout.JAVA_SHORT, Libc.POLLFD_SIZE + 6) == 0;
        }
    }

    /**
     * Injects one packet into a TUN device.
     *
     * @param errno the calling thread's errno segment
     * @param packet the whole IP packet, in a native segment
     * @param length its length
     * @throws IOException with errno when the kernel refuses it
     */
    void write(MemorySegment errno, MemorySegment packet, int length) throws IOException {
        long n;
        do {
            n = Libc.write(errno, fd, packet, length);
        } while (n == -Libc.EINTR);
        if (n < 0) {
            throw new IOException("write to " + name + " failed, errno " + -n);
        }
    }

    /** Makes a blocked or later {@link #read} return -1. */
    void wakeUp() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            Libc.write(Libc.errnoSegment(arena), wakeFd, one, 8);
        }
    }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            Libc.close(errno, fd);
            Libc.close(errno, wakeFd);
        }
    }
}
