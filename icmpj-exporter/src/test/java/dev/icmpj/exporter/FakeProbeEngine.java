package dev.icmpj.exporter;

import dev.icmpj.PingOptions;
import dev.icmpj.ProberListener;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A probe engine whose probers only record what they are given; tests call their listeners by hand, as the
 * engine's loop would.
 */
final class FakeProbeEngine implements ProbeEngine {
    final List<FakeProber> probers = new CopyOnWriteArrayList<>();
    /** Addresses whose add fails, as a socket that cannot be opened. */
    final Set<InetAddress> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

    boolean closed;

    @Override
    public EngineProber prober(PingOptions options, ProberListener listener) {
        FakeProber p = new FakeProber(options, listener);
        probers.add(p);
        return p;
    }

    /** The prober started last (the current one of a single group). */
    FakeProber last() {
        return probers.getLast();
    }

    @Override
    public void close() {
        closed = true;
    }

    final class FakeProber implements EngineProber {
        final PingOptions options;
        final ProberListener listener;
        /** number -> address, of targets added and not removed. */
        final Map<Integer, InetAddress> targets = new LinkedHashMap<>();

        final List<Integer> removed = new ArrayList<>();
        boolean closed;

        FakeProber(PingOptions options, ProberListener listener) {
            this.options = options;
            this.listener = listener;
        }

        @Override
        public synchronized void add(int target, InetAddress address) throws IcmpSocketException {
            if (refused.contains(address)) {
                throw new IcmpSocketException("cannot open a socket for " + address.getHostAddress(), 13);
            }
            if (targets.putIfAbsent(target, address) != null) {
                throw new IllegalArgumentException("target " + target + " is in use by this prober");
            }
            listener.onSocket(Family.of(address), Privilege.PRIVILEGED);
        }

        @Override
        public synchronized void remove(int id) {
            if (targets.remove(id) != null) {
                removed.add(id);
            }
        }

        @Override
        public Optional<Privilege> privilege(Family family) {
            return Optional.of(Privilege.PRIVILEGED);
        }

        @Override
        public void close() {
            closed = true;
        }

        /** The number of the target probing an address. */
        synchronized int idOf(InetAddress address) {
            return targets.entrySet().stream()
                    .filter(e -> e.getValue().equals(address))
                    .mapToInt(Map.Entry::getKey)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(address + " is not probed; probed: " + targets));
        }
    }
}
