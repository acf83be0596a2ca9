package dev.icmpj;

import dev.icmpj.internal.engine.Lane;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.ExtensionObject;
import dev.icmpj.packet.IcmpErrorMessage;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.MplsLabel;
import dev.icmpj.packet.MplsLabelStack;
import dev.icmpj.packet.TimeExceeded;
import dev.icmpj.socket.IcmpSocketException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One traceroute in progress, the trace policy on a {@link ProbeLoop} with a socket of its own (a raw
 * socket, or a ping socket reading Time Exceeded and Unreachable from its error queue). Probes are released in
 * rounds, one probe per hop from the first hop to the last one still in question; round k + 1 is released one
 * interval after round k (with no interval, every round at once). Released probes leave in traceroute's
 * order, hop by hop (all of a hop's released probes, then the next hop's), at most
 * {@link TracerouteOptions#maxInFlight()} undecided at a time. Every probe has a sequence number of its own,
 * so an answer is matched to the probe and TTL it quotes, however late: a late Time Exceeded for TTL n is loss
 * for n, never an answer for n + 1. An echo reply from the destination, or a Destination Unreachable, sets
 * where the trace ends; hops past it are no longer probed. Each hop is reported to the listener as soon as it
 * and every hop before it are decided.
 *
 * <p>Routers limit the ICMP errors they send (Linux: one per second per destination after a burst of six),
 * so back-to-back traces can find a router silent. With {@link TracerouteOptions#retrySilentHops()}, a hop
 * before the end that answered none of its probes gets {@value #RETRIES} more, {@link #RETRY_PAUSE} later,
 * once the rounds are done.
 *
 * <p>Thread-safety: everything but {@link #future()} and the cancellation of the future runs on the loop's thread.
 */
final class TraceRun extends FutureOperation<List<Hop>> {

    /** Extra probes for a hop that answered none, and their pause: a rate-limited router's token refills. */
    static final int RETRIES = 1;

    static final Duration RETRY_PAUSE = Duration.ofMillis(1100);

    private final ProbeEngine engine;
    private final InetAddress destination;
    private final boolean ipv6;
    private final long high;
    private final long low;
    private final TracerouteOptions options;
    private final PingOptions pingOptions;
    private final TracerouteListener listener;
    private final byte[] payload;
    private final long intervalNanos;
    private final long retryPauseNanos = RETRY_PAUSE.toNanos();
    private final int first;
    private final int rounds;
    private final int maxInFlight;

    /** By probe (the order sent): its TTL and its number among its hop's probes. */
    private final int[] ttl;

    private final int[] ordinal;
    private Lane lane;
    private int probes;
    private int pending;

    /** By TTL: probes sent and decided, answers' round trips and who answered, and the marker of an Unreachable. */
    private final int[] sentPerHop = new int[256];

    private final int[] decidedPerHop = new int[256];
    private final List<List<Double>> rtts = new ArrayList<>(256);
    private final List<List<InetAddress>> answeredBy = new ArrayList<>(256);
    private final List<List<Integer>> answeredProbes = new ArrayList<>(256);
    private final String[] unreachable = new String[256];
    private final List<List<MplsLabel>> mpls = new ArrayList<>(256);
    private final boolean[] ends = new boolean[256];
    private final int[] retried = new int[256];
    /** By TTL: the hop as reported to the listener, once decided. */
    private final Hop[] reported = new Hop[256];

    /** The last TTL still in question: the destination's distance once known. */
    private int last;
    /** The next hop to report. */
    private int nextToReport;

    private int roundsReleased;
    private long nextRoundAt;
    /** When the silent hops' retries leave, once decided; {@link Long#MIN_VALUE} while not. */
    private long retryAt = Long.MIN_VALUE;
    /** True once no retry can come any more: every hop's probes are known. */
    private boolean retriesSettled;

    TraceRun(
            ProbeEngine engine,
            InetAddress destination,
            TracerouteOptions options,
            TracerouteListener listener,
            byte[] payload) {
        super(Nanos.saturated(options.pingOptions().timeout()), 0);
        this.engine = engine;
        this.destination = destination;
        this.ipv6 = destination instanceof Inet6Address;
        this.high = AddressBits.highOf(destination);
        this.low = AddressBits.lowOf(destination);
        this.options = options;
        this.pingOptions = options.pingOptions();
        this.listener = listener;
        this.payload = payload;
        this.intervalNanos = Nanos.saturated(pingOptions.interval());
        this.first = options.firstHop();
        this.last = options.maxHops();
        this.nextToReport = first;
        this.rounds = pingOptions.count();
        this.maxInFlight = options.maxInFlight();
        this.retriesSettled = !options.retrySilentHops();
        int hops = options.maxHops() - first + 1;
        int capacity = hops * (rounds + RETRIES);
        ttl = new int[capacity];
        ordinal = new int[capacity];
        for (int i = 0; i < 256; i++) {
            rtts.add(new ArrayList<>());
            answeredBy.add(new ArrayList<>());
            answeredProbes.add(new ArrayList<>());
            mpls.add(List.of());
        }
    }

    @Override
    protected long run(long now) throws IOException {
        if (endedByCaller()) {
            return ProbeLoop.NOTHING_DUE;
        }
        if (lane == null) {
            lane = loop().lane(ipv6);
            nextRoundAt = now;
        }
        releaseRounds(now);
        decideRetries(now);
        sendReleased();
        if (isFinished()) {
            return ProbeLoop.NOTHING_DUE;
        }
        if (pending == 0 && roundsReleased == rounds && retriesSettled && !anyUnsent()) {
            finish();
            return ProbeLoop.NOTHING_DUE;
        }
        long next = ProbeLoop.NOTHING_DUE;
        if (roundsReleased < rounds) {
            next = options.fast() && pending == 0 && !anyUnsent() ? now : nextRoundAt;
        }
        if (retryAt != Long.MIN_VALUE) {
            next = Math.min(next, retryAt);
        }
        return next;
    }

    /**
     * Releases the rounds whose time has come: the next one an interval after the last, or with
     * {@link TracerouteOptions#fast()} as soon as everything released before is sent and decided.
     */
    private void releaseRounds(long now) {
        while (roundsReleased < rounds) {
            boolean due = nextRoundAt - now <= 0 || (options.fast() && pending == 0 && !anyUnsent());
            if (!due) {
                return;
            }
            roundsReleased++;
            nextRoundAt = now + intervalNanos;
            if (options.fast() && intervalNanos > 0) {
                // the next one waits for this one's decisions
                return;
            }
        }
    }

    /**
     * Once the rounds are all sent and decided, decides whether silent hops get their retries, and releases
     * them a pause later.
     */
    private void decideRetries(long now) {
        if (retriesSettled || roundsReleased < rounds || pending > 0 || anyUnsent()) {
            return;
        }
        if (retryAt == Long.MIN_VALUE) {
            if (silentHopBeforeTheEnd()) {
                retryAt = now + retryPauseNanos;
            } else {
                retriesSettled = true;
                reportDecided();
            }
            return;
        }
        if (retryAt - now > 0) {
            return;
        }
        for (int hop = first; hop < last; hop++) {
            if (needsRetry(hop)) {
                retried[hop]++;
            }
        }
        retryAt = Long.MIN_VALUE;
        retriesSettled = true;
    }

    /** The probes a hop may have sent by now: one per round released, and its retries. */
    private int allowance(int hop) {
        return roundsReleased + retried[hop];
    }

    /** True when a hop still in question has a released probe not sent yet. */
    private boolean anyUnsent() {
        for (int hop = first; hop <= last; hop++) {
            if (sentPerHop[hop] < allowance(hop)) {
                return true;
            }
        }
        return false;
    }

    /** Sends the released probes in traceroute's order, hop by hop, while fewer than the most allowed are in flight. */
    private void sendReleased() throws IOException {
        for (int hop = first; hop <= last && pending < maxInFlight && !isFinished(); hop++) {
            while (sentPerHop[hop] < allowance(hop) && pending < maxInFlight && hop <= last && !isFinished()) {
                if (!send(hop)) {
                    return;
                }
            }
        }
    }

    /** True when a hop before the last one in question answered none of its probes and has retries left. */
    private boolean silentHopBeforeTheEnd() {
        if (!reachedTheEnd()) {
            return false;
        }
        for (int hop = first; hop < last; hop++) {
            if (needsRetry(hop)) {
                return true;
            }
        }
        return false;
    }

    private boolean needsRetry(int hop) {
        return options.retrySilentHops() && rtts.get(hop).isEmpty() && retried[hop] < RETRIES;
    }

    /** True when the destination answered or an Unreachable ended the trace. */
    private boolean reachedTheEnd() {
        return answeredBy.get(last).contains(destination) || ends[last];
    }

    /** Sends one probe of a hop; false when none could be made (the trace failed, or no room was left). */
    private boolean send(int hop) throws IOException {
        if (probes == ttl.length) {
            return false;
        }
        int index = probes;
        int probe;
        try {
            // 0.0.0.0 and :: are answered from a local address, as a ping of them takes
            probe = loop().newProbe(this, lane, high, low, index, destination.isAnyLocalAddress());
        } catch (IcmpSocketException e) {
            fail(e);
            return false;
        }
        probes++;
        ttl[index] = hop;
        ordinal[index] = sentPerHop[hop]++;
        byte[] data = payload;
        if (options.constantFlow()) {
            // Paris: the payload's first word is the sequence's complement, so the checksum never changes
            int sequence = loop().sequence(probe);
            data = payload.clone();
            data[0] = (byte) (~sequence >>> 8);
            data[1] = (byte) ~sequence;
        }
        pending++;
        loop().stage(probe, data, hop, pingOptions.trafficClass());
        loop().flush();
        return true;
    }

    @Override
    protected void onSendFailed(int tag, int sequence, IOException cause) {
        if (tag == 0) {
            // the first probe cannot leave (no route to the destination): the trace cannot work
            pending--;
            fail(cause);
            return;
        }
        decidedOne(tag);
    }

    @Override
    protected void onLoss(int probe) {
        decidedOne(loop().tag(probe));
    }

    /**
     * One probe fewer pending: room for the next one, and once none is pending, the next round (fast), the
     * retries or the end are due now; the hops now decided are reported.
     */
    private void decidedOne(int index) {
        pending--;
        decidedPerHop[ttl[index]]++;
        if (pending == 0 || pending == maxInFlight - 1) {
            // the next round, the retries or the end are due; or room for a probe waiting for it
            loop().wake(this);
        }
        reportDecided();
    }

    /** Reports the hops decided, in order, from the next one not reported yet. */
    private void reportDecided() {
        while (!isFinished() && nextToReport <= last && isDecided(nextToReport)) {
            Hop hop = inSendOrder(nextToReport);
            reported[nextToReport] = hop;
            nextToReport++;
            ListenerCalls.guarded(() -> listener.onHop(hop), "TracerouteListener");
        }
    }

    /** True when every probe the hop will ever get was sent and decided. */
    private boolean isDecided(int hop) {
        return roundsReleased == rounds
                && sentPerHop[hop] == allowance(hop)
                && decidedPerHop[hop] == sentPerHop[hop]
                && (retriesSettled || !needsRetry(hop));
    }

    @Override
    protected void onReply(int probe, ReplyView reply, long rttNanos) {
        int index = loop().tag(probe);
        // the destination is this close: no hop past it is probed (set before the hop may be reported)
        last = Math.min(last, ttl[index]);
        if (destination.isAnyLocalAddress()) {
            // 0.0.0.0 and :: answer from a local address: that address is the hop, and the trace ends at it
            ends[ttl[index]] = true;
            answered(index, reply.source(), rttNanos);
        } else {
            answered(index, destination, rttNanos);
        }
    }

    @Override
    protected void onError(int probe, ReplyView error, long rttNanos) {
        int index = loop().tag(probe);
        IcmpMessage message = error.message();
        if (message instanceof IcmpErrorMessage quoting && mpls.get(ttl[index]).isEmpty()) {
            for (ExtensionObject extension : quoting.extensions()) {
                if (extension instanceof MplsLabelStack stack) {
                    mpls.set(ttl[index], stack.labels());
                }
            }
        }
        if (message instanceof TimeExceeded) {
            answered(index, error.source(), rttNanos);
        } else if (message instanceof DestinationUnreachable unreachableMessage) {
            int hop = ttl[index];
            unreachable[hop] = marker(unreachableMessage.version(), unreachableMessage.code());
            // the trace ends at the hop that said so (a port unreachable, from the destination, has no marker)
            ends[hop] = true;
            last = Math.min(last, hop);
            answered(index, error.source(), rttNanos);
        } else {
            // other errors (parameter problem, packet too big, ...) answer nothing: the probe is lost
            decidedOne(index);
        }
    }

    private void answered(int index, InetAddress responder, long rttNanos) {
        int hop = ttl[index];
        rtts.get(hop).add(rttNanos / 1e6);
        answeredBy.get(hop).add(responder);
        answeredProbes.get(hop).add(ordinal[index]);
        decidedOne(index);
    }

    /** traceroute's marker of a Destination Unreachable code. */
    static String marker(IcmpVersion version, int code) {
        if (version == IcmpVersion.V4) {
            return switch (code) {
                case 0 -> "!N";
                case 1 -> "!H";
                case 2 -> "!P";
                case 3 -> null;
                case 4 -> "!F";
                case 5 -> "!S";
                case 9, 10, 13 -> "!X";
                case 14 -> "!V";
                case 15 -> "!C";
                default -> "!" + code;
            };
        }
        return switch (code) {
            case 0 -> "!N";
            case 1 -> "!X";
            case 3 -> "!H";
            case 4 -> null;
            case 5, 6 -> "!A";
            default -> "!" + code;
        };
    }

    /** A hop's answers sorted by the probe they answer: they may arrive out of send order. */
    private Hop inSendOrder(int hop) {
        List<Integer> probes = answeredProbes.get(hop);
        Integer[] order = new Integer[probes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(probes::get));
        List<Double> times = new ArrayList<>(order.length);
        List<InetAddress> by = new ArrayList<>(order.length);
        List<Integer> numbers = new ArrayList<>(order.length);
        for (int i : order) {
            times.add(rtts.get(hop).get(i));
            by.add(answeredBy.get(hop).get(i));
            numbers.add(probes.get(i));
        }
        return new Hop(hop, sentPerHop[hop], times, by, numbers, unreachable[hop], mpls.get(hop));
    }

    private void finish() {
        reportDecided();
        List<Hop> hops = new ArrayList<>(last - first + 1);
        for (int hop = first; hop <= last; hop++) {
            hops.add(reported[hop] != null ? reported[hop] : inSendOrder(hop));
        }
        succeed(engine, List.copyOf(hops));
    }
}
