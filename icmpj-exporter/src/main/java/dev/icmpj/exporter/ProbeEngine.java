package dev.icmpj.exporter;

import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.ProberListener;
import dev.icmpj.socket.IcmpLibException;

/**
 * The probe engine as the exporter uses it: probers of targets, each with a listener. A seam: the exporter
 * runs on {@link Pinger#prober} ({@link #of(Pinger)}), and its tests on a fake that they drive by hand.
 *
 * <p>Implementations are thread-safe.
 */
public interface ProbeEngine extends AutoCloseable {

    /**
     * Starts a prober with no target.
     *
     * @param options how its targets are probed
     * @param listener told of every request's fate, on the engine's thread
     * @return the prober
     * @throws IcmpLibException when the engine is closed
     */
    EngineProber prober(PingOptions options, ProberListener listener) throws IcmpLibException;

    /** Stops every prober and releases the engine's sockets and threads. */
    @Override
    void close();

    /**
     * The real engine: probers of a pinger, which the returned engine closes when it is closed.
     *
     * @param pinger the pinger
     * @return the engine
     */
    static ProbeEngine of(Pinger pinger) {
        return new PingerProbeEngine(pinger);
    }
}
