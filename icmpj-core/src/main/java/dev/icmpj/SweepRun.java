package dev.icmpj;

import dev.icmpj.internal.engine.PingEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.engine.ReceiveWindow;
import dev.icmpj.internal.engine.SlotQueue;
import dev.icmpj.socket.EchoBatch;
import dev.icmpj.socket.EchoReplyView;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One multiping in progress: the sweep policy as a {@link ProbeLoop}, one thread that sends, reads and
 * decides, with sockets of its own (one per family), so nothing is handed between threads and nothing is
 * locked per probe.
 *
 * <p>State per target and per request lives in primitive arrays indexed by the target's ordinal (a request's
 * slot is {@code target * count + k}, its sequence number the slot's low 16 bits). Requests leave in
 * {@link EchoBatch}es under a token bucket ({@code rate}), a limit of targets in progress
 * ({@code concurrency}) and each socket's receive window (the {@code SO_RCVBUF} read back); request k + 1 of
 * a target leaves one interval after request k, from a FIFO of re-sends; expiries come from one FIFO of
 * requests in send order, since every request has the same timeout. A reply finds its request through a
 * chain per sequence number (more than 65,536 requests may be in flight: the chain holds every one with
 * that sequence, told apart by destination). A request is called lost only once everything queued before
 * its deadline has been read.
 *
 * <p>Thread-safety: the loop methods run on the driver's one thread; {@link #fail} may come from any thread.
 */
final class SweepRun extends LoopRun<MultipingResult> {

    /** A request's state; 0 is unsent. */
    private static final byte PENDING = 1;

    private static final byte ANSWERED = 2;
    private static final byte ERRORED = 3;
    private static final byte LOST = 4;

    /** Requests one run sends before it reads again. */
    private static final int SENDS_PER_RUN = 4 * EchoBatch.CAPACITY;
    /** How long a loop with two sockets waits on one before it looks at the other. */
    private static final long TWO_SOCKET_WAIT_NANOS = 1_000_000;
    /** The receive buffer asked for: room for the replies of the requests that may be in flight, within bounds. */
    private static final int MIN_RECEIVE_BUFFER = 8 << 20;

    private static final int MAX_RECEIVE_BUFFER = 256 << 20;
    /** The most loops one sweep runs on, and the fewest targets worth a loop of their own. */
    private static final int MAX_LOOPS = 4;
    /** Targets a loop claims at a time. */
    private static final int CLAIM = 1024;
    /** Listener calls a loop holds back at most, when several loops share the listener. */
    private static final int CALL_BATCH = 256;

    private static final int MIN_TARGETS_PER_LOOP = 4096;
    private static final int NO_SLOT = -1;

    /** One family's socket, its batch, its receive window and its chains of requests in flight. */
    private final class Lane {
        final Family family;
        final IcmpSocket socket;
        final EchoBatch batch;
        final int[] batchSlots = new int[EchoBatch.CAPACITY];
        final long capacityBytes;
        final int[] head = new int[1 << 16];
        final int[] tail = new int[1 << 16];
        final long dropsAtStart;
        long usedBytes;

        Lane(Family family, IcmpSocket socket, long assumedBufferBytes) {
            this.family = family;
            this.socket = socket;
            this.batch = new EchoBatch(family, payload, per.ttl(), per.trafficClass());
            long granted = socket.receiveBufferBytes();
            this.capacityBytes = granted > 0 ? granted : assumedBufferBytes;
            Arrays.fill(head, NO_SLOT);
            Arrays.fill(tail, NO_SLOT);
            this.dropsAtStart = socket.kernelDrops();
        }

        boolean fits() {
            return usedBytes == 0 || usedBytes + windowCost <= capacityBytes;
        }

        void chain(int slot) {
            int sequence = slot & 0xFFFF;
            next[slot] = NO_SLOT;
            if (tail[sequence] == NO_SLOT) {
                head[sequence] = slot;
            } else {
                next[tail[sequence]] = slot;
            }
            tail[sequence] = slot;
        }

