package dev.icmpj.cli;

import dev.icmpj.Reply;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The lines of iputils {@code ping} (20221126), made from icmpj's events and results, so scripts that read
 * ping's output read icmpj's.
 *
 * <p>Faithful where it can be: per-reply times are rounded as iputils rounds them (3 decimals below 1 ms,
 * 2 below 10 ms, 1 below 100 ms, none above); the summary's {@code mdev} is what iputils prints under that
 * name, the population standard deviation of the received RTTs (not icmpj's sample {@code stddev}, which
 * {@code --json} reports). {@code icmp_seq} is the echo sequence number on the wire.
 *
 * <p>Stateless and thread-safe. Uses no {@link String#format}, whose first call costs start-up time.
 */
final class PingTextFormat {
    private static final MathContext SIX_DIGITS = new MathContext(6);

    private PingTextFormat() {}

    /**
     * Returns the first line: {@code PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.} for IPv4,
     * {@code PING ::1(::1) 56 data bytes} for IPv6.
     *
     * @param target the host as the user wrote it
     * @param address what it resolved to
     * @param payloadSize the echo data bytes per request
     */
    static String header(String target, InetAddress address, int payloadSize) {
        return header(target, address, payloadSize, null);
    }

    /**
     * Returns the first line with iputils' {@code from SOURCE DEVICE: } part, which it prints when {@code -I}
     * gave a source address or an interface: {@code PING 127.0.0.1 (127.0.0.1) from 127.0.0.1 lo: 56(84) bytes
     * of data.}, the device empty when {@code -I} named an address.
     *
     * @param target the host as the user wrote it
     * @param address what it resolved to
     * @param payloadSize the echo data bytes per request
     * @param from {@code "127.0.0.1 lo"} (source and device, the device possibly empty), or null without
     *     {@code -I}
     */
    static String header(String target, InetAddress address, int payloadSize, String from) {
        return header(target, address, AddressText.of(address), payloadSize, from);
    }

    /**
     * Returns the first line, the IPv6 address shown as iputils shows it without {@code -n}: by its reverse
     * name, {@code PING lo6.test(lo6.test (::1)) 56 data bytes} (iputils' IPv6 header goes through the
     * {@code pr_addr} of its reply lines; its IPv4 header always shows the address alone).
     *
     * @param target the host as the user wrote it
     * @param address what it resolved to
     * @param shown how the reply lines show that address: itself, or {@code lo6.test (::1)}
     * @param payloadSize the echo data bytes per request
     * @param from {@code "::1 lo"} (source and device), or null without {@code -I}
     */
    static String header(String target, InetAddress address, String shown, int payloadSize, String from) {
        String via = from == null ? "" : "from " + from + ": ";
        if (address instanceof Inet4Address) {
            return "PING " + target + " (" + AddressText.of(address) + ") " + via + payloadSize + "("
                    + (payloadSize + 28) + ") bytes of data.";
        }
        return "PING " + target + "(" + shown + ") " + via + payloadSize + " data bytes";
    }

    /**
     * Returns the line of an echo reply: {@code 64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms},
     * ending in {@code (DUP!)} for a duplicate.
     *
     * @param reply the echo reply
     * @param source how to name its source: the address, or iputils' {@code localhost (127.0.0.1)}
     * @param duplicate whether its request had already been answered
     */
    static String replyLine(Reply reply, String source, boolean duplicate) {
        return replyLine(reply, source, -1, duplicate);
    }

    /**
     * Returns the line of an echo reply with iputils' {@code -v} identifier: {@code 64 bytes from 127.0.0.1:
     * icmp_seq=1 ident=2400 ttl=64 time=0.040 ms}.
     *
     * @param reply the echo reply
     * @param source how to name its source
     * @param identifier the echo identifier to show, or -1 for none
     * @param duplicate whether its request had already been answered
     */
    static String replyLine(Reply reply, String source, int identifier, boolean duplicate) {
        return replyLine(reply.bytes(), source, reply.sequence(), identifier, reply.ttl(), reply.rtt(), duplicate);
    }

    /**
     * Returns the line of an echo reply from its fields.
     *
     * @param bytes the ICMP message size, header included
     * @param source who answered, as the line names it
     * @param sequence the echo sequence number
     * @param ttl the TTL or hop limit it arrived with, -1 when unknown (then {@code ttl=} is left out)
     * @param rttMillis the RTT in milliseconds
     * @param duplicate whether its request had already been answered
     */
    static String replyLine(int bytes, String source, int sequence, int ttl, double rttMillis, boolean duplicate) {
        return replyLine(bytes, source, sequence, -1, ttl, rttMillis, duplicate);
    }

    /**
     * Returns the line of an echo reply from its fields, with iputils' {@code -v} identifier.
     *
     * @param bytes the ICMP message size, header included
     * @param source who answered, as the line names it
     * @param sequence the echo sequence number
     * @param identifier the echo identifier, or -1 to leave {@code ident=} out
     * @param ttl the TTL or hop limit it arrived with, -1 when unknown (then {@code ttl=} is left out)
     * @param rttMillis the RTT in milliseconds
     * @param duplicate whether its request had already been answered
     */
    static String replyLine(
            int bytes, String source, int sequence, int identifier, int ttl, double rttMillis, boolean duplicate) {
        StringBuilder line = new StringBuilder(72)
                .append(bytes)
                .append(" bytes from ")
                .append(source)
                .append(": icmp_seq=")
                .append(sequence);
        if (identifier >= 0) {
            line.append(" ident=").append(identifier);
        }
        if (ttl >= 0) {
            line.append(" ttl=").append(ttl);
        }
        line.append(" time=").append(replyTime(rttMillis)).append(" ms");
        if (duplicate) {
            line.append(" (DUP!)");
        }
        return line.toString();
    }

    /**
     * Returns the line of an ICMP error: {@code From 198.18.0.1 icmp_seq=1 Destination Host Unreachable}.
     *
     * @param error the ICMP error quoting one of our requests
     * @param source how to name who reported it
     */
    static String errorLine(Reply error, String source) {
        return "From " + source + " icmp_seq=" + error.sequence() + " " + error.description();
    }

    /**
     * Returns iputils' line for a request the kernel refused to send: {@code sendmsg: Operation not permitted}
     * (iputils prefixes {@code ping: }, icmpj {@code icmpj: ping: }).
     *
     * @param failure the send's failure, with its errno
     */
    static String sendFailureLine(IcmpSocketException failure) {
        return "sendmsg: " + ErrnoText.of(failure);
    }

    /**
     * Returns what iputils' {@code -v} says of its socket on standard error, for the one socket icmpj pings
     * through: {@code sock4 (socktype: SOCK_RAW), ident 2400, hints.ai_family: AF_UNSPEC}. iputils names the
     * descriptors of both its sockets ({@code sock4.fd: 3 ...}); icmpj's socket is the library's, shared, so the
     * descriptor means nothing and the echo identifier the kernel filters by is given instead.
     *
     * @param address the address pinged
     * @param privilege the socket's kind
     * @param identifier the echo identifier of its requests
     * @param hint the family {@code -4}/{@code -6} asked for, {@link Family#ANY} for none
     */
    static String socketLine(InetAddress address, Privilege privilege, int identifier, Family hint) {
        String sock = address instanceof Inet4Address ? "sock4" : "sock6";
        String type = privilege == Privilege.PRIVILEGED ? "SOCK_RAW" : "SOCK_DGRAM";
        String family = hint == Family.IPV4 ? "AF_INET" : hint == Family.IPV6 ? "AF_INET6" : "AF_UNSPEC";
        return sock + " (socktype: " + type + "), ident " + identifier + ", hints.ai_family: " + family;
    }

    /**
     * Returns iputils' {@code -v} line about the resolved address, on standard output before the header:
     * {@code ai->ai_family: AF_INET, ai->ai_canonname: '127.0.0.1'}; the name is the one given (Java's resolver
     * has no canonical name).
     *
     * @param target the host as the user wrote it
     * @param address what it resolved to
     */
    static String addressLine(String target, InetAddress address) {
        return "ai->ai_family: " + (address instanceof Inet4Address ? "AF_INET" : "AF_INET6") + ", ai->ai_canonname: '"
                + target + "'";
    }

    /**
     * Names an address as iputils does in reply lines: {@code name (address)}, or the address alone when the
     * user gave an address ({@code numeric}).
     *
     * @param address the address
     * @param name its reverse name, the address's text when it has none
     * @param numeric whether to print the address alone
     */
    static String source(InetAddress address, String name, boolean numeric) {
        String text = AddressText.of(address);
        return numeric ? text : name + " (" + text + ")";
    }

    /**
     * Returns iputils' rendering of a reply's RTT, in milliseconds without the unit: the RTT in whole
     * microseconds, then 3, 2, 1 or 0 decimals as it is below 1, 10, 100 ms or not.
     *
     * @param rttMillis the RTT in milliseconds
     */
    static String replyTime(double rttMillis) {
        long micros = Math.round(rttMillis * 1000);
        if (micros >= 100_000 - 50) {
            return Long.toString((micros + 500) / 1000);
        }
        if (micros >= 10_000 - 5) {
            long tenths = (micros + 50) / 100;
            return tenths / 10 + "." + tenths % 10;
        }
        if (micros >= 1000) {
            long hundredths = (micros + 5) / 10;
            return hundredths / 100 + "." + pad(hundredths % 100, 2);
        }
        return "0." + pad(micros, 3);
    }

    /**
     * Returns iputils' statistics block: a blank line, {@code --- 127.0.0.1 ping statistics ---}, the packet
     * line, and a last line with {@code rtt min/avg/max/mdev} when anything came back, {@code pipe N} when
     * more than one request was outstanding, and {@code ipg/ewma} for a flood or an adaptive ping; iputils ends
     * the block with that line even when it is empty.
     *
     * @param target the host as the user wrote it
     * @param statistics the counters of the ping
     * @param flood whether the ping had no interval or an adaptive one (iputils prints {@code ipg/ewma} then)
     */
    static List<String> summary(String target, PingStatistics statistics, boolean flood) {
        long sent = statistics.transmitted();
        long received = statistics.received();
        StringBuilder packets = new StringBuilder(96)
                .append(sent)
                .append(" packets transmitted, ")
                .append(received)
                .append(" received");
        if (statistics.duplicates() > 0) {
            packets.append(", +").append(statistics.duplicates()).append(" duplicates");
        }
        if (statistics.errors() > 0) {
            packets.append(", +").append(statistics.errors()).append(" errors");
        }
        if (sent > 0) {
            packets.append(", ")
                    .append(lossPercent(sent, received))
                    .append("% packet loss, time ")
                    .append((statistics.elapsedNanos() + 500_000) / 1_000_000)
                    .append("ms");
        }
        StringBuilder last = new StringBuilder(96);
        String comma = "";
        if (received > 0) {
            last.append("rtt min/avg/max/mdev = ")
                    .append(micros(statistics.minMicros()))
                    .append('/')
                    .append(micros(statistics.avgMicros()))
                    .append('/')
                    .append(micros(statistics.maxMicros()))
                    .append('/')
                    .append(micros(statistics.mdevMicros()))
                    .append(" ms");
            comma = ", ";
        }
        if (statistics.pipe() > 1) {
            last.append(comma).append("pipe ").append(statistics.pipe());
            comma = ", ";
        }
        if (received > 0 && flood && sent > 1) {
            long ipg = statistics.elapsedNanos() / 1000 / (sent - 1);
            long ewma = statistics.ewmaTimes8();
            last.append(comma)
                    .append("ipg/ewma ")
                    .append(ipg / 1000)
                    .append('.')
                    .append(pad(ipg % 1000, 3))
                    .append('/')
                    .append(ewma / 8000)
                    .append('.')
                    .append(pad(ewma / 8 % 1000, 3))
                    .append(" ms");
        }
        return List.of("", "--- " + target + " ping statistics ---", packets.toString(), last.toString());
    }

    /**
     * Returns the packet loss as iputils prints it: a percentage with C's {@code %g} (at most 6 significant
     * digits, no trailing zeros): {@code 0}, {@code 25}, {@code 33.3333}, {@code 100}.
     *
     * @param sent requests sent, positive
     * @param received requests answered
     */
    static String lossPercent(long sent, long received) {
        // iputils computes in double, then narrows to float before printing
        float percent = (float) ((sent - received) * 100.0 / sent);
        BigDecimal rounded = new BigDecimal(percent).round(SIX_DIGITS).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    /** Microseconds as iputils prints them in the summary: {@code 12.345}. */
    static String micros(long micros) {
        return micros / 1000 + "." + pad(micros % 1000, 3);
    }

    /** Milliseconds with exactly 3 decimals, rounded half up, as the iputils summary prints them. */
    static String millis(double value) {
        long micros = Math.round(value * 1000);
        return micros / 1000 + "." + pad(micros % 1000, 3);
    }

    private static String pad(long value, int digits) {
        String text = Long.toString(value);
        return "0".repeat(Math.max(0, digits - text.length())) + text;
    }
}
