package dev.icmpj.internal.linux;

/**
 * The integer socket options icmpj sets, named after their C constants, with their level. See socket(7),
 * ip(7), ipv6(7).
 *
 * <p>Immutable and thread-safe.
 */
public enum IntOption {
    /** {@code SOL_SOCKET/SO_BROADCAST}: allow sending to broadcast addresses. */
    SO_BROADCAST(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_BROADCAST),
    /** {@code SOL_SOCKET/SO_SNDBUF}: send buffer, capped by {@code net.core.wmem_max}. */
    SO_SNDBUF(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_SNDBUF),
    /** {@code SOL_SOCKET/SO_MARK}: the firewall mark of sent packets; needs CAP_NET_ADMIN or CAP_NET_RAW. */
    SO_MARK(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_MARK),
    /** {@code SOL_SOCKET/SO_RCVBUF}: receive buffer, capped by {@code net.core.rmem_max}. */
    SO_RCVBUF(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVBUF),
    /** {@code SOL_SOCKET/SO_RCVBUFFORCE}: receive buffer beyond the cap; needs CAP_NET_ADMIN. */
    SO_RCVBUFFORCE(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_RCVBUFFORCE),
    /** {@code SOL_SOCKET/SO_TIMESTAMPNS}: an {@code SCM_TIMESTAMPNS} receive timestamp on every datagram. */
    SO_TIMESTAMPNS(LinuxConstants.SOL_SOCKET, LinuxConstants.SO_TIMESTAMPNS),
    /** {@code IPPROTO_IP/IP_TTL}: the TTL of sent packets. */
    IP_TTL(LinuxConstants.IPPROTO_IP, LinuxConstants.IP_TTL),
    /** {@code IPPROTO_IP/IP_TOS}: the TOS byte of sent packets. */
    IP_TOS(LinuxConstants.IPPROTO_IP, LinuxConstants.IP_TOS),
    /** {@code IPPROTO_IP/IP_MTU_DISCOVER}: {@link #PMTUDISC_DO} sets don't-fragment. */
    IP_MTU_DISCOVER(LinuxConstants.IPPROTO_IP, LinuxConstants.IP_MTU_DISCOVER),
    /** {@code IPPROTO_IP/IP_RECVERR}: queue ICMP errors on the error queue. */
    IP_RECVERR(LinuxConstants.IPPROTO_IP, LinuxConstants.IP_RECVERR),
    /** {@code IPPROTO_IP/IP_RECVTTL}: an {@code IP_TTL} control message on every datagram. */
    IP_RECVTTL(LinuxConstants.IPPROTO_IP, LinuxConstants.IP_RECVTTL),
    /** {@code IPPROTO_IPV6/IPV6_UNICAST_HOPS}: the hop limit of sent packets. */
    IPV6_UNICAST_HOPS(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_UNICAST_HOPS),
    /** {@code IPPROTO_IPV6/IPV6_TCLASS}: the traffic class of sent packets. */
    IPV6_TCLASS(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_TCLASS),
    /** {@code IPPROTO_IPV6/IPV6_MTU_DISCOVER}: {@link #PMTUDISC_DO} forbids fragmentation. */
    IPV6_MTU_DISCOVER(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_MTU_DISCOVER),
    /** {@code IPPROTO_IPV6/IPV6_DONTFRAG}: fail instead of fragmenting. */
    IPV6_DONTFRAG(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_DONTFRAG),
    /** {@code IPPROTO_IPV6/IPV6_RECVERR}: queue ICMPv6 errors on the error queue. */
    IPV6_RECVERR(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_RECVERR),
    /** {@code IPPROTO_IPV6/IPV6_RECVHOPLIMIT}: an {@code IPV6_HOPLIMIT} control message on every datagram. */
    IPV6_RECVHOPLIMIT(LinuxConstants.IPPROTO_IPV6, LinuxConstants.IPV6_RECVHOPLIMIT);

    /** The value of {@link #IP_MTU_DISCOVER} and {@link #IPV6_MTU_DISCOVER} that sets don't-fragment. */
    public static final int PMTUDISC_DO = LinuxConstants.IP_PMTUDISC_DO;
    /** The value of {@link #IP_MTU_DISCOVER} and {@link #IPV6_MTU_DISCOVER} that never sets don't-fragment. */
    public static final int PMTUDISC_DONT = LinuxConstants.IP_PMTUDISC_DONT;
    /** The value of {@link #IP_MTU_DISCOVER} and {@link #IPV6_MTU_DISCOVER} for path MTU discovery. */
    public static final int PMTUDISC_WANT = LinuxConstants.IP_PMTUDISC_WANT;

    private final int level;
    private final int name;

    IntOption(int level, int name) {
        this.level = level;
        this.name = name;
    }

    int level() {
        return level;
    }

    int optionName() {
        return name;
    }
}
