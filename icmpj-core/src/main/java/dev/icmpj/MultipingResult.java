package dev.icmpj;

import dev.icmpj.socket.IcmpLibException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The results of a multiping, one {@link Host} per target in input order, kept compact: counts, the TTL and
 * the RTTs of each target in primitive arrays (about 20 bytes per target plus 5 per request), each
 * {@code Host} made when asked for. A million targets fit in a small heap. The hosts carry no
 * {@link Host#replies()}: a multiping does not keep them (a {@link MultipingListener} sees each as it comes).
 *
 * <p>A target whose name did not resolve has a result with nothing sent, whose address is the unspecified
 * address carrying the name; {@link #failure(int)} tells why.
 *
 * <p>Immutable and thread-safe.
 */
public final class MultipingResult extends AbstractList<Host> implements RandomAccess {

    private final Targets targets;
    private final int count;
    private final int[] sent;
    private final int[] received;
    private final int[] errors;
    private final int[] duplicates;
    private final byte[] ttls;
    private final float[] rtts;
    private final Map<Integer, InetAddress> resolved;
    private final Map<Integer, IcmpLibException> failures;
    /** Set once, before the result is published. */
    private volatile long kernelDrops;
    /** Set once, before the result is published. */
    private volatile int peakInFlight;

    MultipingResult(
            Targets targets,
            int count,
            int[] sent,
            int[] received,
            int[] errors,
            int[] duplicates,
            byte[] ttls,
            float[] rtts,
            Map<Integer, InetAddress> resolved,
            Map<Integer, IcmpLibException> failures) {
        this.targets = targets;
        this.count = count;
        this.sent = sent;
        this.received = received;
        this.errors = errors;
        this.duplicates = duplicates;
        this.ttls = ttls;
        this.rtts = rtts;
        this.resolved = Map.copyOf(resolved);
        this.failures = Map.copyOf(failures);
    }

    @Override
    public Host get(int index) {
        InetAddress address = address(index);
        List<Double> measured = new ArrayList<>(received[index]);
        for (int k = 0; k < count; k++) {
            float rtt = rtts[index * count + k];
            if (!Float.isNaN(rtt)) {
                measured.add(widened(rtt));
            }
        }
        int ttl = Byte.toUnsignedInt(ttls[index]);
        return Host.measured(address, sent[index], measured, duplicates[index], errors[index], ttl == 0 ? -1 : ttl);
    }

    @Override
    public int size() {
        return targets.size();
    }

    /**
     * Returns a target as it was given.
     *
     * @param index the target's index
     * @return its address text or its host name
     */
    public String target(int index) {
        return targets.get(index);
    }

    /**
     * Tells why a target was not pinged.
     *
     * @param index the target's index
     * @return the name lookup failure, or empty when the target was pinged
     */
    public Optional<IcmpLibException> failure(int index) {
        // most sweeps have no failure: no boxing and no lookup per target then
        return failures.isEmpty() ? Optional.empty() : Optional.ofNullable(failures.get(index));
    }

    /**
     * Returns the RTT of one request to a target.
     *
     * @param index the target's index
     * @param request which of its requests, from 0
     * @return milliseconds, or NaN when it was not answered in time
     */
    public double rtt(int index, int request) {
        Objects.checkIndex(index, size());
        Objects.checkIndex(request, count);
        return widened(rtts[index * count + request]);
    }

    /**
     * A round trip kept as a float (4 bytes a request for a million targets), as the decimal it was: 0.158702,
     * not the 0.15870200097560883 that widening its bits gives.
     */
    private static double widened(float rtt) {
        return Float.isNaN(rtt) ? Double.NaN : Double.parseDouble(Float.toString(rtt));
    }

    /**
     * Returns the requests sent to each target.
     *
     * @return the count of the multiping
     */
    public int count() {
        return count;
    }

    /**
     * Returns the most requests that were in flight at once during the sweep: sent, and neither answered nor
     * timed out yet.
     *
     * @return requests
     */
    public int peakInFlight() {
        return peakInFlight;
    }

    void peakInFlight(int requests) {
        this.peakInFlight = requests;
    }

    /**
     * Returns the replies the kernel dropped at the sweep's sockets while it ran, because a receive buffer was
     * full ({@code SO_MEMINFO}): when positive, some target reported unreachable may have answered. An
     * indicator more than a count (some kernels count a drop twice).
     *
     * @return the drops, 0 when none were seen
     */
    public long kernelDrops() {
        return kernelDrops;
    }

    void kernelDrops(long drops) {
        this.kernelDrops = drops;
    }

    /**
     * Returns the number of targets that were not pinged: their names did not resolve ({@link #failure}).
     *
     * @return failed targets
     */
    public int failed() {
        return failures.size();
    }

    /**
     * Returns the number of targets that answered at least once.
     *
     * @return alive targets
     */
    public int alive() {
        int alive = 0;
        for (int r : received) {
            if (r > 0) {
                alive++;
            }
        }
        return alive;
    }

    private InetAddress address(int index) {
        InetAddress address = targets.address(index);
        if (address != null) {
            return address;
        }
        InetAddress lookedUp = resolved.get(index);
        if (lookedUp != null) {
            return lookedUp;
        }
        try {
            return InetAddress.getByAddress(targets.name(index), new byte[4]);
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }
}
