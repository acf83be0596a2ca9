package dev.icmpj.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The echo requests and replies that cross a node's interfaces, each with the kernel's timestamp of the moment it
 * crossed ({@code CLOCK_REALTIME}, the clock of a socket's send and receive timestamps): the round trip on the
 * wire, as the kernel saw it, independent of how fast the {@link TunPeer}'s threads or the test's run on a busy
 * machine. A packet socket ({@code AF_PACKET}) in the node's namespace; echo messages only, without IPv6
 * extension headers.
 *
 * <pre>{@code
 * try (WireTap tap = WireTap.open(lab.client())) {
 *     ... ping peer.ipv4(7) ...
 *     tap.roundTripNanos(peer.ipv4(7), 1);   // request 1 leaving to the peer, to its first reply coming back
 * }
 * }</pre>
 *
 * <p>Thread-safe: one reader thread records, any thread reads the recording.
 */
public final class WireTap implements AutoCloseable {
    /**
     * One echo message on the wire.
     *
     * @param request an echo request (else an echo reply)
     * @param source its source address
     * @param destination its destination address
     * @param identifier its identifier
     * @param sequence its sequence number
     * @param kernelEpochNanos when the kernel handed it to the tap, nanoseconds since the epoch
     */
    public record Echo(
            boolean request,
            InetAddress source,
            InetAddress destination,
            int identifier,
            int sequence,
            long kernelEpochNanos) {}

    private final WakeableFd socket;
    private final Thread reader;
    private final List<Echo> echoes = Collections.synchronizedList(new ArrayList<>());
    private volatile IOException failure;
    private boolean closed;

    private WireTap(WakeableFd socket) {
        this.socket = socket;
        this.reader = Thread.ofPlatform().name("wire-tap").daemon().start(this::readLoop);
    }

    /**
     * Starts recording.
     *
     * @param node whose interfaces
     * @return the running tap, to close
     * @throws IOException when the packet socket cannot be opened
     */
    public static WireTap open(LabNode node) throws IOException {
        try {
            return new WireTap(node.call(WakeableFd::packetTap));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot open a packet socket in " + node, e);
        }
    }

    /** The echo messages recorded so far, in the order the tap read them. */
    public List<Echo> echoes() {
        synchronized (echoes) {
            return List.copyOf(echoes);
        }
    }

    /**
     * Waits until at least {@code count} echo messages were recorded.
     *
     * @param count how many
     * @param timeout how long at most
     * @return whether they came in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitEchoes(int count, Duration timeout) throws InterruptedException {
        return Recording.awaitSize(echoes, count, timeout);
    }

    /**
     * The round trip of one request on the wire: from the echo request with this sequence number leaving to
     * {@code target} to the first echo reply from {@code target} with the same number after it.
     *
     * @param target the address pinged
     * @param sequence the request's sequence number
     * @return the kernel's time between the two, or empty when either is missing
     */
    public OptionalLong roundTripNanos(InetAddress target, int sequence) {
        Echo request = null;
        for (Echo echo : echoes()) {
            if (request == null && echo.request() && echo.destination().equals(target) && echo.sequence() == sequence) {
                request = echo;
            } else if (request != null
                    && !echo.request()
                    && echo.source().equals(target)
                    && echo.sequence() == sequence
                    && echo.identifier() == request.identifier()) {
                return OptionalLong.of(echo.kernelEpochNanos() - request.kernelEpochNanos());
            }
        }
        return OptionalLong.empty();
    }

    /**
     * {@link #roundTripNanos}, once the tap has read both messages: its thread may read them a little after the
     * socket being measured did.
     *
     * @param target the address pinged
     * @param sequence the request's sequence number
     * @param timeout how long to wait at most
     * @return the kernel's time between the two, or empty when either did not come in time
     * @throws InterruptedException when interrupted
     */
    public OptionalLong awaitRoundTripNanos(InetAddress target, int sequence, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        OptionalLong found = roundTripNanos(target, sequence);
        while (found.isEmpty() && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(1);
            found = roundTripNanos(target, sequence);
        }
        return found;
    }

    private void readLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment pollfds = arena.allocate(2 * Libc.POLLFD_SIZE);
            MemorySegment scratch = arena.allocate(Libc.MSGHDR_SIZE + Libc.IOVEC_SIZE + 64, 8);
            MemorySegment buffer = arena.allocate(65_536);
            long[] at = new long[1];
            while (true) {
                int n = socket.receiveTimestamped(errno, pollfds, buffer, scratch, at);
                if (n < 0) {
                    return;
                }
                Echo echo = parse(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), at[0]);
                if (echo != null) {
                    echoes.add(echo);
                }
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** An IPv4 packet carrying ICMP echo, or an IPv6 packet carrying ICMPv6 echo directly; null for others. */
    static Echo parse(byte[] packet, long at) {
        if (packet.length < 1) {
            return null;
        }
        int version = (packet[0] & 0xff) >>> 4;
        int icmp;
        boolean request;
        if (version == 4 && packet.length >= 20 && packet[9] == 1) {
            icmp = (packet[0] & 0x0f) * 4;
            if (packet.length < icmp + 8) {
                return null;
            }
            int type = packet[icmp] & 0xff;
            if (type != 8 && type != 0) {
                return null;
            }
            request = type == 8;
            return echo(
                    request, Arrays.copyOfRange(packet, 12, 16), Arrays.copyOfRange(packet, 16, 20), packet, icmp, at);
        }
        if (version == 6 && packet.length >= 48 && (packet[6] & 0xff) == 58) {
            icmp = 40;
            int type = packet[icmp] & 0xff;
            if (type != 128 && type != 129) {
                return null;
            }
            request = type == 128;
            return echo(
                    request, Arrays.copyOfRange(packet, 8, 24), Arrays.copyOfRange(packet, 24, 40), packet, icmp, at);
        }
        return null;
    }

    private static Echo echo(boolean request, byte[] source, byte[] destination, byte[] packet, int icmp, long at) {
        try {
            int identifier = (packet[icmp + 4] & 0xff) << 8 | packet[icmp + 5] & 0xff;
            int sequence = (packet[icmp + 6] & 0xff) << 8 | packet[icmp + 7] & 0xff;
            return new Echo(
                    request,
                    InetAddress.getByAddress(source),
                    InetAddress.getByAddress(destination),
                    identifier,
                    sequence,
                    at);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes: never
        }
    }

    /**
     * Stops the reader and closes the socket.
     *
     * @throws UncheckedIOException when reading failed while the tap ran
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        socket.wakeUp();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!reader.isAlive()) {
            socket.close();
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }
}
