package dev.icmpj.cli;

import dev.icmpj.Hop;
import dev.icmpj.packet.AddressText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mtr 0.95's report ({@code mtr -r}, {@code report.c}): {@code Start:} with the local time as
 * {@code strftime("%Y-%m-%dT%H:%M:%S%z")}, the {@code HOST:} header, then a row per hop with mtr's default
 * fields ({@code Loss% Snt Last Avg Best Wrst StDev}) and its widths. Without {@code --report-wide} the name
 * column is mtr's 33 characters, the fields written over its end as mtr writes them (a long name is cut);
 * with it, the column is as wide as the longest name. The further responders of a hop follow on lines of
 * their own, as mtr lists the paths of load balancers.
 *
 * <p>Stateless and thread-safe.
 */
final class MtrReport {
    /** mtr's {@code len_hosts} without {@code --report-wide}. */
    private static final int HOST_COLUMN = 33;

    private MtrReport() {}

    /**
     * Returns the report's lines.
     *
     * @param start when the trace started
     * @param localName this host's name, for the {@code HOST:} header
     * @param hops the hops, each with as many probes as cycles
     * @param names reverse names of responders, by address (empty with {@code -n})
     * @param wide {@code --report-wide}
     * @return the lines
     */
    static List<String> lines(
            ZonedDateTime start, String localName, List<Hop> hops, Map<InetAddress, String> names, boolean wide) {
        List<String> lines = new ArrayList<>();
        lines.add("Start: " + startTime(start));
        int column = HOST_COLUMN;
        if (wide) {
            column = localName.length();
            for (Hop hop : hops) {
                column = Math.max(column, shown(hop, names).length());
            }
        }
        String header = pad("HOST: " + localName, wide ? column + 6 : column, wide);
        // mtr's default fields "LS NABWV": loss, sent, a space, then the times
        lines.add(header + " Loss%" + "   Snt" + " " + "  Last" + "   Avg" + "  Best" + "  Wrst" + " StDev");
        for (Hop hop : hops) {
            String row = pad(twoWide(hop.distance()) + ".|-- " + shown(hop, names), wide ? column + 8 : column, wide);
            lines.add(row + " " + oneDecimal(hop.packetLoss() * 100, 4) + "%" + " "
                    + right(Integer.toString(hop.packetsSent()), 5) + " " + " " + oneDecimal(hop.lastRtt(), 5) + " "
                    + oneDecimal(hop.avgRtt(), 5) + " " + oneDecimal(hop.minRtt(), 5) + " "
                    + oneDecimal(hop.maxRtt(), 5) + " " + oneDecimal(hop.stddev(), 5));
            List<InetAddress> responders = hop.responders();
            for (int k = 1; k < responders.size(); k++) {
                lines.add((k == 1 ? "    |  `|-- " : "    |   |-- ") + AddressText.of(responders.get(k)));
            }
        }
        return lines;
    }

    /** mtr's {@code iso_time}: {@code 2026-12-07T04:37:48+0000}. */
    static String startTime(ZonedDateTime time) {
        int offsetSeconds = time.getOffset().getTotalSeconds();
        int minutes = Math.abs(offsetSeconds) / 60;
        return time.getYear() + "-" + two(time.getMonthValue()) + "-" + two(time.getDayOfMonth()) + "T"
                + two(time.getHour()) + ":" + two(time.getMinute()) + ":" + two(time.getSecond())
                + (offsetSeconds < 0 ? "-" : "+") + two(minutes / 60) + two(minutes % 60);
    }

    /** The first responder of a hop as mtr names it, {@code ???} for a hop that answered nothing. */
    private static String shown(Hop hop, Map<InetAddress, String> names) {
        if (hop.responders().isEmpty()) {
            return "???";
        }
        InetAddress first = hop.responders().getFirst();
        String name = names.get(first);
        return name != null ? name : AddressText.of(first);
    }

    /** Pads to a width; without {@code wide}, also cuts there, as mtr's fields overwrite the column's end. */
    private static String pad(String text, int width, boolean wide) {
        if (text.length() >= width) {
            return wide ? text : text.substring(0, width);
        }
        return text + " ".repeat(width - text.length());
    }

    /** C's {@code %Nd} for the hop number ({@code " %2d."}), with mtr's leading space. */
    private static String twoWide(int value) {
        return " " + right(Integer.toString(value), 2);
    }

    private static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    /** C's {@code %N.1f}; 0.0 for a value not measured, as mtr prints a hop without replies. */
    private static String oneDecimal(double value, int width) {
        double shown = Double.isNaN(value) ? 0 : value;
        return right(new BigDecimal(shown).setScale(1, RoundingMode.HALF_EVEN).toPlainString(), width);
    }

    private static String two(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
