package dev.icmpj.cli;

import dev.icmpj.Reply;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * fping 5.1's words and numbers: its rendering of a time ({@code sprint_tm}) and of an ICMP error quoting one
 * of its requests ({@code icmp_unreach_str}, {@code icmp_type_str}).
 *
 * <p>Stateless and thread-safe. Uses no {@link String#format}, whose first call costs start-up time.
 */
final class FpingFormat {
    private static final String[] UNREACHABLE = {
        "ICMP Network Unreachable",
        "ICMP Host Unreachable",
        "ICMP Protocol Unreachable",
        "ICMP Port Unreachable",
        "ICMP Unreachable (Fragmentation Needed)",
        "ICMP Unreachable (Source Route Failed)",
        "ICMP Unreachable (Destination Network Unknown)",
        "ICMP Unreachable (Destination Host Unknown)",
        "ICMP Unreachable (Source Host Isolated)",
        "ICMP Unreachable (Communication with Network Prohibited)",
        "ICMP Unreachable (Communication with Host Prohibited)",
        "ICMP Unreachable (Network Unreachable For Type Of Service)",
        "ICMP Unreachable (Host Unreachable For Type Of Service)",
        "ICMP Unreachable (Communication Administratively Prohibited)",
        "ICMP Unreachable (Host Precedence Violation)",
        "ICMP Unreachable (Precedence cutoff in effect)"
    };

    private static final String[] TYPES = {
        "ICMP Echo Reply",
        "",
        "",
        "ICMP Unreachable",
        "ICMP Source Quench",
        "ICMP Redirect",
        "",
        "",
        "ICMP Echo",
        "",
        "",
        "ICMP Time Exceeded",
        "ICMP Parameter Problem",
        "ICMP Timestamp Request",
        "ICMP Timestamp Reply",
        "ICMP Information Request",
        "ICMP Information Reply",
        "ICMP Mask Request",
        "ICMP Mask Reply"
    };

    private FpingFormat() {}

    /**
     * Returns a time as fping prints it: milliseconds with 3 decimals below 1 ms, 2 below 10, 1 below 100, none
     * above, rounded as C's {@code printf} rounds the double (half to even on the exact binary value).
     *
     * @param millis the time in milliseconds
     * @return e.g. {@code 0.045}, {@code 1.50}, {@code 12.3}, {@code 250}
     */
    static String time(double millis) {
        if (!Double.isFinite(millis)) {
            return "NaN";
        }
        int decimals = millis < 1 ? 3 : millis < 10 ? 2 : millis < 100 ? 1 : 0;
        return new BigDecimal(millis).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * Returns fping's line for an ICMP error quoting a request:
     * {@code ICMP Unreachable (Communication Administratively Prohibited) from 127.0.0.4 for ICMP Echo sent to
     * 127.0.0.4}. For ICMPv6, whose codes fping reads through its ICMPv4 tables, the error's own description.
     *
     * @param error the error
     * @param from who sent it, as text
     * @param target the target, as fping shows it
     * @return the line
     */
    static String errorLine(Reply error, String from, String target) {
        return describe(error) + " from " + from + " for ICMP Echo sent to " + target;
    }

    private static String describe(Reply error) {
        IcmpMessage message = error.message();
        if (message.version() == IcmpVersion.V6) {
            return "ICMPv6 " + error.description();
        }
        int type = message.type();
        int code = message.code();
        if (type == 3) {
            return code < UNREACHABLE.length ? UNREACHABLE[code] : "ICMP Unreachable (Invalid Code)";
        }
        return type < TYPES.length && !TYPES[type].isEmpty() ? TYPES[type] : "ICMP " + type;
    }
}
