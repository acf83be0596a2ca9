package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.internal.linux.IcmpChannel;
import dev.icmpj.testing.NativeThreads;
import dev.icmpj.testing.NetworkTests;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SocketLifecycleTest {
    private static IcmpSocket openRaw() throws Exception {
        return IcmpSocket.open(SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .build());
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void sendAndReceive_afterClose_throwSocketUnavailable() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        IcmpSocket socket = openRaw();
        socket.close();
        socket.close();

        assertThat(socket.isClosed()).isTrue();
        IcmpRequest request = IcmpRequest.of(InetAddress.getByName("127.0.0.1"), socket.identifier(), 1, new byte[0]);
        assertThatThrownBy(() -> socket.send(request))
                .isInstanceOf(SocketUnavailableException.class)
                .hasMessage("socket is closed");
        assertThatThrownBy(() -> socket.receive(Duration.ofMillis(10)))
                .isInstanceOf(SocketUnavailableException.class)
                .hasMessage("socket is closed");
        assertThatThrownBy(() -> Drain.drain(socket, Duration.ZERO, r -> {}))
                .isInstanceOf(SocketUnavailableException.class);
        SentRequest sent = new SentRequest(request, socket.identifier(), 0, 0);
        assertThatThrownBy(
                        () -> socket.receiveAsync(sent, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketUnavailableException.class);
    }

    @Test
    void kernelDrops_tinyBufferLeftUnread_counted() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        try (IcmpSocket socket = IcmpSocket.open(SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .receiveBufferSize(4096)
                .transmitTimestamps(false)
                .build())) {
            for (int i = 0; i < 100; i++) {
                socket.send(IcmpRequest.of(loopback, socket.identifier(), i, new byte[56]));
            }
            AtomicInteger replies = new AtomicInteger();
            while (Drain.drain(socket, Duration.ofMillis(200), r -> replies.incrementAndGet()) > 0) {
                // until nothing more is queued
            }

            assertThat(replies.get()).isLessThan(100);
            assertThat(((KernelIcmpSocket) socket).kernelDrops()).isGreaterThanOrEqualTo(100 - replies.get());
        }
    }

    @Test
    void close_whileOtherThreadsSend_onlySocketUnavailableAndNoChannelLeft() throws Exception {
        NetworkTests.requireRoot("raw ICMP sockets");
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        int channelsBefore = IcmpChannel.openChannels();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        int closedSends = 0;
        for (int round = 0; round < 3_000; round++) {
            IcmpSocket socket = openRaw();
            IcmpRequest request = IcmpRequest.of(loopback, socket.identifier(), round & 0xFFFF, new byte[8]);
            CountDownLatch sending = new CountDownLatch(2);
            AtomicInteger refused = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                senders.add(Thread.ofPlatform().start(() -> {
                    sending.countDown();
                    // bounded: a socket that never refuses fails the test below instead of hanging it
                    for (int i = 0; i < 10_000; i++) {
                        try {
                            socket.send(request);
                        } catch (SocketUnavailableException expected) {
                            refused.incrementAndGet();
                            return;
                        } catch (Throwable other) {
                            unexpected.add(other);
                            return;
                        }
                    }
                }));
            }
            sending.await();
            socket.close(); // must return normally, whatever the senders are doing
            for (Thread sender : senders) {
                sender.join();
            }
            closedSends += refused.get();
        }

        assertThat(unexpected).isEmpty();
        assertThat(closedSends).as("senders saw the socket close").isPositive();
        assertThat(IcmpChannel.openChannels()).as("channels left open").isEqualTo(channelsBefore);
    }

    @Test
    void wakeup_fromAnotherThread_endsABlockedDrainAtOnceAndTheNextDrainWaitsAgain() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpSocket socket = openRaw()) {
            CompletableFuture<Integer> tid = new CompletableFuture<>();
            CompletableFuture<Long> returnedAt = new CompletableFuture<>();
            Thread receiver = Thread.ofPlatform().start(() -> {
                try {
                    tid.complete(NativeThreads.currentTid());
                    int read = Drain.drain(socket, Duration.ofSeconds(30), r -> {});
                    returnedAt.complete(read == 0 ? System.nanoTime() : -1L);
                } catch (Throwable t) {
                    returnedAt.completeExceptionally(t);
                }
            });
            // the wakeup must find the drain blocked, however late a busy machine runs the receiver
            assertThat(NativeThreads.awaitBlockedIn(
                            tid.get(60, TimeUnit.SECONDS), NativeThreads.PPOLL, returnedAt::isDone))
                    .as("drain blocked in ppoll (it returned %s)", returnedAt.getNow(null))
                    .isTrue();
            long wokenAt = System.nanoTime();
            ((KernelIcmpSocket) socket).wakeup();

            assertThat(returnedAt.get(60, TimeUnit.SECONDS) - wokenAt)
                    .as("a woken drain returns with nothing read, after the wakeup and long before its 30 s")
                    .isBetween(0L, 10_000_000_000L);
            receiver.join();
            // the wakeup was consumed: the next drain waits its time out again
            long start = System.nanoTime();
            assertThat(Drain.drain(socket, Duration.ofMillis(200), r -> {})).isZero();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(200_000_000L);
            // a wakeup with nobody waiting ends the next wait at once
            ((KernelIcmpSocket) socket).wakeup();
            start = System.nanoTime();
            assertThat(Drain.drain(socket, Duration.ofSeconds(30), r -> {})).isZero();
            assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void close_fromAnotherThread_wakesBlockedDrainLongBeforeItsTimeout() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        IcmpSocket socket = openRaw();
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread receiver = Thread.ofPlatform().start(() -> {
            try {
                tid.complete(NativeThreads.currentTid());
                Drain.drain(socket, Duration.ofSeconds(30), r -> {});
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        // the close must find the drain blocked, however late a busy machine runs the receiver
        assertThat(NativeThreads.awaitBlockedIn(tid.get(60, TimeUnit.SECONDS), NativeThreads.PPOLL, failure::isDone))
                .as("drain blocked in ppoll (it ended with %s)", failure.getNow(null))
                .isTrue();
        long start = System.nanoTime();
        socket.close();

        Throwable thrown = failure.get(60, TimeUnit.SECONDS);
        // woken by the close (an eventfd), not by the drain's 30 s: 10 s leave room for a busy machine
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        assertThat(thrown).isInstanceOf(SocketUnavailableException.class).hasMessage("socket is closed");
        receiver.join();
    }

    @Test
    void receiveAsync_closedWhileWaiting_completesExceptionally() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        IcmpSocket socket = openRaw();
        IcmpRequest request = IcmpRequest.of(InetAddress.getByName("127.0.0.1"), socket.identifier(), 1, new byte[0]);
        Set<Integer> polling = NativeThreads.blockedIn(NativeThreads.PPOLL);
        CompletableFuture<IcmpReply> future =
                socket.receiveAsync(new SentRequest(request, socket.identifier(), 0, 0), Duration.ofSeconds(30));
        // closed while the receive waits: the thread that waits for it is blocked in ppoll
        NativeThreads.awaitAnotherBlockedIn(polling, NativeThreads.PPOLL);
        socket.close();

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SocketUnavailableException.class);
    }

    @Test
    void receiveAsync_loopbackEcho_completesWithReply() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpSocket socket = openRaw()) {
            IcmpRequest request =
                    IcmpRequest.of(InetAddress.getByName("127.0.0.1"), socket.identifier(), 9, new byte[16]);
            SentRequest sent = socket.send(request);
            IcmpReply reply = socket.receiveAsync(sent, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            assertThat(reply.sequence()).isEqualTo(9);
        }
    }

    @Test
    void open_fiveHundredSocketsOpenedAndClosed_leaksNoFileDescriptor() throws Exception {
        NetworkTests.requireRoot("raw ICMP sockets");
        try (IcmpSocket warmUp = openRaw()) {
            assertThat(warmUp.isClosed()).isFalse();
        }
        long before = openFileDescriptors();
        for (int i = 0; i < 500; i++) {
            openRaw().close();
        }
        assertThat(openFileDescriptors()).isEqualTo(before);
    }

    @Test
    void close_fromInsideDrainSink_doesNotDeadlockAndReleasesDescriptors() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        long before = openFileDescriptors();
        IcmpSocket socket = openRaw();
        socket.send(IcmpRequest.of(InetAddress.getByName("127.0.0.1"), socket.identifier(), 1, new byte[8]));
        CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return Drain.drain(socket, Duration.ofSeconds(10), r -> socket.close());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(drained.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(socket.isClosed()).isTrue();
        assertThat(openFileDescriptors()).isEqualTo(before);
    }
}
