package dev.icmpj;

import dev.icmpj.internal.engine.RttStatistics;
import dev.icmpj.packet.AddressText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of pinging one host: what was sent, what came back, and statistics over the measured
 * round-trip times. Nothing here is estimated except {@link #hops()} and {@link #osGuess()}, which are
 * inferred from the received TTL.
 *
 * <p>RTT statistics are {@code double} milliseconds, unrounded, and {@link Double#NaN} when not measured:
 * all of them without a reply, {@code stddev} and {@code jitter} with fewer than two.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the address pinged
 * @param packetsSent the number of echo requests sent
 * @param packetsReceived the number of echo requests answered in time (duplicates and errors excluded)
 * @param rtts the round-trip time of each answered request, in milliseconds, in sequence order; empty when the
 *     ping kept no replies ({@link PingOptions#keepReplies()})
 * @param minRtt the smallest RTT, or NaN
 * @param avgRtt the mean RTT, or NaN
 * @param maxRtt the largest RTT, or NaN
 * @param medianRtt the median RTT (mean of the middle two for an even count), or NaN (also when the ping kept
 *     no replies)
 * @param stddev the sample standard deviation (n - 1) of the RTTs, or NaN with fewer than two
 * @param jitter the mean absolute difference of consecutive RTTs, or NaN with fewer than two
 * @param packetLoss the fraction of requests not answered, 0..1
 * @param duplicates the number of extra echo replies to requests already answered, seen while the ping ran
 *     (like iputils, a ping ends as soon as its last request is decided)
 * @param errors the number of ICMP errors received for our requests
 * @param isAlive true when at least one echo reply was received
 * @param ttl the TTL or hop limit of the last echo reply, or -1 when unknown
 * @param replies the echo replies counted in {@code packetsReceived} and the ICMP errors, in sequence order;
 *     empty when the ping kept no replies
 */
public record Host(
        InetAddress address,
        int packetsSent,
        int packetsReceived,
        List<Double> rtts,
        double minRtt,
        double avgRtt,
        double maxRtt,
        double medianRtt,
        double stddev,
        double jitter,
        double packetLoss,
        int duplicates,
        int errors,
        boolean isAlive,
        int ttl,
        List<Reply> replies) {

    private static final int[] INITIAL_TTLS = {64, 128, 255};

    /**
     * Checks presence and copies the lists, but for a {@link ReplyList}'s: they are immutable already, and a copy
     * would make every reply again.
     */
    public Host {
        Objects.requireNonNull(address, "address");
        rtts = rtts instanceof ReplyList.Rtts ? rtts : List.copyOf(rtts);
        replies = replies instanceof ReplyList.Snapshot ? replies : List.copyOf(replies);
        if (ttl < -1 || ttl > 255) {
            throw new IllegalArgumentException("ttl is " + ttl + "; it must be between -1 and 255");
        }
    }

    /**
     * Summarizes a ping from what it sent and received: the statistics of the echo replies' RTTs, the
     * errors counted, the TTL of the last echo reply.
     *
     * @param address the address pinged
     * @param packetsSent the number of echo requests sent
     * @param replies the echo replies that answered a request in time, and the ICMP errors, one per decided
     *     request, in sequence order; a {@link ReplyList#snapshot()} is kept as it is, compact; the snapshot of
     *     a {@link ReplyList#counting} list gives its counts and statistics, and the result keeps no reply, no
     *     RTT and no median
     * @param duplicates the number of extra echo replies
     * @return the result
     * @throws IllegalArgumentException when there are more replies than requests sent
     */
    public static Host of(InetAddress address, int packetsSent, List<Reply> replies, int duplicates) {
        ReplyList.Snapshot counted =
                replies instanceof ReplyList.Snapshot compact && compact.isCounted() ? compact : null;
        int decided = counted != null ? counted.countedEchoes() + counted.countedErrors() : replies.size();
        if (decided > packetsSent) {
            throw new IllegalArgumentException(decided + " replies and errors for " + packetsSent + " requests sent");
        }
        if (counted != null) {
            return summarize(
                    address,
                    packetsSent,
                    counted.countedEchoes(),
                    List.of(),
                    counted.countedStatistics(),
                    duplicates,
                    counted.countedErrors(),
                    counted.countedTtl(),
                    replies);
        }
        if (replies instanceof ReplyList.Snapshot compact) {
            List<Double> rtts = compact.echoRtts();
            return summarize(
                    address,
                    packetsSent,
                    rtts,
                    duplicates,
                    replies.size() - rtts.size(),
                    compact.lastEchoTtl(),
                    replies);
        }
        List<Double> rtts = new ArrayList<>(replies.size());
        int ttl = -1;
        for (Reply reply : replies) {
            if (reply.isEchoReply()) {
                rtts.add(reply.rtt());
                ttl = reply.ttl();
            }
        }
        return summarize(address, packetsSent, rtts, duplicates, replies.size() - rtts.size(), ttl, replies);
    }

    /** A result from counts and RTTs alone, without the replies: what a multiping keeps per target. */
    static Host measured(InetAddress address, int packetsSent, List<Double> rtts, int duplicates, int errors, int ttl) {
        return summarize(address, packetsSent, rtts, duplicates, errors, ttl, List.of());
    }

    private static Host summarize(
            InetAddress address,
            int packetsSent,
            List<Double> rtts,
            int duplicates,
            int errors,
            int ttl,
            List<Reply> replies) {
        return summarize(
                address, packetsSent, rtts.size(), rtts, RttStatistics.of(rtts), duplicates, errors, ttl, replies);
    }

    private static Host summarize(
            InetAddress address,
            int packetsSent,
            int received,
            List<Double> rtts,
            RttStatistics stats,
            int duplicates,
            int errors,
            int ttl,
            List<Reply> replies) {
        return new Host(
                address,
                packetsSent,
                received,
                rtts,
                stats.min(),
                stats.avg(),
                stats.max(),
                stats.median(),
                stats.stddev(),
                stats.jitter(),
                packetsSent == 0 ? 0 : 1 - (double) received / packetsSent,
                duplicates,
                errors,
                received > 0,
                ttl,
                replies);
    }

    /**
     * Estimates the number of hops to the host: the smallest of the usual initial TTLs (64, 128, 255)
     * that is at least the received TTL, minus the received TTL, plus one. Loopback gives 1.
     *
     * @return the estimated hop count, or -1 when the TTL is unknown
     */
    public int hops() {
        int initial = initialTtl();
        return initial < 0 ? -1 : initial - ttl + 1;
    }

    /**
     * Guesses the operating system family from the initial TTL the received TTL implies.
     *
     * @return "Linux/Unix" (64), "Windows" (128) or "network device" (255); empty when the TTL is unknown
     */
    public Optional<String> osGuess() {
        return switch (initialTtl()) {
            case 64 -> Optional.of("Linux/Unix");
            case 128 -> Optional.of("Windows");
            case 255 -> Optional.of("network device");
            default -> Optional.empty();
        };
    }

    private int initialTtl() {
        if (ttl <= 0) {
            return -1;
        }
        for (int initial : INITIAL_TTLS) {
            if (initial >= ttl) {
                return initial;
            }
        }
        return -1;
    }

    /**
     * Returns a percentile of the round-trip times, interpolated linearly between the two nearest ranks (as
     * numpy and pyminiping compute it): {@code percentileRtt(95)} is the p95.
     *
     * @param percent 0..100
     * @return milliseconds; NaN without RTTs (none received, or a result that kept none)
     * @throws IllegalArgumentException when {@code percent} is outside 0..100
     */
    public double percentileRtt(double percent) {
        return RttStatistics.percentile(rtts, percent);
    }

    /**
     * Returns this result with the JSON keys of the CLI's {@code --json}, in their documented order:
     * {@code address, packets_sent, packets_received, packet_loss, min_rtt, avg_rtt, max_rtt, median_rtt,
     * p95_rtt, stddev, jitter, rtts, duplicates, errors, is_alive, ttl, hops, os_guess}. Unmeasured and unknown
     * values are {@code null}; the address is its textual IP.
     *
     * @return a new mutable {@link LinkedHashMap}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("address", AddressText.of(address));
        map.put("packets_sent", packetsSent);
        map.put("packets_received", packetsReceived);
        map.put("packet_loss", packetLoss);
        map.put("min_rtt", measured(minRtt));
        map.put("avg_rtt", measured(avgRtt));
        map.put("max_rtt", measured(maxRtt));
        map.put("median_rtt", measured(medianRtt));
        map.put("p95_rtt", measured(percentileRtt(95)));
        map.put("stddev", measured(stddev));
        map.put("jitter", measured(jitter));
        map.put("rtts", rtts);
        map.put("duplicates", duplicates);
        map.put("errors", errors);
        map.put("is_alive", isAlive);
        map.put("ttl", ttl < 0 ? null : ttl);
        map.put("hops", hops() < 0 ? null : hops());
        map.put("os_guess", osGuess().orElse(null));
        return map;
    }

    private static Double measured(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