        /** Unchains the oldest request of its sequence: requests are chained and expired in send order. */
        void unchainOldest(int slot) {
            int sequence = slot & 0xFFFF;
            if (head[sequence] != slot) {
                throw new IllegalStateException("request " + slot + " is not the oldest of sequence " + sequence);
            }
            head[sequence] = next[slot];
            if (head[sequence] == NO_SLOT) {
                tail[sequence] = NO_SLOT;
            }
        }
    }

    private final Targets targets;
    private final PingOptions per;
    private final MultipingListener listener;
    /** Which calls the listener overrides: only those cost a {@link Reply} or a {@link Host} per event. */
    private final boolean listenerTakesReplies;

    private final boolean listenerTakesErrors;
    private final boolean listenerTakesLosses;
    private final boolean listenerTakesTargets;
    private final int count;
    private final int concurrency;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final byte[] payload;
    private final long windowCost;
    private final double rate;
    /** Tokens at the start: 10 ms worth. */
    private final double initialTokens;
    /** The most tokens saved up: 100 ms worth, so that a late loop catches up and the rate holds. */
    private final double burst;

    private final int[] sent;
    private final int[] received;
    private final int[] errors;
    private final int[] duplicates;
    private final int[] decided;
    private final byte[] ttls;
    private final float[] rtts;
    private final byte[] states;
    private final long[] sentAtEpoch;
    private final long[] sentAtMonotonic;
    private final int[] next;
    private final Map<Integer, InetAddress> resolved;
    private final Map<Integer, IcmpLibException> failures;
    /** The targets that are resolved host names, sorted, and their addresses' bits. */
    private final int[] nameTargets;

    private final int[] nameIpv4;
    private final long[] nameHigh;
    private final long[] nameLow;
    private final boolean[] nameIsIpv6;
    private final MultipingResult result;

    private final List<Lane> lanes = new ArrayList<>(2);
    /** The lanes' sockets, in the same order. */
    private final List<IcmpSocket> sockets = new ArrayList<>(2);

    private Lane ipv4;
    private Lane ipv6;

    private final SlotQueue inFlight = new SlotQueue();
    private final SlotQueue resends = new SlotQueue();
    /**
     * The next target no loop has claimed yet, shared by the sweep's loops: a loop claims {@value #CLAIM}
     * targets at a time as it runs out, so a loop that runs slower (its code compiled later, its core busier)
     * takes fewer instead of finishing last. Halves fixed in advance left one loop idle for the last 25 ms of a
     * cold /16 sweep.
     */
    private final AtomicInteger unclaimed;
    /** The end of the claim this loop sends from ({@link #nextTarget} up to it), and the targets it claimed. */
    private int claimEnd;

    private int claimed;
    /** True once a claim found no target left. */
    private boolean allClaimed;
    /** Serializes the listener's calls across the loops of one sweep. */
    private final Object listenerLock;
    /**
     * Whether other loops share the lock: then this loop's listener calls wait in {@link #pendingCalls} and
     * are made together, under one hold of the lock, at the end of each step (or every {@value #CALL_BATCH}).
     * A call per hold made two loops contend for the lock once per target: in a cold /16 sweep with
     * {@code -a} their threads spun and parked on it for most of the first 100 ms.
     */
    private final boolean batchesCalls;

    private final List<Runnable> pendingCalls = new ArrayList<>();
    /** Requests of the whole sweep sent and not yet decided (answered, errored or lost), and the most there were. */
    private final AtomicInteger inFlightAll;

    private final AtomicInteger peakInFlight;
    private int nextTarget;
    private int active;
    private int complete;
    /** The datagrams the kernel dropped at this loop's sockets during the sweep, once it finished. */
    private long drops;

