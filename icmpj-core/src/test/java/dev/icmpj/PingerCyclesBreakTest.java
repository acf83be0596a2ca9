package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.io.File;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pingers opened and closed many times on the kernel's loopback: nothing of theirs stays. */
class PingerCyclesBreakTest {

    private static int openDescriptors() {
        return Objects.requireNonNull(new File("/proc/self/fd").list()).length;
    }

    /** Live threads, but the JDK's carriers of virtual threads, which idle on for a while after use. */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("ForkJoinPool-"))
                .count();
    }

    private static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
        return names;
    }

    @Test
    @Timeout(300)
    void thousandPingersWithPingsProbersAndClosesUnderWay_leaveNoDescriptorOrThread() throws Exception {
        NetworkTests.requireRoot("raw sockets on loopback");
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        InetAddress loopback6 = InetAddress.ofLiteral("::1");
        PingOptions quick = PingOptions.builder()
                .count(3)
                .interval(Duration.ofMillis(1))
                .timeout(Duration.ofMillis(200))
                .build();
        PingOptions probing = PingOptions.builder()
                .count(1)
                .interval(Duration.ofMillis(2))
                .timeout(Duration.ofMillis(1))
                .build();
        // one warm-up cycle, for the lazily made JDK and logging state
        try (Pinger pinger = Pinger.create()) {
            pinger.ping(loopback, quick);
        }
        System.gc();
        int fdsBefore = openDescriptors();
        int threadsBefore = liveThreads();
        java.util.Set<String> namesBefore = threadNames();
        AtomicInteger failedOtherwise = new AtomicInteger();
        List<String> oddFailures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Pinger pinger = Pinger.create();
            CompletableFuture<Host> v4 = pinger.pingAsync(loopback, quick);
            CompletableFuture<Host> v6 = pinger.pingAsync(loopback6, quick);
            Prober prober = pinger.prober(probing, new ProberListener() {});
            prober.add(1, loopback);
            prober.add(2, loopback6);
            if (i % 2 == 0) {
                v4.join();
            }
            pinger.close();
            for (CompletableFuture<Host> f : List.of(v4, v6)) {
                try {
                    f.join();
                } catch (Exception e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof dev.icmpj.socket.SocketUnavailableException)) {
                        failedOtherwise.incrementAndGet();
                        if (oddFailures.size() < 5) {
                            oddFailures.add(String.valueOf(cause));
                        }
                    }
                }
            }
            assertThat(v4).isDone();
            assertThat(v6).isDone();
            prober.close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((openDescriptors() > fdsBefore || liveThreads() > threadsBefore) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(oddFailures)
                .as("futures failed otherwise than SocketUnavailable: %d", failedOtherwise.get())
                .isEmpty();
        assertThat(openDescriptors()).as("descriptors").isLessThanOrEqualTo(fdsBefore);
        java.util.Set<String> namesAfter = threadNames();
        namesAfter.removeAll(namesBefore);
        assertThat(liveThreads()).as("threads, new: %s", namesAfter).isLessThanOrEqualTo(threadsBefore);
    }
}
