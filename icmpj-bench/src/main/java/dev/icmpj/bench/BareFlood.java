package dev.icmpj.bench;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * The floor of a Java flood: the least a ping flood written on the Foreign Function &amp; Memory API in a cold
 * JVM does per echo, with no icmpj code at all, so that {@code flood.sh} shows what the platform allows beside
 * iputils, the C reference and icmpj. Per request: two 16-bit stores (sequence and checksum) into one native
 * request, a realtime clock read, one {@code sendto} downcall with errno captured (a real flood must say why a
 * send failed); then {@code recvmmsg} without waiting until its reply is read, each reply's sequence and
 * kernel receive timestamp read in place, its round trip summed. One request in flight, as iputils' flood
 * keeps on loopback (its {@code pipe} of 1), and as icmpj's does. No objects, no copies, no checks beyond the
 * identifier: the work any flood with a valid round trip per echo cannot leave out.
 *
 * <p>Prints "sent received echoes-per-second mean-rtt-µs", as {@code ping}'s summary measures the rate, from
 * the first send to the last reply. Needs root (a raw socket). Sends only to 127.0.0.1, a bounded count, for at
 * most 10 s. The offsets are those of Linux on x86-64 and AArch64 (LP64).
 */
@SuppressWarnings("restricted")
public final class BareFlood {
    private static final int AF_INET = 2;
    private static final int SOCK_RAW = 3;
    private static final int IPPROTO_ICMP = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_TIMESTAMPNS = 35;
    private static final int SOL_RAW = 255;
    private static final int ICMP_FILTER = 1;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int LOOPBACK = 0x7F000001;
    private static final int IDENTIFIER = 0x4243;
    private static final int REQUEST_BYTES = 64;
    private static final int BATCH = 64;
    /** struct mmsghdr: a msghdr (name, namelen, iov, iovlen, control, controllen, flags) and msg_len. */
    private static final long MMSGHDR = 64;

    private static final long CONTROL = 64;
    private static final long BUFFER = 256;
    private static final ValueLayout.OfShort BE16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle CALL = LINKER.downcallHandle(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    private static final VarHandle ERRNO =
            Linker.Option.captureStateLayout().varHandle(PathElement.groupElement("errno"));

    private BareFlood() {}

    /**
     * Runs the flood.
     *
     * @param args the number of echoes
     */
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        Arena arena = Arena.global();
        MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
        MemorySegment sendto = function("sendto");
        MemorySegment recvmmsg = function("recvmmsg");
        int fd = call(function("socket"), errno, AF_INET, SOCK_RAW, IPPROTO_ICMP, 0, 0, 0, "socket");
        MemorySegment option = arena.allocate(JAVA_INT);
        option.set(JAVA_INT, 0, 1);
        MemorySegment setsockopt = function("setsockopt");
        call(setsockopt, errno, fd, SOL_SOCKET, SO_TIMESTAMPNS, option.address(), 4, 0, "SO_TIMESTAMPNS");
        // ICMP_FILTER: a set bit drops that type; let only echo replies (type 0) through
        option.set(JAVA_INT, 0, ~1);
        call(setsockopt, errno, fd, SOL_RAW, ICMP_FILTER, option.address(), 4, 0, "ICMP_FILTER");

        MemorySegment request = arena.allocate(REQUEST_BYTES, 8);
        request.set(JAVA_BYTE, 0, (byte) 8);
        request.set(BE16, 4, (short) IDENTIFIER);
        for (int i = 8; i < REQUEST_BYTES; i++) {
            request.set(JAVA_BYTE, i, (byte) i);
        }
        long baseSum = 0;
        for (int i = 0; i < REQUEST_BYTES; i += 2) {
            baseSum += Short.toUnsignedInt(request.get(BE16, i));
        }
        MemorySegment destination = arena.allocate(16, 8);
        destination.set(JAVA_SHORT, 0, (short) AF_INET);
        destination.set(JAVA_INT, 4, Integer.reverseBytes(LOOPBACK));

        MemorySegment vector = arena.allocate(MMSGHDR * BATCH, 8);
        MemorySegment iovecs = arena.allocate(16L * BATCH, 8);
        MemorySegment buffers = arena.allocate(BUFFER * BATCH, 8);
        MemorySegment controls = arena.allocate(CONTROL * BATCH, 8);
        for (int i = 0; i < BATCH; i++) {
            iovecs.set(JAVA_LONG, 16L * i, buffers.address() + BUFFER * i);
            iovecs.set(JAVA_LONG, 16L * i + 8, BUFFER);
            vector.set(JAVA_LONG, MMSGHDR * i + 16, iovecs.address() + 16L * i);
            vector.set(JAVA_LONG, MMSGHDR * i + 24, 1);
            vector.set(JAVA_LONG, MMSGHDR * i + 32, controls.address() + CONTROL * i);
            vector.set(JAVA_LONG, MMSGHDR * i + 40, CONTROL);
        }

        long[] sentAt = new long[1 << 16];
        long rttSum = 0;
        int sent = 0;
        int received = 0;
        long start = System.nanoTime();
        long deadline = start + 10_000_000_000L;
        while (received < count && System.nanoTime() < deadline) {
            if (sent == received && sent < count) {
                int sequence = sent & 0xFFFF;
                long sum = baseSum + sequence;
                sum = (sum & 0xFFFF) + (sum >>> 16);
                sum = (sum & 0xFFFF) + (sum >>> 16);
                request.set(BE16, 6, (short) sequence);
                request.set(BE16, 2, (short) ~sum);
                Instant now = Instant.now();
                sentAt[sequence] = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                call(sendto, errno, fd, request.address(), REQUEST_BYTES, 0, destination.address(), 16, "sendto");
                sent++;
            }
            int got = call(recvmmsg, errno, fd, vector.address(), BATCH, MSG_DONTWAIT, 0, 0, null);
            for (int i = 0; i < got; i++) {
                long at = BUFFER * i;
                long icmp = at + (buffers.get(JAVA_BYTE, at) & 0xF) * 4L;
                long control = CONTROL * i;
                vector.set(JAVA_LONG, MMSGHDR * i + 40, CONTROL);
                if (buffers.get(BE16, icmp + 4) != IDENTIFIER) {
                    continue;
                }
                int sequence = Short.toUnsignedInt(buffers.get(BE16, icmp + 6));
                // the one control message: SCM_TIMESTAMPNS, a struct timespec after the 16-byte cmsghdr
                long receivedAt =
                        controls.get(JAVA_LONG, control + 16) * 1_000_000_000L + controls.get(JAVA_LONG, control + 24);
                rttSum += receivedAt - sentAt[sequence];
                received++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "%d %d %.0f %.2f%n", sent, received, received / seconds, rttSum / 1e3 / Math.max(1, received));
    }

    private static MemorySegment function(String name) {
        return LINKER.defaultLookup().findOrThrow(name);
    }

    /**
     * Calls a libc function through one downcall shape (every argument an integer register); -1 is a failure,
     * but for {@code recvmmsg} finding nothing queued ({@code what} null). The result is read as an {@code int},
     * the low half of the register: what the {@code int} functions return, and all of {@code sendto}'s 64 bytes.
     */
    private static int call(
            MemorySegment function, MemorySegment errno, long a, long b, long c, long d, long e, long f, String what) {
        int result;
        try {
            result = (int) (long) CALL.invokeExact(function, errno, a, b, c, d, e, f);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (result < 0) {
            if (what == null) {
                return 0;
            }
            throw new IllegalStateException(what + " failed: errno " + (int) ERRNO.get(errno, 0L));
        }
        return result;
    }
}
