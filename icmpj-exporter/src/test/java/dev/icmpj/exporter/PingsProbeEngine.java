package dev.icmpj.exporter;

import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.ProberListener;
import dev.icmpj.Reply;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for {@code Pinger.prober} while it is not built, for checking the lab harness by hand only
 * ({@code -Dicmpj.exporter.labPings=true}): each target gets one ping of {@code count} requests per interval
 * through the pinger's shared sockets, its events handed to the prober's listener one at a time. It knows no
 * late reply (a ping forgets a request at its timeout) and adds a scheduler's jitter to the send times, so it
 * is no substitute for the engine's prober; the lab tests run on the real one by default.
 */
final class PingsProbeEngine implements ProbeEngine {
    private final Pinger pinger;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pings-prober");
        t.setDaemon(true);
        return t;
    });

    PingsProbeEngine(Pinger pinger) {
        this.pinger = pinger;
    }

    @Override
    public EngineProber prober(PingOptions options, ProberListener listener) {
        PingOptions each = options.toBuilder()
                .interval(java.time.Duration.ofMillis(1))
                .keepReplies(false)
                .build();
        long intervalNanos = options.interval().toNanos();
        AtomicInteger ids = new AtomicInteger();
        Map<Integer, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
        Object lock = new Object();
        return new EngineProber() {
            @Override
            public int add(InetAddress address) {
                int id = ids.getAndIncrement();
                PingListener adapter = new PingListener() {
                    @Override
                    public void onSent(InetAddress a, int sequence, long sentAtNanos) {
                        synchronized (lock) {
                            listener.onSent(id, sequence, 0);
                        }
                    }

                    @Override
                    public void onReply(InetAddress a, Reply reply) {
                        synchronized (lock) {
                            listener.onReply(id, reply);
                        }
                    }

                    @Override
                    public void onError(InetAddress a, Reply error) {
                        synchronized (lock) {
                            listener.onError(id, error);
                        }
                    }

                    @Override
                    public void onLoss(InetAddress a, int sequence) {
                        synchronized (lock) {
                            listener.onLoss(id, sequence);
                        }
                    }

                    @Override
                    public void onDuplicate(InetAddress a, Reply reply) {
                        synchronized (lock) {
                            listener.onDuplicate(id, reply);
                        }
                    }
                };
                long first = ThreadLocalRandom.current().nextLong(intervalNanos);
                running.put(
                        id,
                        timer.scheduleAtFixedRate(
                                () -> {
                                    if (running.containsKey(id)) {
                                        pinger.pingAsync(dev.icmpj.packet.AddressText.of(address), each, adapter);
                                    }
                                },
                                first,
                                intervalNanos,
                                TimeUnit.NANOSECONDS));
                listener.onSocket(Family.of(address), Privilege.PRIVILEGED);
                return id;
            }

            @Override
            public void remove(int id) {
                ScheduledFuture<?> f = running.remove(id);
                if (f != null) {
                    f.cancel(false);
                }
            }

            @Override
            public Optional<Privilege> privilege(Family family) {
                return Optional.of(Privilege.PRIVILEGED);
            }

            @Override
            public void close() {
                running.values().forEach(f -> f.cancel(false));
                running.clear();
            }
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pinger.close();
    }

    /** The exporter on this engine, for the lab's process. */
    public static void main(String[] args) throws Exception {
        java.security.Security.setProperty("networkaddress.cache.ttl", "0");
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
        ExporterMain.Running running =
                ExporterMain.start(args, System.out, System.err, new PingsProbeEngine(Pinger.create()));
        Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        ExporterMain.onSighup(running::reload);
        Thread.currentThread().join();
    }
}
