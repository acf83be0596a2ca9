package dev.icmpj;

import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Map;

/**
 * The targets of a sweep as the loop sends to them: each target's family and address bits, computed from its
 * block ({@link Targets}) or, for a host name, from the address it resolved to; and why a target is not
 * pinged (its name did not resolve, it is of another family than asked for). No object per target.
 *
 * <p>Immutable and thread-safe.
 */
final class SweepTargets {

    private final Targets targets;
    private final Map<Integer, InetAddress> resolved;
    private final Map<Integer, IcmpLibException> failures;
    /** The targets that are resolved host names, sorted, and their addresses' bits. */
    private final int[] names;

    private final boolean[] nameIsIpv6;
    private final long[] nameHigh;
    private final long[] nameLow;

    SweepTargets(Targets targets, Map<Integer, InetAddress> resolved, Map<Integer, IcmpLibException> failures) {
        this.targets = targets;
        this.resolved = Map.copyOf(resolved);
        this.failures = Map.copyOf(failures);
        this.names =
                resolved.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.nameIsIpv6 = new boolean[names.length];
        this.nameHigh = new long[names.length];
        this.nameLow = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            InetAddress address = resolved.get(names[i]);
            nameIsIpv6[i] = address instanceof Inet6Address;
            nameHigh[i] = AddressBits.highOf(address);
            nameLow[i] = AddressBits.lowOf(address);
        }
    }

    Targets targets() {
        return targets;
    }

    Map<Integer, InetAddress> resolved() {
        return resolved;
    }

    Map<Integer, IcmpLibException> failures() {
        return failures;
    }

    int size() {
        return targets.size();
    }

    /** Why a target is not pinged, or null when it is. */
    IcmpLibException failure(int target) {
        return failures.isEmpty() ? null : failures.get(target);
    }

    boolean isIpv6(int target) {
        Family family = targets.family(target);
        return family != null ? family == Family.IPV6 : nameIsIpv6[name(target)];
    }

    /** The first half of a target's address in the engine's form (0 for IPv4). */
    long high(int target) {
        int name = Arrays.binarySearch(names, target);
        return name >= 0 ? nameHigh[name] : targets.high(target);
    }

    /** The second half of a target's address in the engine's form (an IPv4 address's 32 bits, unsigned). */
    long low(int target) {
        int name = Arrays.binarySearch(names, target);
        return name >= 0 ? nameLow[name] : targets.low(target);
    }

    /** A target's address (a new object). */
    InetAddress address(int target) {
        InetAddress address = targets.address(target);
        return address != null ? address : resolved.get(target);
    }

    private int name(int target) {
        int name = Arrays.binarySearch(names, target);
        if (name < 0) {
            throw new IllegalStateException("target " + target + " is neither an address nor a resolved name");
        }
        return name;
    }
}
