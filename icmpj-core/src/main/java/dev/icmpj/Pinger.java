package dev.icmpj;

import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.internal.engine.ReceiveBudget;
import dev.icmpj.internal.engine.SocketFactory;
import dev.icmpj.internal.engine.ThreadLoopDriver;
import dev.icmpj.internal.engine.Ticker;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.socket.SocketPermissionException;
import dev.icmpj.socket.SocketUnavailableException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-lived pinger: any number of concurrent pings, from any threads, sharing one ICMP socket per
 * address family and socket setting. Create one, use it for the life of your application, close it.
 *
 * {@snippet :
 * try (Pinger pinger = Pinger.create()) {
 *     Host host = pinger.ping("127.0.0.1", PingOptions.builder().count(3).interval(Duration.ofMillis(20)).build());
 *     System.out.println(host.avgRtt() + " ms, loss " + host.packetLoss());
 * }
 * }
 *
 * <p>How it works: one platform thread per socket runs a loop that sends every ping's requests at their
 * times (request k of a ping leaves at start + k &times; interval, without waiting for replies), reads the
 * replies and expires requests at their timeout; nothing is handed between threads per request. Callers,
 * platform or virtual threads, only wait on futures.
 * A socket is opened on first use, in the thread that calls {@code ping} or {@code pingAsync} (so it
 * belongs to that thread's network namespace); when a host name needs a DNS lookup, in the thread that
 * resolved it. Futures complete, and non-async dependent stages run, on virtual threads of this pinger.
 * Requests in flight on a socket are limited to what its receive buffer can hold, so that a loop that falls
 * behind never makes the kernel drop replies that would then be reported as lost: when the
 * window is full, sends wait for room.
 *
 * <p>After {@link #close()}, {@code ping} and {@code pingAsync} fail with {@link SocketUnavailableException}
 * (the async forms through their future), and pings still running fail the same way. {@link #resolve} and
 * {@link #resolveAsync} use no socket and keep working.
 *
 * <p>Thread-safe.
 */
public final class Pinger implements AutoCloseable {

    /** Host names of a multiping looked up at once. */
    private static final int PARALLEL_LOOKUPS = 64;
    /** The most loops one sweep runs on, and the fewest targets worth a loop of their own. */
    private static final int MAX_SWEEP_LOOPS = 4;

    private static final int MIN_TARGETS_PER_LOOP = 4096;
    /** The receive buffer a sweep's socket asks for, within bounds. */
    private static final int MIN_SWEEP_RECEIVE_BUFFER = 8 << 20;

    private static final int MAX_SWEEP_RECEIVE_BUFFER = 256 << 20;
    /**
     * The most requests a prober sends each target per interval: a burst is sent within one turn of the loop
     * that other work shares, and more than this is no longer a probe but a flood.
     */
    private static final int MAX_PROBER_BURST = 1000;

    private final ProbeEngine engine;

    private Pinger(ProbeEngine engine) {
        this.engine = engine;
    }

    /**
     * Creates a pinger. No socket is opened and no thread started until the first ping.
     *
     * @return a new pinger
     */
    public static Pinger create() {
        return new Pinger(ProbeEngine.create());
    }

    /** Creates a pinger on other sockets and another clock: the engine's seams, for tests. */
    static Pinger create(SocketFactory sockets, Ticker ticker) {
        return create(sockets, ticker, ReceiveBudget.costOf(56, true) * 4096);
    }

    /** Like {@link #create(SocketFactory, Ticker)}, with in-flight budgets of a given size, for tests. */
    static Pinger create(SocketFactory sockets, Ticker ticker, long receiveBufferBytes) {
        return new Pinger(new ProbeEngine(sockets, ticker, new ThreadLoopDriver(ticker), receiveBufferBytes));
    }

    /** Creates a pinger on a given engine: for tests that drive its loops with a fake clock. */
    static Pinger create(ProbeEngine engine) {
        return new Pinger(engine);
    }

    /** The engine, for tests. */
    ProbeEngine engine() {
        return engine;
    }

    /**
     * Pings a host with the default options (4 requests, 1 s apart, 2 s timeout, 56 bytes).
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @return the result
     * @throws NameLookupException when the name does not resolve
     * @throws IcmpSocketException when no socket can be opened or a send fails; a
     *     {@link SocketPermissionException} says which permission to grant
     */
    public Host ping(String host) throws IcmpLibException {
        return ping(host, PingOptions.defaults(), PingListener.NONE);
    }

    /**
     * Pings a host.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options how to ping
     * @return the result
     * @throws NameLookupException when the name does not resolve to an address of {@code options.family()}
     * @throws IcmpSocketException when no socket can be opened or a send fails
     */
    public Host ping(String host, PingOptions options) throws IcmpLibException {
        return ping(host, options, PingListener.NONE);
    }

    /**
     * Pings an address.
     *
     * @param address the address
     * @param options how to ping; its family must admit the address
     * @return the result
     * @throws NameLookupException when the address is not of {@code options.family()}
     * @throws IcmpSocketException when no socket can be opened or a send fails
     */
    public Host ping(InetAddress address, PingOptions options) throws IcmpLibException {
        return await(pingAsync(address, options));
    }

    /**
     * Pings a host and reports progress to a listener.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options how to ping
     * @param listener told of each request's fate; see {@link PingListener} for order and threading
     * @return the result
     * @throws NameLookupException when the name does not resolve to an address of {@code options.family()}
     * @throws IcmpSocketException when no socket can be opened or a send fails
     * @throws IcmpLibException when the calling thread is interrupted while waiting (the ping is cancelled and
     *     the interrupt status kept)
     * @throws IllegalArgumentException when the payload or source address does not suit the address's family
     */
    public Host ping(String host, PingOptions options, PingListener listener) throws IcmpLibException {
        return await(pingAsync(host, options, listener));
    }

    /**
     * Pings a host without blocking the caller.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options how to ping
     * @return a future of the result, completed exceptionally with the exceptions of
     *     {@link #ping(String, PingOptions)}; cancelling it stops sending
     * @throws IllegalArgumentException when the payload or source address does not suit the family of an IP
     *     literal (for a host name, the future completes with it)
     */
    public CompletableFuture<Host> pingAsync(String host, PingOptions options) {
        return pingAsync(host, options, PingListener.NONE);
    }

    /**
     * Pings an address without blocking the caller.
     *
     * @param address the address
     * @param options how to ping
     * @return a future of the result, completed exceptionally with the exceptions of
     *     {@link #ping(InetAddress, PingOptions)}; cancelling it stops sending
     * @throws IllegalArgumentException when the payload or source address does not suit the address's family
     */
    public CompletableFuture<Host> pingAsync(InetAddress address, PingOptions options) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(options, "options");
        try {
            return start(requireFamily(address, AddressText.of(address), options.family()), options, PingListener.NONE);
        } catch (IcmpLibException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Pings a host without blocking the caller and reports progress to a listener.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options how to ping
     * @param listener told of each request's fate; see {@link PingListener} for order and threading
     * @return a future of the result, completed exceptionally with the exceptions of
     *     {@link #ping(String, PingOptions)}; cancelling it stops sending
     * @throws IllegalArgumentException when the payload or source address does not suit the family of an IP
     *     literal (for a host name, the future completes with it)
     */
    public CompletableFuture<Host> pingAsync(String host, PingOptions options, PingListener listener) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        try {
            InetAddress literal = literal(host);
            if (literal != null) {
                return start(requireFamily(literal, host, options.family()), options, listener);
            }
        } catch (IcmpLibException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Host> result = new CompletableFuture<>();
        resolveAsync(host, options.family()).whenComplete((address, lookupFailure) -> {
            if (lookupFailure != null) {
                result.completeExceptionally(lookupFailure);
                return;
            }
            try {
                bridge(start(address, options, listener), result);
            } catch (IcmpLibException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Traces the route to a host, as {@link Icmp#traceroute}.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options probes per hop, pacing, timeout, first and last hop, and the probes' fields
     * @return the hops in order
     * @throws IcmpLibException when the name does not resolve, no socket can be opened, the trace fails, or the
     *     calling thread is interrupted while waiting (the trace is cancelled)
     */
    public List<Hop> traceroute(String host, TracerouteOptions options) throws IcmpLibException {
        return await(tracerouteAsync(host, options, TracerouteListener.NONE));
    }

    /**
     * Traces the route to a host and reports each hop as soon as it is decided, in hop order.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options probes per hop, pacing, timeout, first and last hop, and the probes' fields
     * @param listener told of each hop, in order; see {@link TracerouteListener} for order and threading
     * @return the hops in order
     * @throws IcmpLibException when the name does not resolve, no socket can be opened, the trace fails, or the
     *     calling thread is interrupted while waiting (the trace is cancelled)
     */
    public List<Hop> traceroute(String host, TracerouteOptions options, TracerouteListener listener)
            throws IcmpLibException {
        return await(tracerouteAsync(host, options, listener));
    }

    /**
     * Traces the route to a host without blocking the caller. The trace runs on a socket and a thread of its
     * own; probes for every hop are in flight at once, up to {@link TracerouteOptions#maxInFlight()}.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options probes per hop, pacing, timeout, first and last hop, and the probes' fields
     * @return a future of the hops; cancelling it stops probing
     */
    public CompletableFuture<List<Hop>> tracerouteAsync(String host, TracerouteOptions options) {
        return tracerouteAsync(host, options, TracerouteListener.NONE);
    }

    /**
     * Traces the route to a host without blocking the caller, and reports each hop as soon as it is decided.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options probes per hop, pacing, timeout, first and last hop, and the probes' fields
     * @param listener told of each hop, in order, on the trace's thread; see {@link TracerouteListener}
     * @return a future of the hops; cancelling it stops probing
     */
    public CompletableFuture<List<Hop>> tracerouteAsync(
            String host, TracerouteOptions options, TracerouteListener listener) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        PingOptions ping = options.pingOptions();
        CompletableFuture<List<Hop>> result = new CompletableFuture<>();
        InetAddress literal = literal(host);
        CompletableFuture<InetAddress> address =
                literal != null ? CompletableFuture.completedFuture(literal) : resolveAsync(host, ping.family());
        address.whenComplete((destination, lookupFailure) -> {
            if (lookupFailure != null) {
                result.completeExceptionally(lookupFailure);
                return;
            }
            try {
                InetAddress checked = requireFamily(destination, host, ping.family());
                requirePayloadFits(checked, ping);
                ProbeLoop loop = engine.dedicatedLoop(List.of(ping.socketOptions(Family.of(checked), true).toBuilder()
                        .receiveBufferSize(ProbeEngine.SHARED_RECEIVE_BUFFER_BYTES)
                        .build()));
                byte[] payload = ping.payload().orElseGet(() -> engine.randomPayload(ping.payloadSize()));
                TraceRun trace = new TraceRun(engine, checked, options, listener, payload);
                bridge(trace.future(), result);
                engine.start(loop, trace);
            } catch (IcmpLibException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Pings many targets in one sweep, through sockets of its own (one per address family and loop), and
     * returns one result per target in input order. A target listed twice is pinged twice. A host name that
     * does not resolve gives that target a result with nothing sent ({@link MultipingResult#failure}), and
     * the sweep goes on.
     *
     * @param targets addresses, host names, CIDR blocks ({@link Targets#of(String...)})
     * @param options how to ping each target, and how fast
     * @return the results, in input order
     * @throws IcmpSocketException when no socket can be opened or the sweep fails
     * @throws IcmpLibException when the calling thread is interrupted while waiting
     */
    public MultipingResult multiping(Collection<String> targets, MultipingOptions options) throws IcmpLibException {
        return multiping(Targets.of(targets), options, MultipingListener.NONE);
    }

    /**
     * Pings many targets in one sweep and reports progress to a listener.
     *
     * @param targets the targets
     * @param options how to ping each target, and how fast
     * @param listener told of each reply, loss and completed target as it happens
     * @return the results, in input order
     * @throws IcmpSocketException when no socket can be opened or the sweep fails
     * @throws IcmpLibException when the calling thread is interrupted while waiting (the sweep is cancelled)
     */
    public MultipingResult multiping(Targets targets, MultipingOptions options, MultipingListener listener)
            throws IcmpLibException {
        return await(multipingAsync(targets, options, listener));
    }

    /**
     * Pings many targets without blocking the caller.
     *
     * @param targets addresses, host names, CIDR blocks
     * @param options how to ping each target, and how fast
     * @return a future of the results, completed exceptionally with the exceptions of
     *     {@link #multiping(Collection, MultipingOptions)}; cancelling it stops sending
     */
    public CompletableFuture<MultipingResult> multipingAsync(Collection<String> targets, MultipingOptions options) {
        Targets parsed;
        try {
            parsed = Targets.of(targets);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return multipingAsync(parsed, options, MultipingListener.NONE);
    }

    /**
     * Pings many targets without blocking the caller, reporting progress to a listener. Host names are looked
     * up first, in parallel; the sockets of the families among the addresses are opened in the calling
     * thread, those only host names need in the thread that resolved the last of them.
     *
     * @param targets the targets
     * @param options how to ping each target, and how fast
     * @param listener told of each reply, loss and completed target as it happens
     * @return a future of the results; cancelling it stops sending
     */
    public CompletableFuture<MultipingResult> multipingAsync(
            Targets targets, MultipingOptions options, MultipingListener listener) {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        int[] names = targets.nameIndices();
        if (names.length == 0) {
            return startSweep(targets, options, listener, Map.of(), Map.of());
        }
        CompletableFuture<MultipingResult> result = new CompletableFuture<>();
        Map<Integer, InetAddress> resolved = new ConcurrentHashMap<>();
        Map<Integer, IcmpLibException> failures = new ConcurrentHashMap<>();
        AtomicInteger left = new AtomicInteger(names.length);
        Semaphore lookups = new Semaphore(PARALLEL_LOOKUPS);
        Family family = options.pingOptions().family();
        Thread.ofVirtual().name("icmpj-resolve").start(() -> {
            for (int index : names) {
                lookups.acquireUninterruptibly();
                Thread.ofVirtual().name("icmpj-resolve").start(() -> {
                    try {
                        resolved.put(index, resolve(targets.name(index), family));
                    } catch (NameLookupException e) {
                        failures.put(index, e);
                    } finally {
                        lookups.release();
                    }
                    if (left.decrementAndGet() == 0) {
                        bridge(startSweep(targets, options, listener, resolved, failures), result);
                    }
                });
            }
        });
        return result;
    }

    private CompletableFuture<MultipingResult> startSweep(
            Targets targets,
            MultipingOptions options,
            MultipingListener listener,
            Map<Integer, InetAddress> resolved,
            Map<Integer, IcmpLibException> failures) {
        PingOptions ping = options.pingOptions();
        Set<Family> families = EnumSet.noneOf(Family.class);
        families.addAll(targets.addressFamilies());
        resolved.values().forEach(address -> families.add(Family.of(address)));
        List<ProbeLoop> loops = new ArrayList<>();
        try {
            for (Family family : families) {
                if (ping.family() != Family.ANY && family != ping.family()) {
                    throw new IllegalArgumentException(
                            "the targets include " + family + " addresses, but the family is " + ping.family());
                }
                int maxPayload = PingOptions.maxPayload(family);
                if (ping.payloadSize() > maxPayload) {
                    throw new IllegalArgumentException("payloadSize is " + ping.payloadSize() + "; the largest "
                            + family + " echo payload is " + maxPayload + " bytes");
                }
            }
            int count = families.isEmpty() ? 0 : loopsFor(targets, options);
            int bufferBytes = receiveBufferFor(targets.size() / Math.max(1, count), options);
            for (int k = 0; k < count; k++) {
                List<SocketOptions> sockets = new ArrayList<>();
                for (Family family : families) {
                    sockets.add(ping.socketOptions(family, options.transmitTimestamps()).toBuilder()
                            .receiveBufferSize(bufferBytes)
                            .build());
                }
                loops.add(engine.dedicatedLoop(sockets));
            }
        } catch (IcmpLibException | IllegalArgumentException e) {
            loops.forEach(ProbeLoop::close);
            return CompletableFuture.failedFuture(e);
        }
        SweepTargets sweepTargets = new SweepTargets(targets, resolved, failures);
        byte[] payload = ping.payload().orElseGet(() -> engine.randomPayload(ping.payloadSize()));
        return Sweep.start(engine, sweepTargets, options, listener, payload, loops);
    }

    /**
     * How many loops a sweep runs on: one per core, up to {@value #MAX_SWEEP_LOOPS}, while each has at least
     * {@value #MIN_TARGETS_PER_LOOP} targets and its share of the concurrency limit. Measured on 2 cores: a /16
     * of loopback hosts in 190-215 ms on two loops, 240-330 ms on one (the JVM warm).
     */
    static int loopsFor(Targets targets, MultipingOptions options) {
        int byCores = Math.min(MAX_SWEEP_LOOPS, Runtime.getRuntime().availableProcessors());
        int byTargets = Math.max(1, targets.size() / MIN_TARGETS_PER_LOOP);
        int byConcurrency = options.concurrency() == 0 ? Integer.MAX_VALUE : options.concurrency();
        return Math.max(1, Math.min(byCores, Math.min(byTargets, byConcurrency)));
    }

    /** The receive buffer a sweep loop's socket asks for: room for the replies it may have in flight. */
    static int receiveBufferFor(int targets, MultipingOptions options) {
        long probes = (long) targets * options.pingOptions().count();
        long cost = ReceiveBudget.costOf(options.pingOptions().payloadSize(), options.transmitTimestamps());
        // the kernel doubles what is asked for
        long wanted = Math.min(probes, 1 << 20) * cost / 2;
        return Math.clamp(wanted, MIN_SWEEP_RECEIVE_BUFFER, MAX_SWEEP_RECEIVE_BUFFER);
    }

    /** Completes one future as another completes, and cancels the other when this one is cancelled. */
    private static <T> void bridge(CompletableFuture<? extends T> from, CompletableFuture<T> to) {
        to.whenComplete((r, e) -> {
            if (to.isCancelled()) {
                from.cancel(false);
            }
        });
        from.whenComplete((r, e) -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(r);
            }
        });
    }

    /**
     * Starts a prober: targets added to it are probed forever, each at {@code options.interval()}, with
     * {@code options.count()} requests per interval, each decided at its own timeout. Probers with the same
     * socket settings share this pinger's sockets and loop threads with each other and with its pings.
     *
     * @param options how to probe each target: interval, timeout, requests per interval (at most
     *     1,000), payload, TTL, traffic class, don't-fragment, source, interface,
     *     privilege and family; not a flood
     * @param listener told of every request's fate; see {@link ProberListener} for order and threading
     * @return the prober, with no target yet
     * @throws IllegalArgumentException when the options ask for a flood (no interval), or for a burst of more
     *     than 1,000 requests
     * @throws SocketUnavailableException when this pinger is closed
     */
    public Prober prober(PingOptions options, ProberListener listener) throws SocketUnavailableException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        if (options.flood() || options.interval().isZero()) {
            throw new IllegalArgumentException("interval is " + DurationText.of(options.interval())
                    + "; a prober probes each target at an interval");
        }
        if (options.count() > MAX_PROBER_BURST) {
            throw new IllegalArgumentException("count is " + options.count() + "; a prober's burst is at most "
                    + MAX_PROBER_BURST + " requests per interval");
        }
        if (engine.isClosed()) {
            throw engine.closedException();
        }
        return new Prober(engine, options, listener);
    }

    /**
     * Resolves a host name or literal to one address of a family: the resolver's first of that family.
     *
     * @param name a host name or an IPv4 or IPv6 literal
     * @param family IPV4, IPV6, or ANY for the resolver's first address
     * @return the address
     * @throws NameLookupException when the name is empty, unknown or has no address of that family; the
     *     message names the host and the family
     */
    public InetAddress resolve(String name, Family family) throws NameLookupException {
        return resolveAll(name, family).getFirst();
    }

    /**
     * Resolves a host name or literal to every address of a family, in the resolver's order (icmplib's
     * {@code resolve}).
     *
     * @param name a host name or an IPv4 or IPv6 literal
     * @param family IPV4, IPV6, or ANY for every address
     * @return the addresses, at least one
     * @throws NameLookupException when the name is empty, unknown or has no address of that family
     */
    public List<InetAddress> resolveAll(String name, Family family) throws NameLookupException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        if (name.isBlank()) {
            // InetAddress takes an empty name for the loopback address; iputils says the name is unknown
            throw new NameLookupException(name, "cannot resolve \"" + name + "\": Name or service not known", null);
        }
        InetAddress literal = literal(name);
        if (literal != null) {
            return List.of(requireFamily(literal, name, family));
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new NameLookupException(
                    name,
                    "cannot resolve " + name + (family == Family.ANY ? "" : " (" + family + ")")
                            + ": Name or service not known",
                    e);
        }
        List<InetAddress> ofFamily = Arrays.stream(all)
                .filter(a -> family == Family.ANY || Family.of(a) == family)
                .toList();
        if (ofFamily.isEmpty()) {
            throw new NameLookupException(name, name + " has no " + family + " address", null);
        }
        return ofFamily;
    }

    /**
     * Resolves a host name on a virtual thread.
     *
     * @param name a host name or an IPv4 or IPv6 literal
     * @param family IPV4, IPV6, or ANY
     * @return a future of the address, completed exceptionally with {@link NameLookupException}
     */
    public CompletableFuture<InetAddress> resolveAsync(String name, Family family) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        CompletableFuture<InetAddress> future = new CompletableFuture<>();
        Thread.ofVirtual().name("icmpj-resolve").start(() -> {
            try {
                future.complete(resolve(name, family));
            } catch (NameLookupException | RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /**
     * Closes the sockets, stops the threads and fails pings still running with
     * {@link SocketUnavailableException}. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Starts pinging an address. The socket, when this is its first use, is opened in the calling thread.
     *
     * @throws IllegalArgumentException when the payload or source address does not suit the address's family
     * @throws SocketUnavailableException when this pinger is closed
     * @throws IcmpSocketException when the socket cannot be opened
     */
    private CompletableFuture<Host> start(InetAddress address, PingOptions options, PingListener listener)
            throws IcmpLibException {
        requirePayloadFits(address, options);
        Family family = Family.of(address);
        options.sourceAddress().filter(source -> Family.of(source) != family).ifPresent(source -> {
            throw new IllegalArgumentException("sourceAddress " + AddressText.of(source) + " is not an " + family
                    + " address like " + AddressText.of(address));
        });
        byte[] payload = options.payload().orElseGet(() -> engine.randomPayload(options.payloadSize()));
        ProbeLoop loop;
        if (options.flood()) {
            // a loop and a socket of its own, without transmit timestamps (an error-queue message per request)
            loop = engine.dedicatedLoop(List.of(options.socketOptions(family, false).toBuilder()
                    .receiveBufferSize(ProbeEngine.SHARED_RECEIVE_BUFFER_BYTES)
                    .build()));
        } else {
            loop = engine.sharedLoop(options.socketOptions(family, true));
        }
        PingRun run = new PingRun(engine, address, options, listener, payload, options.flood());
        if (options.flood()) {
            engine.start(loop, run);
        } else {
            engine.submit(loop, run);
        }
        return run.future();
    }

    private static void requirePayloadFits(InetAddress address, PingOptions options) {
        int maxPayload = IcmpRequest.maxPayload(address);
        if (options.payloadSize() > maxPayload) {
            throw new IllegalArgumentException("payloadSize is " + options.payloadSize() + "; the largest "
                    + Family.of(address) + " echo payload, for " + AddressText.of(address) + ", is " + maxPayload
                    + " bytes");
        }
    }

    /** Parses an IP literal without any lookup; null when the text is not one. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static InetAddress requireFamily(InetAddress address, String host, Family family)
            throws NameLookupException {
        if (family != Family.ANY && Family.of(address) != family) {
            throw new NameLookupException(
                    host,
                    host + " is an " + (address instanceof Inet4Address ? "IPv4" : "IPv6") + " address; it has no "
                            + family + " address",
                    null);
        }
        return address;
    }

    private static <T> T await(CompletableFuture<T> future) throws IcmpLibException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IcmpLibException("interrupted while waiting for a ping", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static IcmpLibException unwrap(Throwable cause) {
        Throwable t = cause;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IcmpLibException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IcmpLibException("ping failed: " + t, t);
    }
}
