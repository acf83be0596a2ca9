package dev.icmpj.lab;

import dev.icmpj.packet.IcmpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Records the raw bytes of every ICMP (or ICMPv6) packet that reaches a node, from a raw socket opened in the
 * node's namespace: IPv4 packets with their IP header, ICMPv6 messages without one (the kernel strips it). The
 * kernel has already dropped ICMPv6 messages with a bad checksum; ICMPv4 ones arrive as they were sent.
 *
 * <pre>{@code
 * try (IcmpCapture capture = IcmpCapture.open(lab.client(), IcmpVersion.V4)) {
 *     lab.client().run("ping", "-c", "1", target);
 *     capture.awaitPackets(2, Duration.ofSeconds(1));  // our request (looped back to raw sockets) and the answer
 * }
 * }</pre>
 *
 * <p>Thread-safe: one reader thread records, any thread reads the recording.
 */
public final class IcmpCapture implements AutoCloseable {
    private final WakeableFd socket;
    private final Thread reader;
    private final List<byte[]> packets = Collections.synchronizedList(new ArrayList<>());
    private volatile IOException failure;
    private boolean closed;

    private IcmpCapture(WakeableFd socket) {
        this.socket = socket;
        this.reader = Thread.ofPlatform().name("icmp-capture").daemon().start(this::readLoop);
    }

    /**
     * Starts capturing.
     *
     * @param node where
     * @param version ICMPv4 or ICMPv6
     * @return the running capture, to close
     * @throws IOException when the raw socket cannot be opened
     */
    public static IcmpCapture open(LabNode node, IcmpVersion version) throws IOException {
        try {
            return new IcmpCapture(node.call(() -> WakeableFd.rawIcmp(version == IcmpVersion.V6)));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot open a raw socket in " + node, e);
        }
    }

    /** Copies of the packets captured so far, in arrival order. */
    public List<byte[]> packets() {
        synchronized (packets) {
            return packets.stream().map(byte[]::clone).toList();
        }
    }

    /**
     * Waits until at least {@code count} packets were captured.
     *
     * @param count how many
     * @param timeout how long at most
     * @return whether they came in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitPackets(int count, Duration timeout) throws InterruptedException {
        return Recording.awaitSize(packets, count, timeout);
    }

    private void readLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.errnoSegment(arena);
            MemorySegment pollfds = arena.allocate(2 * Libc.POLLFD_SIZE);
            MemorySegment buffer = arena.allocate(65_536);
            while (true) {
                int n = socket.read(errno, pollfds, buffer);
                if (n < 0) {
                    return;
                }
                packets.add(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Stops the reader and closes the socket.
     *
     * @throws UncheckedIOException when reading failed while the capture ran
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
