package dev.icmpj.cli;

import dev.icmpj.Pinger;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpLibException;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;

/**
 * The address a ping goes to, chosen as iputils chooses it, and what its header says about the source.
 *
 * <p>iputils walks the addresses of a name in the resolver's order and takes the first the kernel has a
 * route to (its probe socket's {@code connect}); with none, it stops with {@code connect: Network is
 * unreachable}. A broadcast address needs {@code -b}. With {@code -I}, the header names the source address
 * and the device: {@code from 127.0.0.1 lo: }, the device empty when {@code -I} gave an address.
 *
 * @param address the address to ping
 * @param from the header's {@code from} part without the colon ({@code "127.0.0.1 lo"}), or null without
 *     {@code -I}
 * @param broadcast whether the kernel said the address is a broadcast address
 */
record PingTarget(InetAddress address, String from, boolean broadcast) {

    /**
     * Chooses the address of a host to ping.
     *
     * @param pinger resolves names
     * @param host a name or literal, as typed
     * @param family {@code -4}, {@code -6} or neither
     * @param source {@code -I}
     * @param broadcast {@code -b}: whether to ask the kernel if the address is a broadcast one (to warn)
     * @return the choice
     * @throws IcmpLibException when the name does not resolve, there is no route, or {@code -I} names no device
     */
    static PingTarget choose(Pinger pinger, String host, Family family, SourceOption source, boolean broadcast)
            throws IcmpLibException {
        List<InetAddress> addresses = pinger.resolveAll(host, family);
        Optional<InetAddress> sourceAddress = source.sourceAddress();
        if (sourceAddress.isPresent()) {
            // iputils binds to the given source and asks the kernel for no route
            InetAddress address = addresses.getFirst();
            return new PingTarget(address, AddressText.of(sourceAddress.get()) + " ", false);
        }
        if (addresses.size() == 1 && source.interfaceName().isEmpty() && !broadcast) {
            // nothing to choose and nothing to show: the first send tells what the probe socket would (no route,
            // a broadcast address), and a cold JVM spares the UDP socket's 20-40 ms
            return new PingTarget(addresses.getFirst(), null, false);
        }
        RouteProbe.Route route = null;
        InetAddress chosen = null;
        for (InetAddress address : addresses) {
            route = RouteProbe.to(address);
            chosen = address;
            if (route.reachable()) {
                break;
            }
        }
        Optional<String> device = source.interfaceName();
        if (device.isPresent()) {
            try {
                Optional<InetAddress> onDevice = RouteProbe.sourceOn(device.get(), chosen, route);
                String shown = onDevice.map(AddressText::of)
                        .orElse(chosen instanceof java.net.Inet4Address ? "0.0.0.0" : "::");
                return new PingTarget(chosen, shown + " " + device.get(), route.broadcast());
            } catch (SocketException noDevice) {
                throw new IcmpLibException("SO_BINDTODEVICE " + device.get() + ": No such device");
            }
        }
        if (!route.reachable()) {
            throw new IcmpLibException("connect: " + route.failure());
        }
        return new PingTarget(chosen, null, route.broadcast());
    }
}
