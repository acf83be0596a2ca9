package dev.icmpj.socket;

import dev.icmpj.internal.linux.Errno;
import dev.icmpj.internal.linux.ErrnoException;
import dev.icmpj.internal.linux.IcmpChannel;
import dev.icmpj.internal.linux.IntOption;
import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one factory through which the socket package reaches the native layer: picks the socket kind,
 * applies the options and maps refusals to the public exceptions. Stateless and thread-safe.
 */
final class IcmpSockets {
    private IcmpSockets() {}

    static KernelIcmpSocket open(SocketOptions options) throws IcmpSocketException {
        if (options.family() == Family.ANY) {
            throw new IllegalArgumentException("family is ANY; a socket is either IPv4 or IPv6");
        }
        boolean ipv6 = options.family() == Family.IPV6;
        try {
            return switch (options.privilege()) {
                case PRIVILEGED -> configure(openChannel(ipv6, true, Privilege.PRIVILEGED), options);
                case UNPRIVILEGED -> configure(openChannel(ipv6, false, Privilege.UNPRIVILEGED), options);
                case AUTO -> configure(openAuto(ipv6), options);
            };
        } catch (IllegalCallerException | LinkageError denied) {
            // --illegal-native-access=deny: the native layer's first use throws IllegalCallerException, every
            // later one NoClassDefFoundError; both mean the same to the caller
            SocketUnavailableException unavailable = new SocketUnavailableException(
                    "native access is denied to icmpj, so it cannot open ICMP sockets: run the JVM with"
                            + " --enable-native-access=dev.icmpj (module path) or ALL-UNNAMED (class path)",
                    0);
            unavailable.initCause(denied);
            throw unavailable;
        }
    }

    private static IcmpChannel openAuto(boolean ipv6) throws IcmpSocketException {
        ErrnoException ping;
        try {
            return IcmpChannel.open(ipv6, false);
        } catch (ErrnoException e) {
            ping = e;
        }
        try {
            return IcmpChannel.open(ipv6, true);
        } catch (ErrnoException raw) {
            if (isPermission(raw)) {
                throw new SocketPermissionException(
                        PermissionAdvice.of(
                                Privilege.AUTO,
                                "ping socket: " + ping.getMessage() + "; raw socket: " + raw.getMessage()),
                        raw.errno());
            }
            throw new IcmpSocketException("cannot open a raw ICMP socket: " + raw.getMessage(), raw.errno());
        }
    }

    private static IcmpChannel openChannel(boolean ipv6, boolean raw, Privilege privilege) throws IcmpSocketException {
        try {
            return IcmpChannel.open(ipv6, raw);
        } catch (ErrnoException e) {
            if (isPermission(e)) {
                throw new SocketPermissionException(PermissionAdvice.of(privilege, e.getMessage()), e.errno());
            }
            throw new IcmpSocketException(
                    "cannot open " + (raw ? "a raw" : "a ping") + " ICMP socket: " + e.getMessage(), e.errno());
        }
    }

    private static boolean isPermission(ErrnoException e) {
        return e.errno() == Errno.EACCES || e.errno() == Errno.EPERM;
    }

