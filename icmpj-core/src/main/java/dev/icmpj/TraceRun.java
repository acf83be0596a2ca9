package dev.icmpj;

import dev.icmpj.internal.engine.PingEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.engine.SlotQueue;
import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.ExtensionObject;
import dev.icmpj.packet.IcmpErrorMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.MplsLabel;
import dev.icmpj.packet.MplsLabelStack;
import dev.icmpj.packet.TimeExceeded;
import dev.icmpj.socket.EchoBatch;
import dev.icmpj.socket.EchoReplyView;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SentRequest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One traceroute in progress, on a {@link ProbeLoop} with a socket of its own (a raw socket, or a ping
 * socket reading Time Exceeded and Unreachable from its error queue). Probes go out in rounds, one probe
 * per hop from the first hop to the last one still in question, all TTLs of a round at once; round k + 1
 * leaves one interval after round k. Every probe has a sequence number of its own, so an answer is matched
 * to the probe and TTL it quotes, however late: a late Time Exceeded for TTL n is loss for n, never an
 * answer for n + 1. An echo reply from the destination, or a Destination Unreachable, sets where the trace
 * ends; hops past it are no longer probed.
 *
 * <p>Routers limit the ICMP errors they send (Linux: one per second per destination after a burst of six),
 * so back-to-back traces can find a router silent. A hop before the end that answered none of its probes
 * gets {@value #RETRIES} more, {@link #RETRY_PAUSE} apart, once the rounds are done.
 *
 * <p>Thread-safety: the loop methods run on the driver's one thread; {@link #fail} may come from any thread.
 */
final class TraceRun extends LoopRun<List<Hop>> {

    /** Extra probes for a hop that answered none, and their pause: a rate-limited router's token refills. */
    static final int RETRIES = 1;

    static final Duration RETRY_PAUSE = Duration.ofMillis(1100);

    private static final byte PENDING = 1;
    private static final byte ANSWERED = 2;
    private static final byte LOST = 3;

    private final IcmpSocket socket;
    private final List<IcmpSocket> sockets;
    private final InetAddress destination;
    private final TracerouteOptions options;
    private final PingOptions pingOptions;
    private final byte[] payload;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long retryPauseNanos = RETRY_PAUSE.toNanos();
    private final int first;
    private final int ipv4;
    private final long high;
    private final long low;
    /** One batch per TTL: a batch carries one TTL. */
    private final EchoBatch[] batches = new EchoBatch[256];

    /** By probe (its sequence number): TTL, its number among its hop's probes, state, send clocks. */
    private final int[] ttl;

    private final int[] ordinal;

    private final byte[] state;
    private final long[] sentAtEpoch;
    private final long[] sentAtMonotonic;
    /** With a constant flow, each probe's own payload (its first word compensates its sequence). */
    private final byte[][] payloads;

    private int probes;
    private int pending;
    private final SlotQueue inFlight = new SlotQueue();

    /** By TTL: probes sent, answers' round trips and who answered, and the marker of an Unreachable. */
    private final int[] sentPerHop = new int[256];

    private final List<List<Double>> rtts = new ArrayList<>(256);
    private final List<List<InetAddress>> answeredBy = new ArrayList<>(256);
    private final List<List<Integer>> answeredProbes = new ArrayList<>(256);
    private final String[] unreachable = new String[256];
    private final List<List<MplsLabel>> mpls = new ArrayList<>(256);
    private final boolean[] ends = new boolean[256];
    private final int[] retried = new int[256];

    /** The last TTL still in question: the destination's distance once known. */
    private int last;

    private int roundsSent;
    private long nextRoundAt;
    private long nextRetryAt = Long.MIN_VALUE;

    TraceRun(PingEngine engine, IcmpSocket socket, InetAddress destination, TracerouteOptions options, byte[] payload) {
        super(engine);
        this.socket = socket;
        this.sockets = List.of(socket);
        this.destination = destination;
        this.options = options;
        this.pingOptions = options.pingOptions();
        this.payload = payload;
        this.intervalNanos = Nanos.saturated(pingOptions.interval());
        this.timeoutNanos = Nanos.saturated(pingOptions.timeout());
        this.first = options.firstHop();
        this.last = options.maxHops();
        int hops = options.maxHops() - first + 1;
        int capacity = hops * (pingOptions.count() + RETRIES);
        ttl = new int[capacity];
        ordinal = new int[capacity];
        state = new byte[capacity];
        sentAtEpoch = new long[capacity];
        sentAtMonotonic = new long[capacity];
        payloads = options.constantFlow() ? new byte[capacity][] : null;
        for (int i = 0; i < 256; i++) {
            rtts.add(new ArrayList<>());
            answeredBy.add(new ArrayList<>());
            answeredProbes.add(new ArrayList<>());
            mpls.add(List.of());
        }
        boolean v4 = destination instanceof Inet4Address;
        this.ipv4 = v4 ? EchoBatch.bitsOf((Inet4Address) destination) : 0;
        this.high = v4 ? 0 : EchoBatch.highBitsOf((Inet6Address) destination);
        this.low = v4 ? 0 : EchoBatch.lowBitsOf((Inet6Address) destination);
    }

    @Override
    void start() {
        nextRoundAt = engine.ticker().read();
        super.start();
    }

    @Override
    public List<IcmpSocket> sockets() {
        return sockets;
    }

    @Override
    long step(long now) throws IcmpSocketException {
        if (!receiveQueued(socket)) {
            return now;
        }
        expire(now);
        sendDue(now);
        if (isDone()) {
            return NOTHING_DUE;
        }
        if (pending == 0 && roundsSent == pingOptions.count() && nextRetryAt == Long.MIN_VALUE) {
            finish();
            return NOTHING_DUE;
        }
        long due = inFlight.isEmpty() ? NOTHING_DUE : inFlight.peekTime();
        if (roundsSent < pingOptions.count()) {
            due = Math.min(due, options.fast() && pending == 0 ? now : nextRoundAt);
        } else if (nextRetryAt != Long.MIN_VALUE) {
            due = Math.min(due, nextRetryAt);
        }
        return due;
    }

    /** Sends the next round when it is due, or the retries of silent hops once the rounds are done. */
    private void sendDue(long now) throws IcmpSocketException {
        if (roundsSent < pingOptions.count()) {
            boolean due = nextRoundAt - now <= 0 || (options.fast() && pending == 0);
            if (due) {
                for (int hop = first; hop <= last && !isDone(); hop++) {
                    send(hop);
                }
                roundsSent++;
                nextRoundAt = now + intervalNanos;
            }
            return;
        }
        if (pending > 0 && nextRetryAt == Long.MIN_VALUE) {
            return;
        }
        if (nextRetryAt == Long.MIN_VALUE) {
            nextRetryAt = silentHopBeforeTheEnd() ? now + retryPauseNanos : Long.MIN_VALUE;
            return;
        }
        if (nextRetryAt - now > 0 || pending > 0) {
            return;
        }
        nextRetryAt = Long.MIN_VALUE;
        for (int hop = first; hop < last && !isDone(); hop++) {
            if (needsRetry(hop)) {
                retried[hop]++;
                send(hop);
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
        return rtts.get(hop).isEmpty() && retried[hop] < RETRIES;
    }

    /** True when the destination answered or an Unreachable ended the trace. */
    private boolean reachedTheEnd() {
        return answeredBy.get(last).contains(destination) || ends[last];
    }

    private void send(int hop) throws IcmpSocketException {
        if (probes == ttl.length) {
            return;
        }
        int probe = probes++;
        EchoBatch batch;
        if (options.constantFlow()) {
            // Paris: the payload's first word is the sequence's complement, so the checksum never changes
            byte[] own = payload.clone();
            own[0] = (byte) (~probe >>> 8);
            own[1] = (byte) ~probe;
            payloads[probe] = own;
            batch = new EchoBatch(Family.of(destination), own, hop, pingOptions.trafficClass());
        } else {
            batch = batches[hop];
            if (batch == null) {
                batch = new EchoBatch(Family.of(destination), payload, hop, pingOptions.trafficClass());
                batches[hop] = batch;
            }
        }
        if (batch.family() == Family.IPV4) {
            batch.addIpv4(ipv4, probe);
        } else {
            batch.addIpv6(high, low, probe);
        }
        send(socket, batch);
        ttl[probe] = hop;
        ordinal[probe] = sentPerHop[hop];
        sentAtEpoch[probe] = batch.sentAtEpochNanos();
        sentAtMonotonic[probe] = batch.sentAtMonotonicNanos();
        sentPerHop[hop]++;
        if (batch.failure(0) == null) {
            state[probe] = PENDING;
            pending++;
            inFlight.add(probe, sentAtMonotonic[probe] + timeoutNanos);
        } else {
            state[probe] = LOST;
        }
        batch.clear();
    }

    private void expire(long now) {
        while (!inFlight.isEmpty() && inFlight.peekTime() - now <= 0) {
            int probe = inFlight.peekSlot();
            inFlight.remove();
            if (state[probe] == PENDING) {
                state[probe] = LOST;
                pending--;
            }
        }
    }

    @Override
    public void onEchoReply(EchoReplyView reply) {
        int probe = reply.sequence();
        if (isDone() || probe >= probes || state[probe] != PENDING || !isFromDestination(reply)) {
            return;
        }
        if (!reply.payloadEquals(options.constantFlow() ? payloads[probe] : payload)) {
            return;
        }
        long rtt = reply.rttNanos(sentAtEpoch[probe], sentAtMonotonic[probe]);
        answered(probe, destination, rtt);
        // the destination is this close: no hop past it is probed
        last = Math.min(last, ttl[probe]);
    }

    private boolean isFromDestination(EchoReplyView reply) {
        if (reply.family() == Family.IPV4) {
            return reply.sourceIpv4() == ipv4 && Family.of(destination) == Family.IPV4;
        }
        return reply.sourceIpv6High() == high && reply.sourceIpv6Low() == low && Family.of(destination) == Family.IPV6;
    }

    @Override
    public void onMessage(IcmpReply message) {
        int probe = message.sequence();
        if (isDone()
                || probe >= probes
                || state[probe] != PENDING
                || !message.probeDestination().equals(destination)) {
            return;
        }
        SentRequest request = new SentRequest(
                new IcmpRequest(
                        destination,
                        message.identifier(),
                        probe,
                        options.constantFlow() ? payloads[probe] : payload,
                        ttl[probe],
                        -1),
                message.identifier(),
                sentAtEpoch[probe],
                sentAtMonotonic[probe]);
        long rtt = message.rttNanos(request);
        if (message.message() instanceof IcmpErrorMessage error
                && mpls.get(ttl[probe]).isEmpty()) {
            for (ExtensionObject extension : error.extensions()) {
                if (extension instanceof MplsLabelStack stack) {
                    mpls.set(ttl[probe], stack.labels());
                }
            }
        }
        if (message.message() instanceof TimeExceeded) {
            answered(probe, message.source(), rtt);
        } else if (message.message() instanceof DestinationUnreachable unreachableMessage) {
            int hop = ttl[probe];
            answered(probe, message.source(), rtt);
            unreachable[hop] = marker(unreachableMessage.version(), unreachableMessage.code());
            // the trace ends at the hop that said so (a port unreachable, from the destination, has no marker)
            ends[hop] = true;
            last = Math.min(last, hop);
        }
        // other errors (parameter problem, packet too big, ...) leave the probe to its timeout
    }

    private void answered(int probe, InetAddress responder, long rttNanos) {
        state[probe] = ANSWERED;
        pending--;
        if (rttNanos > timeoutNanos) {
            state[probe] = LOST;
            return;
        }
        int hop = ttl[probe];
        rtts.get(hop).add(rttNanos / 1e6);
        answeredBy.get(hop).add(responder);
        answeredProbes.get(hop).add(ordinal[probe]);
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
        List<Hop> hops = new ArrayList<>(last - first + 1);
        for (int hop = first; hop <= last; hop++) {
            hops.add(inSendOrder(hop));
        }
        complete(List.copyOf(hops));
    }
}
