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
     * Starts probing an address under a number: the listener's calls for it carry that number.
     *
     * @param target the number, not in use by this prober (the exporter gives the target's table slot)
     * @param address the address
     * @throws IcmpSocketException when no socket can be opened for the address's family
     */
    void add(int target, InetAddress address) throws IcmpSocketException;

    /**
     * Stops probing a target; once this returns, no call for it follows. An unknown number is ignored.
     *
     * @param target a number given to {@link #add}
     */
    void remove(int target);

    /**
     * The kind of socket a family's targets use, once one is open.
     *
     * @param family IPV4 or IPV6
     * @return PRIVILEGED or UNPRIVILEGED, or empty
     */
    Optional<Privilege> privilege(Family family);

    /** Stops probing every target; once this returns, no call follows. */
    @Override
    void close();
}