    private static KernelIcmpSocket configure(IcmpChannel channel, SocketOptions options) throws IcmpSocketException {
        try {
            return configureOrThrow(channel, options);
        } catch (IcmpSocketException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (ErrnoException e) {
            channel.close();
            throw new IcmpSocketException("cannot configure the ICMP socket: " + e.getMessage(), e.errno());
        }
    }

    private static KernelIcmpSocket configureOrThrow(IcmpChannel channel, SocketOptions options)
            throws IcmpSocketException, ErrnoException {
        boolean v4 = !channel.isIpv6();
        if (options.receiveTimestamps()) {
            channel.setOption(IntOption.SO_TIMESTAMPNS, 1);
        }
        boolean transmitTimestamping = options.transmitTimestamps() && enableTransmitTimestamps(channel);
        if (!(v4 && channel.isRaw())) {
            // a raw ICMPv4 socket reads the TTL from the IP header it delivers: no control message per datagram
            channel.setOption(v4 ? IntOption.IP_RECVTTL : IntOption.IPV6_RECVHOPLIMIT, 1);
        }
        if (!channel.isRaw()) {
            channel.setOption(v4 ? IntOption.IP_RECVERR : IntOption.IPV6_RECVERR, 1);
        }
        if (options.ttl() != 0) {
            channel.setOption(v4 ? IntOption.IP_TTL : IntOption.IPV6_UNICAST_HOPS, options.ttl());
        }
        if (options.trafficClass() != 0) {
            channel.setOption(v4 ? IntOption.IP_TOS : IntOption.IPV6_TCLASS, options.trafficClass());
        }
        IntOption mtuDiscover = v4 ? IntOption.IP_MTU_DISCOVER : IntOption.IPV6_MTU_DISCOVER;
        switch (options.pathMtuDiscovery()) {
            case DEFAULT -> {}
            case DO -> {
                channel.setOption(mtuDiscover, IntOption.PMTUDISC_DO);
                if (!v4) {
                    channel.setOption(IntOption.IPV6_DONTFRAG, 1);
                }
            }
            case DONT -> channel.setOption(mtuDiscover, IntOption.PMTUDISC_DONT);
            case WANT -> channel.setOption(mtuDiscover, IntOption.PMTUDISC_WANT);
        }
        if (options.broadcast()) {
            channel.setOption(IntOption.SO_BROADCAST, 1);
        }
        if (options.receiveBufferSize() > 0) {
            try {
                channel.setOption(IntOption.SO_RCVBUFFORCE, options.receiveBufferSize());
            } catch (ErrnoException notAdmin) {
                channel.setOption(IntOption.SO_RCVBUF, options.receiveBufferSize());
            }
        }
        if (options.sendBufferSize() > 0) {
            channel.setOption(IntOption.SO_SNDBUF, options.sendBufferSize());
        }
        if (options.mark().isPresent()) {
            setMark(channel, options.mark().getAsLong());
        }
        if (options.interfaceName().isPresent()) {
            try {
                channel.bindToDevice(options.interfaceName().get());
            } catch (ErrnoException e) {
                throw NativeFailures.ofBind(
                        e, "interface " + options.interfaceName().get());
            }
        }
        InetAddress local = options.sourceAddress().orElse(wildcard(v4));
        int identifier;
        if (channel.isRaw()) {
            if (options.sourceAddress().isPresent()) {
                bind(channel, local, 0, options);
            }
            identifier = options.identifier()
                    .orElseGet(() -> ThreadLocalRandom.current().nextInt(0x10000));
            channel.installIdentifierFilter(identifier);
        } else {
            bind(channel, local, options.identifier().orElse(0), options);
            InetSocketAddress bound = channel.localAddress();
            identifier = bound.getPort();
            local = bound.getAddress();
        }
        int sentTtl = channel.getOption(v4 ? IntOption.IP_TTL : IntOption.IPV6_UNICAST_HOPS);
        if (sentTtl < 1 || sentTtl > 255) {
            sentTtl = 64;
        }
        IcmpVersion version = v4 ? IcmpVersion.V4 : IcmpVersion.V6;
        ReplyDecoder decoder = new ReplyDecoder(version, channel.isRaw(), identifier, local, sentTtl);
        return new KernelIcmpSocket(channel, options, decoder, transmitTimestamping);
    }

    /** Sets {@code SO_MARK}; the kernel refuses it without CAP_NET_ADMIN or CAP_NET_RAW (in effect, not just permitted). */
    private static void setMark(IcmpChannel channel, long mark) throws IcmpSocketException {
        try {
            channel.setOption(IntOption.SO_MARK, (int) mark);
        } catch (ErrnoException e) {
            String message = "cannot set the firewall mark " + mark + " (SO_MARK): " + Errno.message(e.errno());
            if (isPermission(e)) {
                throw new SocketPermissionException(
                        message + "; it needs CAP_NET_ADMIN or CAP_NET_RAW (run as root, or grant one of them)",
                        e.errno());
            }
            throw new IcmpSocketException(message, e.errno());
        }
    }

    /** Software transmit timestamps where the kernel has them; without, RTTs start at the send clock. */
    private static boolean enableTransmitTimestamps(IcmpChannel channel) {
        try {
            channel.enableTransmitTimestamps();
            return true;
        } catch (ErrnoException unsupported) {
            return false;
        }
    }

    private static void bind(IcmpChannel channel, InetAddress address, int port, SocketOptions options)
            throws IcmpSocketException {
        try {
            channel.bind(address, port);
        } catch (ErrnoException e) {
            String what = "source address " + AddressText.of(address)
                    + (options.identifier().isPresent() && !channel.isRaw() ? " with identifier " + port : "");
            throw NativeFailures.ofBind(e, what);
        }
    }

    private static InetAddress wildcard(boolean v4) {
        try {
            return InetAddress.getByAddress(new byte[v4 ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
