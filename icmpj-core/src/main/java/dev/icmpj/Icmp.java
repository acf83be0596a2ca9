package dev.icmpj;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.SocketOptions;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Static entry points backed by one shared {@link Pinger}, created on first use; its threads are daemon
 * threads, so it never keeps the JVM alive, and it is never closed. Create your own {@link Pinger} to
 * control the sockets' lifetime.
 *
 * {@snippet :
 * if (Icmp.isAvailable()) {
 *     Host host = Icmp.ping("127.0.0.1");
 *     System.out.println(host.isAlive() + " " + host.avgRtt());
 * }
 * }
 *
 * <p>Thread-safe.
 */
public final class Icmp {

    private Icmp() {}

    /** The shared pinger, created when first needed (holder idiom). */
    private static final class Shared {
        static final Pinger PINGER = Pinger.create();
    }

    /** The availability probe, run once when first needed. */
    private static final class Availability {
        static final Optional<Throwable> CAUSE = probe();
    }

    /**
     * Pings a host with the default options (4 requests, 1 s apart, 2 s timeout, 56 bytes).
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @return the result
     * @throws NameLookupException when the name does not resolve
     * @throws IcmpSocketException when no socket can be opened or a send fails
     */
    public static Host ping(String host) throws IcmpLibException {
        return Shared.PINGER.ping(host);
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
    public static Host ping(String host, PingOptions options) throws IcmpLibException {
        return Shared.PINGER.ping(host, options);
    }

    /**
     * Pings a host without blocking the caller.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options how to ping
     * @return a future of the result, completed exceptionally with the exceptions of {@link #ping(String, PingOptions)}
     */
    public static CompletableFuture<Host> pingAsync(String host, PingOptions options) {
        return Shared.PINGER.pingAsync(host, options);
    }

    /**
     * Pings many targets in one sweep, one socket per address family; results in input order.
     *
     * @param targets addresses, host names, CIDR blocks
     * @param options how to ping each target, and how fast
     * @return one result per target; a name that did not resolve has a result with nothing sent
     * @throws IcmpSocketException when no socket can be opened or the sweep fails
     */
    public static MultipingResult multiping(Collection<String> targets, MultipingOptions options)
            throws IcmpLibException {
        return Shared.PINGER.multiping(targets, options);
    }

    /**
     * Pings many targets without blocking the caller.
     *
     * @param targets addresses, host names, CIDR blocks
     * @param options how to ping each target, and how fast
     * @return a future of the results, in input order
     */
    public static CompletableFuture<MultipingResult> multipingAsync(
            Collection<String> targets, MultipingOptions options) {
        return Shared.PINGER.multipingAsync(targets, options);
    }

    /**
     * Traces the route to a host: every hop from the first to the destination, with its responders and the
     * statistics of its probes. Works without root through ping sockets.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options probes per hop, pacing, timeout, first and last hop, and the probes' fields
     * @return the hops in order, ending at the destination, at the hop whose Unreachable ended the trace, or at
     *     {@code maxHops}
     * @throws IcmpLibException when the name does not resolve, no socket can be opened or the trace fails
     */
    public static List<Hop> traceroute(String host, TracerouteOptions options) throws IcmpLibException {
        return Shared.PINGER.traceroute(host, options);
    }

    /**
     * Traces the route to a host without blocking the caller.
     *
     * @param host a host name or an IPv4 or IPv6 literal
     * @param options probes per hop, pacing, timeout, first and last hop, and the probes' fields
     * @return a future of the hops; cancelling it stops probing
     */
    public static CompletableFuture<List<Hop>> tracerouteAsync(String host, TracerouteOptions options) {
        return Shared.PINGER.tracerouteAsync(host, options);
    }

    /**
     * Resolves a host name or literal to one address of a family.
     *
     * @param name a host name or an IPv4 or IPv6 literal
     * @param family IPV4, IPV6, or ANY for the resolver's first address
     * @return the address
     * @throws NameLookupException when the name is unknown or has no address of that family
     */
    public static InetAddress resolve(String name, Family family) throws NameLookupException {
        return Shared.PINGER.resolve(name, family);
    }

    /**
     * Resolves a host name or literal to every address of a family, in the resolver's order.
     *
     * @param name a host name or an IPv4 or IPv6 literal
     * @param family IPV4, IPV6, or ANY for every address
     * @return the addresses, at least one
     * @throws NameLookupException when the name is empty, unknown or has no address of that family
     */
    public static List<InetAddress> resolveAll(String name, Family family) throws NameLookupException {
        return Shared.PINGER.resolveAll(name, family);
    }

    /**
     * Resolves a host name on a virtual thread.
     *
     * @param name a host name or an IPv4 or IPv6 literal
     * @param family IPV4, IPV6, or ANY
     * @return a future of the address, completed exceptionally with {@link NameLookupException}
     */
    public static CompletableFuture<InetAddress> resolveAsync(String name, Family family) {
        return Shared.PINGER.resolveAsync(name, family);
    }

    /**
     * Tells whether ICMP can be used here: an ICMP socket of some kind (ping socket or raw, IPv4 or IPv6)
     * can be opened. Checked once, on first call, by opening one, so the answer is what a ping would meet.
     * Native access need not be enabled for that: without {@code --enable-native-access=dev.icmpj} (module
     * path) or {@code --enable-native-access=ALL-UNNAMED} (class path) the JDK allows it with a warning on
     * the first downcall; only {@code --illegal-native-access=deny} makes ICMP unavailable.
     *
     * @return true when available
     */
    public static boolean isAvailable() {
        return Availability.CAUSE.isEmpty();
    }

    /**
     * Tells why ICMP cannot be used here. Checked once, on first call.
     *
     * @return the failure of the first attempt to open a socket (an {@link IllegalCallerException} when the
     *     JVM denies native access); empty when available
     */
    public static Optional<Throwable> unavailabilityCause() {
        return Availability.CAUSE;
    }

    private static Optional<Throwable> probe() {
        Throwable first = null;
        for (Family family : new Family[] {Family.IPV4, Family.IPV6}) {
            try {
                IcmpSocket.open(SocketOptions.defaults(family)).close();
                return Optional.empty();
            } catch (IcmpLibException | RuntimeException e) {
                if (first == null) {
                    // a JVM that denies native access: the socket's failure carries the JDK's own refusal
                    Throwable denied = e.getCause() instanceof LinkageError init ? init.getCause() : e.getCause();
                    first = denied instanceof IllegalCallerException ? denied : e;
                }
            }
        }
        return Optional.of(first);
    }
}
