package dev.icmpj.micrometer;

import dev.icmpj.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of one target, registered once and updated by listener calls: nothing is looked up per probe
 * except the counter of an ICMP error's type and code, or a send error's errno, the first time each occurs.
 *
 * <p>Thread-safe, as Micrometer's meters are.
 */
final class TargetMeters {
    /** The timer's service level objectives, from 50 µs to 10 s: the exporter's classic buckets. */
    static final Duration[] SLOS = {
        Duration.ofNanos(50_000),
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2_500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final Tags tags;
    final Counter requests;
    final Counter replies;
    final Counter lost;
    final Counter late;
    final Counter duplicates;
    final Timer rtt;
    final AtomicInteger ttl = new AtomicInteger(-1);
    private final ConcurrentHashMap<Integer, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Counter> sendErrors = new ConcurrentHashMap<>();

    TargetMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        requests = Counter.builder("icmpj.requests")
                .description("Echo requests whose fate is decided: replies + lost + ICMP errors")
                .tags(tags)
                .register(registry);
        replies = Counter.builder("icmpj.replies")
                .description("Echo replies received before their request's timeout")
                .tags(tags)
                .register(registry);
        lost = Counter.builder("icmpj.lost")
                .description("Echo requests neither answered nor refused by their timeout")
                .tags(tags)
                .register(registry);
        late = Counter.builder("icmpj.late.replies")
                .description("Echo replies that came after their request was counted lost")
                .tags(tags)
                .register(registry);
        duplicates = Counter.builder("icmpj.duplicates")
                .description("Further copies of the reply to an answered request")
                .tags(tags)
                .register(registry);
        rtt = Timer.builder("icmpj.rtt")
                .description("Round trip time of echo replies received in time")
                .serviceLevelObjectives(SLOS)
                .tags(tags)
                .register(registry);
        Gauge.builder("icmpj.reply.ttl", ttl, AtomicInteger::get)
                .description("TTL (hop limit) of the last echo reply; -1 before the first")
                .tags(tags)
                .register(registry);
    }

    void reply(Reply reply) {
        requests.increment();
        replies.increment();
        rtt.record(Math.round(reply.rtt() * 1_000_000), TimeUnit.NANOSECONDS);
        if (reply.ttl() >= 0) {
            ttl.set(reply.ttl());
        }
    }

    void loss() {
        requests.increment();
        lost.increment();
    }

    void error(Reply error) {
        requests.increment();
        int type = error.message().type() & 0xFF;
        int code = error.message().code() & 0xFF;
        errors.computeIfAbsent(
                        type << 8 | code,
                        k -> Counter.builder("icmpj.icmp.errors")
                                .description("ICMP errors that decided a request, by ICMP type and code")
                                .tags(tags)
                                .tag("type", Integer.toString(type))
                                .tag("code", Integer.toString(code))
                                .register(registry))
                .increment();
    }

    void sendError(int errno) {
        sendErrors
                .computeIfAbsent(
                        errno,
                        k -> Counter.builder("icmpj.send.errors")
                                .description("Echo requests that could not be sent, by errno")
                                .tags(tags)
                                .tag("errno", Integer.toString(errno))
                                .register(registry))
                .increment();
    }
}