    private double tokens;
    private long tokensAt;
    /** When the token bucket holds a token again, while sends wait for one; else Long.MIN_VALUE. */
    private long tokenDue = Long.MIN_VALUE;
    /** True while the next send waits for room in its socket's receive window. */
    private boolean windowFull;
    /** True when the last run stopped sending at {@link #SENDS_PER_RUN} with more due. */
    private boolean moreDue;

    /**
     * Prepares a sweep; nothing is sent before {@link #begin}.
     *
     * @param engine the engine
     * @param targets the targets
     * @param options how to ping them
     * @param listener told of progress
     * @param resolved the addresses of the targets that are host names, by index
     * @param failures why the other host names are not pinged, by index
     * @param payload the echo data of every request
     * @param loops how many loops share the sweep: each gets that share of the rate and the concurrency
     */
    private SweepRun(
            PingEngine engine,
            Targets targets,
            MultipingOptions options,
            MultipingListener listener,
            Map<Integer, InetAddress> resolved,
            Map<Integer, IcmpLibException> failures,
            byte[] payload,
            int loops) {
        super(engine);
        this.unclaimed = new AtomicInteger();
        this.listenerLock = new Object();
        this.batchesCalls = loops > 1;
        this.inFlightAll = new AtomicInteger();
        this.peakInFlight = new AtomicInteger();
        this.targets = targets;
        this.per = options.pingOptions();
        this.listener = listener;
        this.listenerTakesReplies =
                overrides(listener, "onReply", int.class, int.class, InetAddress.class, Reply.class);
        this.listenerTakesErrors = overrides(listener, "onError", int.class, int.class, InetAddress.class, Reply.class);
        this.listenerTakesLosses = overrides(listener, "onLoss", int.class, int.class, InetAddress.class, int.class);
        this.listenerTakesTargets = overrides(listener, "onComplete", int.class, Host.class);
        this.count = per.count();
        this.concurrency = share(options.concurrency(), loops);
        this.intervalNanos = Nanos.saturated(per.interval());
        this.timeoutNanos = Nanos.saturated(per.timeout());
        this.payload = payload;
        this.windowCost = ReceiveWindow.costOf(payload.length, options.transmitTimestamps());
        this.rate = options.rate() / loops;
        this.initialTokens = Math.max(1, rate / 100);
        this.burst = Math.max(1, rate / 10);
        int n = targets.size();
        long probes = (long) n * count;
        if (probes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " targets times count " + count + " is more than "
                    + (Integer.MAX_VALUE - 8) + " requests in one multiping");
        }
        sent = new int[n];
        received = new int[n];
        errors = new int[n];
        duplicates = new int[n];
        decided = new int[n];
        ttls = new byte[n];
        rtts = new float[(int) probes];
        Arrays.fill(rtts, Float.NaN);
        states = new byte[(int) probes];
        sentAtEpoch = new long[(int) probes];
        sentAtMonotonic = new long[(int) probes];
        next = new int[(int) probes];
        this.resolved = Map.copyOf(resolved);
        this.failures = Map.copyOf(failures);
        nameTargets =
                resolved.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        nameIpv4 = new int[nameTargets.length];
        nameHigh = new long[nameTargets.length];
        nameLow = new long[nameTargets.length];
        nameIsIpv6 = new boolean[nameTargets.length];
        for (int i = 0; i < nameTargets.length; i++) {
            InetAddress address = resolved.get(nameTargets[i]);
            if (address instanceof Inet4Address v4) {
                nameIpv4[i] = EchoBatch.bitsOf(v4);
            } else {
                nameIsIpv6[i] = true;
                nameHigh[i] = EchoBatch.highBitsOf((Inet6Address) address);
                nameLow[i] = EchoBatch.lowBitsOf((Inet6Address) address);
            }
        }
        this.result = new MultipingResult(
                targets, count, sent, received, errors, duplicates, ttls, rtts, this.resolved, this.failures);
    }

    /** Another loop of the same sweep: the targets it claims, the arrays and result of the first. */
    private SweepRun(SweepRun first) {
        super(first.engine);
        this.unclaimed = first.unclaimed;
        this.listenerLock = first.listenerLock;
        this.batchesCalls = first.batchesCalls;
        this.inFlightAll = first.inFlightAll;
        this.peakInFlight = first.peakInFlight;
        this.targets = first.targets;
        this.per = first.per;
        this.listener = first.listener;
        this.listenerTakesReplies = first.listenerTakesReplies;
        this.listenerTakesErrors = first.listenerTakesErrors;
        this.listenerTakesLosses = first.listenerTakesLosses;
        this.listenerTakesTargets = first.listenerTakesTargets;
        this.count = first.count;
        this.concurrency = first.concurrency;
        this.intervalNanos = first.intervalNanos;
        this.timeoutNanos = first.timeoutNanos;
        this.payload = first.payload;
        this.windowCost = first.windowCost;
        this.rate = first.rate;
        this.initialTokens = first.initialTokens;
        this.burst = first.burst;
        this.sent = first.sent;
        this.received = first.received;
        this.errors = first.errors;
        this.duplicates = first.duplicates;
        this.decided = first.decided;
        this.ttls = first.ttls;
        this.rtts = first.rtts;
        this.states = first.states;
        this.sentAtEpoch = first.sentAtEpoch;
        this.sentAtMonotonic = first.sentAtMonotonic;
        this.next = first.next;
        this.resolved = first.resolved;
        this.failures = first.failures;
        this.nameTargets = first.nameTargets;
        this.nameIpv4 = first.nameIpv4;
        this.nameHigh = first.nameHigh;
        this.nameLow = first.nameLow;
        this.nameIsIpv6 = first.nameIsIpv6;
        this.result = first.result;
    }

    /**
     * How many loops a sweep runs on: one per core, up to {@value #MAX_LOOPS}, while each has at least
     * {@value #MIN_TARGETS_PER_LOOP} targets and its share of the concurrency limit. Measured on 2 cores: a
     * /16 of loopback hosts in 190-215 ms on two loops, 240-330 ms on one (the JVM warm).
     *
     * @param targets the targets
     * @param options the sweep's options
     * @return 1 or more
     */
    static int loopsFor(Targets targets, MultipingOptions options) {
        int byCores = Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors());
        int byTargets = Math.max(1, targets.size() / MIN_TARGETS_PER_LOOP);
        int byConcurrency = options.concurrency() == 0 ? Integer.MAX_VALUE : options.concurrency();
        return Math.max(1, Math.min(byCores, Math.min(byTargets, byConcurrency)));
    }

    /**
     * Starts a sweep on one or more loops, each with the targets it claims as it goes and its own sockets.
     *
     * @param engine the engine
     * @param targets the targets
     * @param options how to ping them
     * @param listener told of progress, one call at a time
     * @param resolved the addresses of the targets that are host names, by index
     * @param failures why the other host names are not pinged, by index
     * @param payload the echo data of every request
     * @param sockets the sockets of each loop: one map per loop, the socket of each family among the targets
     * @return the sweep's result; cancelling it stops every loop
     */
    static CompletableFuture<MultipingResult> start(
            PingEngine engine,
            Targets targets,
            MultipingOptions options,
            MultipingListener listener,
            Map<Integer, InetAddress> resolved,
            Map<Integer, IcmpLibException> failures,
            byte[] payload,
            List<Map<Family, IcmpSocket>> sockets) {
        int loops = sockets.size();
        List<SweepRun> runs = new ArrayList<>(loops);
        SweepRun first = new SweepRun(engine, targets, options, listener, resolved, failures, payload, loops);
        runs.add(first);
        for (int k = 1; k < loops; k++) {
            runs.add(new SweepRun(first));
        }
        CompletableFuture<MultipingResult> sweep = new CompletableFuture<>();
        sweep.whenComplete((r, e) -> {
            if (sweep.isCancelled()) {
                runs.forEach(run -> run.future().cancel(false));
            }
        });
        for (SweepRun run : runs) {
            run.future().whenComplete((r, e) -> {
                if (e != null) {
                    // one loop failed: the sweep fails, and the other loops stop
                    runs.forEach(other -> other.future().cancel(false));
                    sweep.completeExceptionally(e);
                }
            });
        }
        CompletableFuture.allOf(runs.stream().map(SweepRun::future).toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    first.result.kernelDrops(
                            runs.stream().mapToLong(run -> run.drops).sum());
                    first.result.peakInFlight(first.peakInFlight.get());
                    sweep.complete(first.result);
                });
        for (int k = 0; k < loops; k++) {
            runs.get(k).begin(sockets.get(k));
        }
        return sweep;
    }

    /** Calls the listener, one call at a time across the sweep's loops, a failure of it logged and ignored. */
    private void tell(Runnable call) {
        if (!batchesCalls) {
            synchronized (listenerLock) {
                ListenerCalls.guarded(call, "MultipingListener");
            }
            return;
        }
        pendingCalls.add(call);
        if (pendingCalls.size() >= CALL_BATCH) {
            makePendingCalls();
        }
    }

    /** Makes the listener calls this loop has waiting, in their order, under one hold of the lock. */
    private void makePendingCalls() {
        if (pendingCalls.isEmpty()) {
            return;
        }
        synchronized (listenerLock) {
            for (Runnable call : pendingCalls) {
                ListenerCalls.guarded(call, "MultipingListener");
            }
        }
        pendingCalls.clear();
    }

    private static int share(int limit, int loops) {
        return limit == 0 ? 0 : Math.max(1, limit / loops);
    }

    /** Tells whether a listener's class overrides a method of {@link MultipingListener}. */
    private static boolean overrides(MultipingListener listener, String method, Class<?>... parameters) {
        try {
            return listener.getClass().getMethod(method, parameters).getDeclaringClass() != MultipingListener.class;
        } catch (NoSuchMethodException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /**
     * Takes the sockets and starts the loop; completes at once when there is nothing to ping.
     *
     * @param sockets the socket of each family among the targets, opened for this sweep alone
     */
    private void begin(Map<Family, IcmpSocket> sockets) {
        sockets.forEach((family, socket) -> {
            Lane lane = new Lane(family, socket, engine.assumedReceiveBufferBytes());
            lanes.add(lane);
            this.sockets.add(socket);
            if (family == Family.IPV4) {
                ipv4 = lane;
            } else {
                ipv6 = lane;
            }
        });
        tokensAt = engine.ticker().read();
        tokens = initialTokens;
        if (!claim()) {
            finish();
            return;
        }
        start();
    }

    /** Socket sizes for a loop of a sweep: its replies in flight fit, as far as the kernel grants. */
    static int receiveBufferFor(int targets, MultipingOptions options) {
        long probes = (long) targets * options.pingOptions().count();
        long cost = ReceiveWindow.costOf(options.pingOptions().payloadSize(), options.transmitTimestamps());
        // the kernel doubles what is asked for
        long wanted = Math.min(probes, 1 << 20) * cost / 2;
        return Math.clamp(wanted, MIN_RECEIVE_BUFFER, MAX_RECEIVE_BUFFER);
    }

    @Override
    public List<IcmpSocket> sockets() {
        return sockets;
    }

    @Override
    long step(long now) throws IcmpSocketException {
        try {
            boolean drained = true;
            for (Lane lane : lanes) {
                drained &= receiveQueued(lane.socket);
            }
            if (drained) {
                expire(now);
            }
            if (!isDone()) {
                send(now);
            }
            return drained && !moreDue ? nextDue() : now;
        } finally {
            makePendingCalls();
        }
    }

    @Override
    public void await(long nanos) {
        if (lanes.size() == 1) {
            super.await(nanos);
        } else {
            try {
                lanes.getFirst().socket.receive(Duration.ofNanos(Math.min(nanos, TWO_SOCKET_WAIT_NANOS)), this);
                lanes.getLast().socket.receive(Duration.ZERO, this);
            } catch (IcmpSocketException e) {
                fail(e);
            }
        }
        makePendingCalls();
    }

    /** The earliest time something is due: a deadline, a re-send, a token. */
    private long nextDue() {
        long due = NOTHING_DUE;
        if (!inFlight.isEmpty()) {
            due = inFlight.peekTime();
        }
        if (!windowFull) {
            if (tokenDue != Long.MIN_VALUE) {
                due = Math.min(due, tokenDue);
            } else if (!resends.isEmpty()) {
                due = Math.min(due, resends.peekTime());
            }
        }
        return due;
    }

    /** Sends what is due, as far as the rate, the concurrency limit and the windows allow. */
    private void send(long now) throws IcmpSocketException {
        tokenDue = Long.MIN_VALUE;
        windowFull = false;
        moreDue = false;
        for (int sends = 0; ; sends++) {
            boolean due = !resends.isEmpty() && resends.peekTime() - now <= 0;
            boolean fresh = !due && (concurrency == 0 || active < concurrency) && hasFreshTarget();
            if (!due && !fresh) {
                break;
            }
            if (sends == SENDS_PER_RUN) {
                moreDue = true;
                break;
            }
            int target = due ? resends.peekSlot() / count : nextTarget;
            if (fresh && failures.containsKey(target)) {
                nextTarget++;
                targetFailed(target);
                if (isDone()) {
                    return;
                }
                continue;
            }
            if (!takeToken(now)) {
                tokenDue = now + (long) Math.ceil((1 - tokens) / rate * 1e9);
                break;
            }
            Lane lane = lane(target);
            if (!lane.fits()) {
                tokens += 1;
                windowFull = true;
                break;
            }
            int slot;
            if (due) {
                slot = resends.peekSlot();
                resends.remove();
            } else {
                slot = target * count;
                nextTarget++;
                active++;
            }
            stage(lane, target, slot);
            if (lane.batch.isFull()) {
                flush(lane);
                if (isDone()) {
                    return;
                }
            }
        }
        for (Lane lane : lanes) {
            if (lane.batch.size() > 0) {
                flush(lane);
                if (isDone()) {
                    return;
                }
            }
        }
    }

    private boolean takeToken(long now) {
        if (rate == 0) {
            return true;
        }
        tokens = Math.min(burst, tokens + (now - tokensAt) * rate / 1e9);
        tokensAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private Lane lane(int target) {
        Family family = family(target);
        Lane lane = family == Family.IPV4 ? ipv4 : ipv6;
        if (lane == null) {
            throw new IllegalStateException("no " + family + " socket was opened for target " + target);
        }
        return lane;
    }

    private void stage(Lane lane, int target, int slot) {
        lane.batchSlots[lane.batch.size()] = slot;
        if (lane.family == Family.IPV4) {
            lane.batch.addIpv4(ipv4Of(target), slot);
        } else {
            lane.batch.addIpv6(ipv6Of(target, true), ipv6Of(target, false), slot);
        }
        lane.usedBytes += windowCost;
        states[slot] = PENDING;
        sent[target]++;
    }

    private void flush(Lane lane) throws IcmpSocketException {
        EchoBatch batch = lane.batch;
        send(lane.socket, batch);
        long epoch = batch.sentAtEpochNanos();
        long monotonic = batch.sentAtMonotonicNanos();
        int sentNow = 0;
        for (int i = 0; i < batch.size(); i++) {
            int slot = lane.batchSlots[i];
            sentAtEpoch[slot] = epoch;
            sentAtMonotonic[slot] = monotonic;
            scheduleResend(slot, monotonic);
            if (batch.failure(i) == null) {
                lane.chain(slot);
                inFlight.add(slot, monotonic + timeoutNanos);
                sentNow++;
            } else {
                // this destination cannot be sent to (no route, ...): that request is lost, the sweep goes on
                lane.usedBytes -= windowCost;
                lose(slot);
                decideOne(slot / count);
                if (isDone()) {
                    batch.clear();
                    return;
                }
            }
        }
        int inFlightNow = inFlightAll.addAndGet(sentNow);
        peakInFlight.accumulateAndGet(inFlightNow, Math::max);
        batch.clear();
    }

    private void scheduleResend(int slot, long sentAt) {
        if (slot % count + 1 < count) {
            resends.add(slot + 1, sentAt + intervalNanos);
        }
    }

    /** Ends the wait of every request whose timeout has passed, oldest first; the queue was just read empty. */
    private void expire(long now) {
        while (!inFlight.isEmpty() && inFlight.peekTime() - now <= 0) {
            int slot = inFlight.peekSlot();
            inFlight.remove();
            Lane lane = lane(slot / count);
            lane.unchainOldest(slot);
            if (states[slot] == PENDING) {
                lane.usedBytes -= windowCost;
                inFlightAll.decrementAndGet();
                lose(slot);
                decideOne(slot / count);
                if (isDone()) {
                    return;
                }
            }
        }
    }

    @Override
    public void onEchoReply(EchoReplyView reply) {
        if (isDone()) {
            return;
        }
        Lane lane = reply.family() == Family.IPV4 ? ipv4 : ipv6;
        if (lane == null) {
            return;
        }
        int answered = NO_SLOT;
        for (int slot = lane.head[reply.sequence()]; slot != NO_SLOT; slot = next[slot]) {
            if (!isFrom(slot / count, reply)) {
                continue;
            }
            if (states[slot] == PENDING) {
                answer(lane, slot, reply);
                return;
            }
            if (answered == NO_SLOT && states[slot] == ANSWERED) {
                answered = slot;
            }
        }
        if (answered != NO_SLOT && reply.payloadEquals(payload)) {
            duplicates[answered / count]++;
        }
    }

    private boolean isFrom(int target, EchoReplyView reply) {
        if (reply.family() == Family.IPV4) {
            return ipv4Of(target) == reply.sourceIpv4();
        }
        return ipv6Of(target, true) == reply.sourceIpv6High() && ipv6Of(target, false) == reply.sourceIpv6Low();
    }

    private void answer(Lane lane, int slot, EchoReplyView reply) {
        if (!reply.payloadEquals(payload)) {
            return;
        }
        int target = slot / count;
        long rttNanos = reply.rttNanos(sentAtEpoch[slot], sentAtMonotonic[slot]);
        lane.usedBytes -= windowCost;
        inFlightAll.decrementAndGet();
        if (rttNanos > timeoutNanos) {
            lose(slot);
        } else {
            states[slot] = ANSWERED;
            rtts[slot] = (float) (rttNanos / 1e6);
            received[target]++;
            if (reply.ttl() > 0) {
                ttls[target] = (byte) reply.ttl();
            }
            if (listenerTakesReplies) {
                Reply value = new Reply(
                        address(target),
                        reply.sequence(),
                        reply.bytesReceived(),
                        reply.ttl(),
                        rttNanos / 1e6,
                        reply.rttClock(sentAtEpoch[slot], sentAtMonotonic[slot]),
                        reply.message());
                tell(() -> listener.onReply(target, slot % count, value.source(), value));
            }
        }
        decideOne(target);
    }

    @Override
    public void onMessage(IcmpReply message) {
        if (isDone()) {
            return;
        }
        Lane lane = message.probeDestination() instanceof Inet4Address ? ipv4 : ipv6;
        if (lane == null) {
            return;
        }
        for (int slot = lane.head[message.sequence()]; slot != NO_SLOT; slot = next[slot]) {
            int target = slot / count;
            if (states[slot] != PENDING || !address(target).equals(message.probeDestination())) {
                continue;
            }
            lane.usedBytes -= windowCost;
            inFlightAll.decrementAndGet();
            states[slot] = ERRORED;
            errors[target]++;
            if (listenerTakesErrors) {
                SentRequest request = new SentRequest(
                        new IcmpRequest(
                                address(target),
                                message.identifier(),
                                message.sequence(),
                                payload,
                                per.ttl(),
                                per.trafficClass()),
                        message.identifier(),
                        sentAtEpoch[slot],
                        sentAtMonotonic[slot]);
                Reply error = new Reply(
                        message.source(),
                        message.sequence(),
                        message.bytesReceived(),
                        message.ttl(),
                        message.rttNanos(request) / 1e6,
                        message.rttClock(request),
                        message.message());
                int k = slot % count;
                tell(() -> listener.onError(target, k, address(target), error));
            }
            decideOne(target);
            return;
        }
    }

    private void lose(int slot) {
        states[slot] = LOST;
        if (listenerTakesLosses) {
            int target = slot / count;
            InetAddress address = address(target);
            tell(() -> listener.onLoss(target, slot % count, address, slot & 0xFFFF));
        }
    }

    private void decideOne(int target) {
        if (++decided[target] == count) {
            active--;
            complete++;
            if (listenerTakesTargets) {
                Host host = result.get(target);
                tell(() -> listener.onComplete(target, host));
            }
            if (allClaimed && complete == claimed) {
                finish();
            }
        }
    }

    /** True when this loop has a target not sent yet, claiming more when its claim is used up. */
    private boolean hasFreshTarget() {
        if (nextTarget < claimEnd) {
            return true;
        }
        if (allClaimed) {
            return false;
        }
        if (claim()) {
            return true;
        }
        if (complete == claimed) {
            // every target it claimed was decided before it found none left
            finish();
        }
        return false;
    }

    /** Claims the next targets no loop has; false when none are left. */
    private boolean claim() {
        int n = targets.size();
        int start = unclaimed.getAndAdd(CLAIM);
        if (start >= n || start < 0) {
            allClaimed = true;
            return false;
        }
        nextTarget = start;
        claimEnd = Math.min(n, start + CLAIM);
        claimed += claimEnd - start;
        return true;
    }

    private void targetFailed(int target) {
        complete++;
        IcmpLibException cause = failures.get(target);
        tell(() -> listener.onFailed(target, targets.get(target), cause));
        if (allClaimed && complete == claimed) {
            finish();
        }
    }

    private Family family(int target) {
        Family family = targets.family(target);
        if (family != null) {
            return family;
        }
        return nameIsIpv6[nameIndex(target)] ? Family.IPV6 : Family.IPV4;
    }

    private int ipv4Of(int target) {
        int name = Arrays.binarySearch(nameTargets, target);
        return name >= 0 ? nameIpv4[name] : targets.ipv4(target);
    }

    private long ipv6Of(int target, boolean high) {
        int name = Arrays.binarySearch(nameTargets, target);
        if (name >= 0) {
            return high ? nameHigh[name] : nameLow[name];
        }
        return targets.ipv6(target, high);
    }

    private int nameIndex(int target) {
        int name = Arrays.binarySearch(nameTargets, target);
        if (name < 0) {
            throw new IllegalStateException("target " + target + " is neither an address nor a resolved name");
        }
        return name;
    }

    private InetAddress address(int target) {
        InetAddress address = targets.address(target);
        return address != null ? address : resolved.get(target);
    }

    private void finish() {
        for (Lane lane : lanes) {
            drops += lane.socket.kernelDrops() - lane.dropsAtStart;
        }
        makePendingCalls();
        complete(result);
    }

    @Override
    void ended() {
        inFlight.clear();
        resends.clear();
    }
}
