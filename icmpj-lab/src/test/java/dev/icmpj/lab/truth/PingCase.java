package dev.icmpj.lab.truth;

import dev.icmpj.PingOptions;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * One way of pinging in the lab: an IP version and a kind of socket (raw, or ping socket with the client's
 * {@code ping_group_range} opened).
 *
 * @param family IPV4 or IPV6
 * @param privilege PRIVILEGED (raw socket) or UNPRIVILEGED (ping socket)
 */
record PingCase(Family family, Privilege privilege) {

    /** The four combinations, for {@code @MethodSource}. */
    static Stream<PingCase> all() {
        return Stream.of(
                new PingCase(Family.IPV4, Privilege.PRIVILEGED),
                new PingCase(Family.IPV4, Privilege.UNPRIVILEGED),
                new PingCase(Family.IPV6, Privilege.PRIVILEGED),
                new PingCase(Family.IPV6, Privilege.UNPRIVILEGED));
    }

    /** The four combinations as a list. */
    static List<PingCase> list() {
        return all().toList();
    }

    boolean v4() {
        return family == Family.IPV4;
    }

    /**
     * The address {@code host} of a {@link TunPeer} on its default subnet, in this case's family (known
     * before the peer starts, for its script).
     */
    InetAddress target(int host) {
        if (host < 1 || host > 254) {
            throw new IllegalArgumentException("host must be in 1..254: " + host);
        }
        try {
            return InetAddress.getByName(
                    v4()
                            ? "198.18." + TunPeer.DEFAULT_SUBNET + "." + host
                            : "fd00:" + TunPeer.DEFAULT_SUBNET + "::" + host);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A builder with this case's family and privilege. */
    PingOptions.Builder options() {
        return PingOptions.builder().family(family).privilege(privilege);
    }

    @Override
    public String toString() {
        return (v4() ? "IPv4 " : "IPv6 ") + (privilege == Privilege.PRIVILEGED ? "raw" : "ping socket");
    }
}
