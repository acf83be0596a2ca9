package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.Reply;
import dev.icmpj.packet.AddressText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
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
        if (address instanceof Inet4Address) {
            return "PING " + target + " (" + AddressText.of(address) + ") " + payloadSize + "(" + (payloadSize + 28)
                    + ") bytes of data.";
        }
        return "PING " + target + "(" + AddressText.of(address) + ") " + payloadSize + " data bytes";
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
        return replyLine(reply.bytes(), source, reply.sequence(), reply.ttl(), reply.rtt(), duplicate);
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
        StringBuilder line = new StringBuilder(72)
                .append(bytes)
                .append(" bytes from ")
                .append(source)
                .append(": icmp_seq=")
                .append(sequence);
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
     * Returns the statistics block of a result: a blank line, {@code --- 127.0.0.1 ping statistics ---},
     * the packet line, the {@code rtt min/avg/max/mdev} line when anything was received, and iputils'
     * {@code pipe N} (after the rtt line, or on a line of its own) when more than one request was outstanding.
     *
     * @param target the host as the user wrote it
     * @param host the result
     * @param elapsedMillis the time from the first request to the end, in milliseconds
     * @param pipe the most requests outstanding when one was decided
     */
    static List<String> summary(String target, Host host, long elapsedMillis, int pipe) {
        int sent = host.packetsSent();
        int received = host.packetsReceived();
        StringBuilder packets = new StringBuilder(96)
                .append(sent)
                .append(" packets transmitted, ")
                .append(received)
                .append(" received");
        if (host.duplicates() > 0) {
            packets.append(", +").append(host.duplicates()).append(" duplicates");
        }
        if (host.errors() > 0) {
            packets.append(", +").append(host.errors()).append(" errors");
        }
        if (sent > 0) {
            packets.append(", ")
                    .append(lossPercent(sent, received))
                    .append("% packet loss, time ")
                    .append(elapsedMillis)
                    .append("ms");
        }
        List<String> lines = new ArrayList<>(List.of("", "--- " + target + " ping statistics ---", packets.toString()));
        String pipeText = pipe > 1 ? "pipe " + pipe : null;
        if (received > 0) {
            // from the result's statistics, not its RTTs: a ping that kept no replies has none
            lines.add("rtt min/avg/max/mdev = " + millis(host.minRtt()) + "/" + millis(host.avgRtt()) + "/"
                    + millis(host.maxRtt()) + "/" + millis(mdev(host)) + " ms"
                    + (pipeText == null ? "" : ", " + pipeText));
        } else if (pipeText != null) {
            lines.add(pipeText);
        }
        return List.copyOf(lines);
    }

    /**
     * Returns the packet loss as iputils prints it: a percentage with C's {@code %g} (at most 6 significant
     * digits, no trailing zeros): {@code 0}, {@code 25}, {@code 33.3333}, {@code 100}.
     *
     * @param sent requests sent, positive
     * @param received requests answered
     */
    static String lossPercent(int sent, int received) {
        // iputils computes in double, then narrows to float before printing
        float percent = (float) ((sent - received) * 100.0 / sent);
        BigDecimal rounded = new BigDecimal(percent).round(SIX_DIGITS).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    /**
     * Returns what iputils calls {@code mdev}: the population standard deviation, sqrt(mean(x²) - mean(x)²),
     * from the result's sample deviation (n - 1); 0 for one reply.
     *
     * @param host a result with at least one echo reply
     */
    static double mdev(Host host) {
        int n = host.packetsReceived();
        return n < 2 ? 0 : host.stddev() * Math.sqrt((n - 1) / (double) n);
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
