package dev.icmpj.micrometer;

import dev.icmpj.PingListener;
import dev.icmpj.Prober;
import dev.icmpj.ProberListener;
import dev.icmpj.Reply;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * icmpj's probe counts and round trips as Micrometer meters, the same as {@code icmpj-exporter} exports:
 * counters {@code icmpj.requests} (decided: replies + lost + ICMP errors), {@code icmpj.replies},
 * {@code icmpj.lost}, {@code icmpj.late.replies}, {@code icmpj.duplicates}, {@code icmpj.icmp.errors} (tags
 * {@code type}, {@code code}) and {@code icmpj.send.errors} ({@code errno}); the timer {@code icmpj.rtt} with
 * service level objectives from 50 µs to 10 s; the gauge {@code icmpj.reply.ttl}. Each target's meters carry
 * the tags {@code target} and {@code family}, {@code probe} for a prober's, and the common tags given here.
 *
 * <p>Bind it to a registry ({@link #bindTo}), then hand its listeners to pings ({@link #pingListener}) or to a
 * prober ({@link #proberListener}); on Prometheus the meters come out as {@code icmpj_requests_total},
 * {@code icmpj_rtt_seconds_bucket} and so on.
 *
 * {@snippet :
 * MeterRegistry registry = new SimpleMeterRegistry();
 * IcmpMetrics metrics = new IcmpMetrics(Tags.of("app", "checkout"));
 * metrics.bindTo(registry);
 * try (Pinger pinger = Pinger.create()) {
 *     pinger.ping("127.0.0.1", PingOptions.builder().count(3).interval(Duration.ofMillis(20)).build(),
 *             metrics.pingListener("localhost"));
 * }
 * System.out.println(registry.get("icmpj.replies").tag("target", "localhost").counter().count());
 * }
 *
 * <p>Thread-safe: one instance may serve any number of pings and probers at once.
 */
public final class IcmpMetrics implements MeterBinder {
    private final Tags common;
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final ConcurrentHashMap<Tags, TargetMeters> targets = new ConcurrentHashMap<>();

    /** Meters with no common tag. */
    public IcmpMetrics() {
        this(Tags.empty());
    }

    /**
     * Meters with tags of your own on every one.
     *
     * @param tags the common tags
     */
    public IcmpMetrics(Iterable<Tag> tags) {
        this.common = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the meters, those of targets seen so far and of those to come, on a registry. May be called
     * for several registries.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry.add(Objects.requireNonNull(registry, "registry"));
    }

    private TargetMeters meters(Tags tags) {
        return targets.computeIfAbsent(tags, t -> new TargetMeters(registry, t));
    }

    /**
     * A listener for pings of one target, which counts every decided request and times every reply.
     *
     * @param target the {@code target} tag, e.g. the host name pinged
     * @return the listener; share it among pings of that target
     */
    public PingListener pingListener(String target) {
        Objects.requireNonNull(target, "target");
        return new PingListener() {
            private TargetMeters of(InetAddress address) {
                return meters(common.and("target", target, "family", familyTag(Family.of(address))));
            }

            @Override
            public void onReply(InetAddress address, Reply reply) {
                of(address).reply(reply);
            }

            @Override
            public void onError(InetAddress address, Reply error) {
                of(address).error(error);
            }

            @Override
            public void onLoss(InetAddress address, int sequence) {
                of(address).loss();
            }

            @Override
            public void onDuplicate(InetAddress address, Reply reply) {
                of(address).duplicates.increment();
            }
        };
    }

    /**
     * A listener for a prober: give it to {@link dev.icmpj.Pinger#prober}, then add targets through
     * {@link ProberMeters#add}, which names each one.
     *
     * @param probe the {@code probe} tag
     * @return the listener
     */
    public ProberMeters proberListener(String probe) {
        return new ProberMeters(Objects.requireNonNull(probe, "probe"));
    }

    private static String familyTag(Family family) {
        return family == Family.IPV4 ? "ipv4" : "ipv6";
    }

    /**
     * A prober's listener that names its targets. Thread-safe.
     */
    public final class ProberMeters implements ProberListener {
        private final String probe;
        private final ConcurrentHashMap<Integer, TargetMeters> byId = new ConcurrentHashMap<>();
        private final AtomicInteger numbers = new AtomicInteger();

        private ProberMeters(String probe) {
            this.probe = probe;
        }

        /**
         * Adds a target to a prober whose listener this is, with its meters.
         *
         * @param prober the prober
         * @param address the address to probe
         * @param target the {@code target} tag
         * @return the target's number in the prober (these listeners number their targets from 0)
         * @throws IcmpSocketException as {@link Prober#add} does
         */
        public int add(Prober prober, InetAddress address, String target) throws IcmpSocketException {
            int number = numbers.getAndIncrement();
            name(number, address, target);
            try {
                prober.add(number, address);
            } catch (IcmpSocketException | RuntimeException e) {
                byId.remove(number);
                throw e;
            }
            return number;
        }

        /**
         * Names a target that you add to the prober yourself, under a number of your own: name it first, so that
         * the prober's first call for it is counted.
         *
         * @param number the number you give {@link Prober#add}
         * @param address its address
         * @param target the {@code target} tag
         */
        public void name(int number, InetAddress address, String target) {
            byId.put(
                    number,
                    meters(common.and("probe", probe, "target", target, "family", familyTag(Family.of(address)))));
        }

        /**
         * Removes a target from the prober; its meters stay registered (Micrometer keeps meters).
         *
         * @param prober the prober
         * @param number the target's number
         */
        public void remove(Prober prober, int number) {
            prober.remove(number);
            byId.remove(number);
        }

        @Override
        public void onReply(int target, Reply reply) {
            TargetMeters m = byId.get(target);
            if (m != null) {
                m.reply(reply);
            }
        }

        @Override
        public void onError(int target, Reply error) {
            TargetMeters m = byId.get(target);
            if (m != null) {
                m.error(error);
            }
        }

        @Override
        public void onLoss(int target, int sequence) {
            TargetMeters m = byId.get(target);
            if (m != null) {
                m.loss();
            }
        }

        @Override
        public void onLate(int target, Reply reply) {
            TargetMeters m = byId.get(target);
            if (m != null) {
                m.late.increment();
            }
        }

        @Override
        public void onDuplicate(int target, Reply reply) {
            TargetMeters m = byId.get(target);
            if (m != null) {
                m.duplicates.increment();
            }
        }

        @Override
        public void onSendFailed(int target, IcmpSocketException cause) {
            TargetMeters m = byId.get(target);
            if (m != null) {
                m.sendError(cause.errno().orElse(0));
            }
        }
    }

    @Override
    public String toString() {
        return "IcmpMetrics" + common + ", " + targets.size() + " targets";
    }
}
