package dev.icmpj;

import dev.icmpj.internal.engine.RttStatistics;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.MplsLabel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hop of a traceroute: its distance (the TTL of its probes), every address that answered them (several
 * when load balancers spread the probes over paths), and mtr's statistics of its probes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param distance the TTL / hop limit of this hop's probes, 1 for the first router
 * @param packetsSent the probes sent with this TTL
 * @param rtts the round trip of each answered probe, ms, in send order
 * @param answeredBy the address that answered each of those probes (a router's Time Exceeded, or the
 *     destination's echo reply): several when load balancers spread the probes over paths
 * @param answeredProbes which of the hop's probes each of those answers is for, counted from 0 in send
 *     order, ascending: the numbers missing are the probes lost (traceroute prints their {@code *} in place)
 * @param unreachable traceroute's marker when a Destination Unreachable from this hop ended the trace
 *     ({@code !H}, {@code !N}, {@code !P}, {@code !A}, {@code !X}, or {@code !<code>}), else null
 * @param mplsLabels the RFC 4950 MPLS label stack the hop's first answer with one carried (an RFC 4884
 *     extension), top first; empty when none did
 */
public record Hop(
        int distance,
        int packetsSent,
        List<Double> rtts,
        List<InetAddress> answeredBy,
        List<Integer> answeredProbes,
        String unreachable,
        List<MplsLabel> mplsLabels) {

    /** Checks ranges and copies the lists. */
    public Hop {
        if (distance < 1 || distance > 255) {
            throw new IllegalArgumentException("distance is " + distance + "; it must be between 1 and 255");
        }
        rtts = List.copyOf(rtts);
        answeredBy = List.copyOf(answeredBy);
        answeredProbes = List.copyOf(answeredProbes);
        mplsLabels = List.copyOf(mplsLabels);
        if (rtts.size() > packetsSent) {
            throw new IllegalArgumentException(rtts.size() + " answers for " + packetsSent + " probes");
        }
        if (answeredBy.size() != rtts.size() || answeredProbes.size() != rtts.size()) {
            throw new IllegalArgumentException(answeredBy.size() + " responders and " + answeredProbes.size()
                    + " probe numbers for " + rtts.size() + " answers");
        }
        for (int i = 0; i < answeredProbes.size(); i++) {
            int probe = answeredProbes.get(i);
            if (probe < 0 || probe >= packetsSent || i > 0 && probe <= answeredProbes.get(i - 1)) {
                throw new IllegalArgumentException(
                        "answeredProbes " + answeredProbes + " must ascend within 0.." + (packetsSent - 1));
            }
        }
    }

    /**
     * Returns every address that answered a probe of this hop, in the order they first answered.
     *
     * @return the distinct responders; empty when none answered
     */
    public List<InetAddress> responders() {
        return answeredBy.stream().distinct().toList();
    }

    /** The first address that answered, or null when none did. */
    public InetAddress address() {
        return answeredBy.isEmpty() ? null : answeredBy.getFirst();
    }

    /** The probes answered. */
    public int packetsReceived() {
        return rtts.size();
    }

    /** The share of probes not answered, 0..1 (mtr's Loss%). */
    public double packetLoss() {
        return packetsSent == 0 ? 0 : 1 - (double) rtts.size() / packetsSent;
    }

    /** True when any probe of this hop was answered. */
    public boolean isAlive() {
        return !rtts.isEmpty();
    }

    /** The round trip of the last answered probe, ms (mtr's Last), or NaN. */
    public double lastRtt() {
        return rtts.isEmpty() ? Double.NaN : rtts.getLast();
    }

    /** The smallest round trip, ms (mtr's Best), or NaN. */
    public double minRtt() {
        return RttStatistics.of(rtts).min();
    }

    /** The mean round trip, ms (mtr's Avg), or NaN. */
    public double avgRtt() {
        return RttStatistics.of(rtts).avg();
    }

    /** The largest round trip, ms (mtr's Wrst), or NaN. */
    public double maxRtt() {
        return RttStatistics.of(rtts).max();
    }

    /** The median round trip, ms, or NaN. */
    public double medianRtt() {
        return RttStatistics.of(rtts).median();
    }

    /** The sample standard deviation of the round trips, ms (mtr's StDev), or NaN with fewer than 2. */
    public double stddev() {
        return RttStatistics.of(rtts).stddev();
    }

    /**
     * The mean absolute difference of consecutive round trips, ms (mtr's Javg: its jitter is the difference
     * between a probe and the one before), or NaN with fewer than 2.
     */
    public double jitter() {
        return RttStatistics.of(rtts).jitter();
    }

    /**
     * Returns the JSON members of this hop: {@code distance}, {@code responders}, the keys of
     * {@link Host#toMap()} ({@code address} the first responder, {@code hops} the distance, {@code ttl} and
     * {@code os_guess} null), {@code last_rtt}, {@code unreachable} and {@code mpls} (each label's
     * {@code label}, {@code traffic_class}, {@code bottom_of_stack}, {@code ttl}).
     *
     * @return a new mutable {@link LinkedHashMap}
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("distance", distance);
        List<String> addresses = new ArrayList<>();
        responders().forEach(a -> addresses.add(AddressText.of(a)));
        map.put("responders", addresses);
        map.put("address", answeredBy.isEmpty() ? null : AddressText.of(answeredBy.getFirst()));
        map.put("packets_sent", packetsSent);
        map.put("packets_received", packetsReceived());
        map.put("packet_loss", packetLoss());
        RttStatistics s = RttStatistics.of(rtts);
        map.put("min_rtt", measured(s.min()));
        map.put("avg_rtt", measured(s.avg()));
        map.put("max_rtt", measured(s.max()));
        map.put("median_rtt", measured(s.median()));
        map.put("stddev", measured(s.stddev()));
        map.put("jitter", measured(s.jitter()));
        map.put("rtts", rtts);
        map.put("duplicates", 0);
        map.put("errors", 0);
        map.put("is_alive", isAlive());
        map.put("ttl", null);
        map.put("hops", distance);
        map.put("os_guess", null);
        map.put("last_rtt", measured(lastRtt()));
        map.put("unreachable", unreachable);
        List<Map<String, Object>> labels = new ArrayList<>(mplsLabels.size());
        for (MplsLabel label : mplsLabels) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", label.label());
            entry.put("traffic_class", label.trafficClass());
            entry.put("bottom_of_stack", label.bottomOfStack());
            entry.put("ttl", label.ttl());
            labels.add(entry);
        }
        map.put("mpls", labels);
        return map;
    }

    private static Double measured(double value) {
        return Double.isNaN(value) ? null : value;
    }

    @Override
    public String toString() {
        return "Hop[" + distance + " "
                + responders().stream().map(AddressText::of).toList() + ", " + rtts.size() + "/" + packetsSent
                + (unreachable == null ? "" : " " + unreachable) + "]";
    }
}
