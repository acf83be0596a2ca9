package dev.icmpj.exporter;

import dev.icmpj.Prober;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A running prober of the {@link ProbeEngine}: what the exporter needs of {@link Prober}.
 *
 * <p>Implementations are thread-safe.
 */
public interface EngineProber extends AutoCloseable {

    /**
     * Starts probing an address.
     *
     * @param address the address
     * @return its id, never reused by this prober
     * @throws IcmpSocketException when no socket can be opened for the address's family
     */
    int add(InetAddress address) throws IcmpSocketException;

    /**
     * Stops probing a target; an unknown id is ignored.
     *
     * @param id an id {@link #add} returned
     */
    void remove(int id);

    /**
     * The kind of socket a family's targets use, once one is open.
     *
     * @param family IPV4 or IPV6
     * @return PRIVILEGED or UNPRIVILEGED, or empty
     */
    Optional<Privilege> privilege(Family family);

    /** Stops probing every target. */
    @Override
    void close();
}
