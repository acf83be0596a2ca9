package dev.icmpj.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.Optional;

/**
 * iputils ping's probe socket: a UDP socket connected to the destination, which sends nothing but makes the
 * kernel choose a route. It tells the source address the route would use (iputils prints it after
 * {@code from} with {@code -I}), whether the address is a broadcast one (the kernel refuses the connect with
 * {@code EACCES} without {@code SO_BROADCAST}), and whether there is a route at all (iputils tries the next
 * address of a name when there is none).
 *
 * <p>The socket is opened in the calling thread, so in its network namespace. Stateless and thread-safe.
 */
final class RouteProbe {

    /**
     * What the kernel said about a route.
     *
     * @param source the source address the route uses, or null when there is no route or it is a broadcast
     * @param broadcast whether the destination is a broadcast address
     * @param failure the connect's error when there is no route ({@code Network is unreachable}), else null
     */
    record Route(InetAddress source, boolean broadcast, String failure) {
        /** Whether the kernel has a route to the destination (a broadcast one counts). */
        boolean reachable() {
            return failure == null;
        }
    }

    private RouteProbe() {}

    /**
     * Asks the kernel for the route to a destination.
     *
     * @param destination the address
     * @return the route, or the reason there is none
     */
    static Route to(InetAddress destination) {
        StandardProtocolFamily family =
                destination instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (DatagramChannel probe = DatagramChannel.open(family)) {
            probe.connect(new InetSocketAddress(destination, 1025));
            InetSocketAddress local = (InetSocketAddress) probe.getLocalAddress();
            return new Route(local.getAddress(), false, null);
        } catch (BindException refused) {
            // EACCES: a broadcast address, and SO_BROADCAST is off
            return new Route(null, true, null);
        } catch (SocketException noRoute) {
            return new Route(null, false, noRoute.getMessage());
        } catch (IOException e) {
            return new Route(null, false, e.getMessage());
        }
    }

    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (java.net.UnknownHostException cannotHappenForARawAddress) {
            return address;
        }
    }

    /**
     * Returns the source address iputils shows for {@code -I DEVICE}: the route's choice when it belongs to
     * the device, else the device's first address of the destination's family (iputils binds its probe to the
     * device; Java cannot, so the choice is made from the device's addresses).
     *
     * @param device the interface name
     * @param destination the address pinged
     * @param route the route without the device
     * @return the address, empty when the device has none of that family
     * @throws SocketException when the device does not exist
     */
    static Optional<InetAddress> sourceOn(String device, InetAddress destination, Route route) throws SocketException {
        NetworkInterface nic = NetworkInterface.getByName(device);
        if (nic == null) {
            throw new SocketException("No such device");
        }
        InetAddress first = null;
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            if (address.getClass() != destination.getClass()) {
                continue;
            }
            // the interface's addresses carry its scope (::1%lo); iputils prints the address alone
            InetAddress plain = withoutScope(address);
            if (plain.equals(route.source())) {
                return Optional.of(plain);
            }
            if (first == null) {
                first = plain;
            }
        }
        return Optional.ofNullable(first);
    }
}
