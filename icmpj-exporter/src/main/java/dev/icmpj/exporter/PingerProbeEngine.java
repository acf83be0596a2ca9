package dev.icmpj.exporter;

import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.Prober;
import dev.icmpj.ProberListener;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.Optional;

/** {@link ProbeEngine} on {@link Pinger#prober}. Thread-safe, as the pinger is. */
final class PingerProbeEngine implements ProbeEngine {
    private final Pinger pinger;

    PingerProbeEngine(Pinger pinger) {
        this.pinger = pinger;
    }

    @Override
    public EngineProber prober(PingOptions options, ProberListener listener) throws IcmpLibException {
        Prober prober = pinger.prober(options, listener);
        return new EngineProber() {
            @Override
            public void add(int target, InetAddress address) throws IcmpSocketException {
                prober.add(target, address);
            }

            @Override
            public void remove(int target) {
                prober.remove(target);
            }

            @Override
            public Optional<Privilege> privilege(Family family) {
                return prober.privilege(family);
            }

            @Override
            public void close() {
                prober.close();
            }
        };
    }

    @Override
    public void close() {
        pinger.close();
    }
}
