package dev.icmpj;

import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes a changing set of targets forever, each at the same interval, for monitoring: smokeping's job.
 * Made by {@link Pinger#prober}; every target of every prober with the same socket settings shares one
 * socket per family and one loop thread, so a target costs a few fields, not a socket or a thread.
 *
 * {@snippet :
 * try (Pinger pinger = Pinger.create();
 *         Prober prober = pinger.prober(
 *                 PingOptions.builder()
 *                         .count(1)
 *                         .interval(Duration.ofMillis(100))
 *                         .timeout(Duration.ofMillis(50))
 *                         .build(),
 *                 new ProberListener() {
 *                     @Override
 *                     public void onReply(int target, Reply reply) {
 *                         System.out.println(target + ": " + reply.rtt() + " ms");
 *                     }
 *                 })) {
 *     prober.add(0, InetAddress.getLoopbackAddress());
 *     Thread.sleep(350);
 * }
 * }
 *
 * <p>Each interval, a target gets {@link PingOptions#count()} requests, back to back (a burst: set 1 for one
 * request per interval, as the example does; {@code PingOptions}' own default is icmplib's 4);
 * its first interval starts at a random point of the first, so that targets added together spread their
 * requests over it. Each request is decided at its own deadline (its send plus the timeout), as
 * {@link ProberListener} says, whatever the requests after it do.
 *
 * <p>Thread-safe: targets may be added and removed from any thread while the prober runs.
 */
public final class Prober implements AutoCloseable {

    private final ProbeEngine engine;
    private final PingOptions options;
    private final ProberListener listener;
    private final byte[] payload;
    /** The targets by the caller's number, each with the run of its family. */
    private final Map<Integer, Owned> owners = new ConcurrentHashMap<>();

    private final Map<Family, ProberRun> runs = new EnumMap<>(Family.class);
    private volatile boolean closed;

    /** A target added and the run that probes it. */
    private record Owned(ProberRun run, ProberRun.Target target) {}

    Prober(ProbeEngine engine, PingOptions options, ProberListener listener) {
        this.engine = engine;
        this.options = options;
        this.listener = listener;
        this.payload = options.payload().orElseGet(() -> engine.randomPayload(options.payloadSize()));
    }

    /**
     * Starts probing an address under a number of the caller's choosing, the number every
     * {@link ProberListener} call for it carries: an index into the caller's own table, known before the first
     * call can come.
     *
     * @param target the caller's number for the target, not in use by this prober (a removed one may be used
     *     again: the calls for its old address ended when {@link #remove} returned)
     * @param address the address; its family must be the options' family, if that is not ANY
     * @throws IcmpSocketException when the socket for the address's family cannot be opened (it is opened by
     *     the first target of that family, in the calling thread)
     * @throws IllegalArgumentException when the number is in use, the address is not of the options' family,
     *     or the payload does not fit its family
     * @throws IllegalStateException when the prober is closed, or stopped after a failure
     */
    public void add(int target, InetAddress address) throws IcmpSocketException {
        Objects.requireNonNull(address, "address");
        Family family = Family.of(address);
        if (options.family() != Family.ANY && family != options.family()) {
            throw new IllegalArgumentException(AddressText.of(address) + " is not an " + options.family() + " address");
        }
        if (payload.length > IcmpRequest.maxPayload(address)) {
            throw new IllegalArgumentException("payloadSize is " + payload.length + "; the largest " + family
                    + " echo payload is " + IcmpRequest.maxPayload(address) + " bytes");
        }
        ProberRun run = runFor(family);
        Owned owned = new Owned(run, new ProberRun.Target(target, address));
        if (owners.putIfAbsent(target, owned) != null) {
            throw new IllegalArgumentException("target " + target + " is in use by this prober");
        }
        if (closed) {
            // a close that ran since runFor() cleared the numbers before this one was taken
            owners.remove(target, owned);
            throw new IllegalStateException("the prober is closed");
        }
        run.add(owned.target());
    }

    /**
     * Stops probing a target. Its requests in flight are dropped without a call, and once this returns no call
     * for the target follows (it waits for the loop to see the removal, a turn of the loop at most; called from
     * a listener, it takes effect at once for a target of the call's family, and at the next turn of the other
     * family's loop for one of that family, without waiting for it: that loop may be waiting for this one).
     *
     * @param target a number given to {@link #add}; an unknown or removed one is ignored
     */
    public void remove(int target) {
        Owned owned = owners.remove(target);
        if (owned != null) {
            owned.run().remove(owned.target());
        }
    }

    /**
     * Returns the number of targets probed.
     *
     * @return targets added and not removed
     */
    public int size() {
        return owners.size();
    }

    /**
     * Returns the options every target is probed with.
     *
     * @return the options
     */
    public PingOptions options() {
        return options;
    }

    /**
     * Returns the kind of socket the targets of a family use, once one is open.
     *
     * @param family IPV4 or IPV6
     * @return PRIVILEGED or UNPRIVILEGED; empty before the first target of that family has been probed
     */
    public Optional<Privilege> privilege(Family family) {
        ProberRun run;
        synchronized (this) {
            run = runs.get(family);
        }
        return run == null ? Optional.empty() : Optional.ofNullable(run.privilege());
    }

    /**
     * Stops probing every target; requests in flight are dropped without a call, and once this returns no call
     * follows (called from a listener, the other family's targets stop at that family's loop's next turn, as
     * {@link #remove} says). Idempotent; the shared sockets stay open for the pinger's other work.
     */
    @Override
    public void close() {
        List<ProberRun> stopping;
        synchronized (this) {
            closed = true;
            stopping = List.copyOf(runs.values());
        }
        // outside the lock: a listener on the loop may ask for privilege() while this waits for the loop
        stopping.forEach(ProberRun::stop);
        owners.clear();
    }

    private synchronized ProberRun runFor(Family family) throws IcmpSocketException {
        if (closed) {
            throw new IllegalStateException("the prober is closed");
        }
        ProberRun run = runs.get(family);
        if (run != null) {
            Throwable failure = run.failure();
            if (failure != null) {
                throw new IllegalStateException("the prober stopped: " + failure, failure);
            }
            return run;
        }
        ProbeLoop loop = engine.sharedLoop(options.socketOptions(family, true));
        run = new ProberRun(loop, family, options, listener, payload);
        engine.submit(loop, run);
        runs.put(family, run);
        return run;
    }
}
