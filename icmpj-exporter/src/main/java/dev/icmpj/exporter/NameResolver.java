package dev.icmpj.exporter;

import dev.icmpj.NameLookupException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks host names up: a seam, so tests give names and take them away at will.
 *
 * <p>Implementations are thread-safe.
 */
public interface NameResolver {
    /** The JVM's resolver ({@link InetAddress#getAllByName}), whose own cache the exporter keeps short. */
    NameResolver SYSTEM = host -> {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new NameLookupException(host, "cannot resolve " + host + ": Name or service not known", e);
        }
    };

    /**
     * Every address of a name, in the resolver's order.
     *
     * @param host a host name
     * @return the addresses, at least one
     * @throws NameLookupException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws NameLookupException;
}
