package dev.icmpj.internal.linux;

/**
 * Numeric constants of the Linux socket API on x86-64 and aarch64 (generic numbering), named as in the C
 * headers. {@code StructsTest} checks them against gcc.
 *
 * <p>Thread-safe: constants only.
 */
final class LinuxConstants {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int SOL_SOCKET = 1;
    static final int SOL_RAW = 255;

    static final int SO_BROADCAST = 6;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_ATTACH_FILTER = 26;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_TIMESTAMPNS = 35;
    static final int SO_MARK = 36;
    static final int SCM_TIMESTAMPNS = SO_TIMESTAMPNS;
    static final int SO_MEMINFO = 55;
    /** The index of the drop count in {@code SO_MEMINFO}'s array of {@code SK_MEMINFO_VARS} counters. */
    static final int SK_MEMINFO_DROPS = 8;

    static final int SK_MEMINFO_VARS = 9;
    static final int SO_TIMESTAMPING_OLD = 37;
    static final int SCM_TIMESTAMPING = SO_TIMESTAMPING_OLD;
    static final int SOF_TIMESTAMPING_TX_SOFTWARE = 1 << 1;
    static final int SOF_TIMESTAMPING_SOFTWARE = 1 << 4;
    static final int SOF_TIMESTAMPING_OPT_ID = 1 << 7;
    static final int SOF_TIMESTAMPING_OPT_TSONLY = 1 << 11;
    static final int SCM_TSTAMP_SND = 0;

    static final int IP_TOS = 1;
    static final int IP_TTL = 2;
    static final int IP_MTU_DISCOVER = 10;
    static final int IP_RECVERR = 11;
    static final int IP_RECVTTL = 12;
    static final int IP_PMTUDISC_DONT = 0;
    static final int IP_PMTUDISC_WANT = 1;
    static final int IP_PMTUDISC_DO = 2;
    static final int ICMP_FILTER = 1;

    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MTU_DISCOVER = 23;
    static final int IPV6_RECVERR = 25;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_DONTFRAG = 62;
    static final int IPV6_TCLASS = 67;
    static final int ICMP6_FILTER = 1;

    static final int SO_EE_ORIGIN_ICMP = 2;
    static final int SO_EE_ORIGIN_ICMP6 = 3;
    static final int SO_EE_ORIGIN_TIMESTAMPING = 4;
    static final int ENOMSG = 42;

    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;

    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;

    private LinuxConstants() {}
}
