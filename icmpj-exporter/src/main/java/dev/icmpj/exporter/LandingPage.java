package dev.icmpj.exporter;

import dev.icmpj.Reply;
import dev.icmpj.packet.AddressText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The landing page: a table of targets, worst first (most loss in the last hour), each with its smoke graph
 * ({@link SmokeGraph}), state, address, median round trip, loss and last error; {@value #PAGE_SIZE} targets a
 * page, filtered by {@code ?q=} (a substring of the target or probe group).
 *
 * <p>Thread-safe: each render reads the exporter's published state.
 */
final class LandingPage {
    static final int PAGE_SIZE = 50;

    private final Exporter exporter;
    private final String telemetryPath;
    private final String version;

    LandingPage(Exporter exporter, String telemetryPath, String version) {
        this.exporter = exporter;
        this.telemetryPath = telemetryPath;
        this.version = version;
    }

    private record Row(
            String probe,
            String target,
            String family,
            String ip,
            String state,
            double hourLoss,
            double medianSeconds,
            String lastError,
            String graph) {}

    /**
     * Renders the page.
     *
     * @param rawQuery the URL's query, e.g. {@code q=db&page=2}, or null
     * @return HTML
     */
    String render(String rawQuery) {
        Map<String, String> query = parse(rawQuery);
        String filter = query.getOrDefault("q", "").strip();
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        } catch (NumberFormatException e) {
            // page 1
        }
        long now = exporter.clock().wallMillis();
        List<Row> rows = new ArrayList<>();
        int total = 0;
        TargetTable.Counts c = new TargetTable.Counts();
        for (ProbeGroup g : exporter.groups()) {
            for (NameEntry name : g.published) {
                if (!filter.isEmpty() && !name.host.contains(filter) && !g.name.contains(filter)) {
                    continue;
                }
                Target[] targets = name.publishedTargets;
                if (targets.length == 0) {
                    total++;
                    String state = name.lookupError != null ? "unresolved" : "pending";
                    rows.add(new Row(
                            g.name,
                            name.host,
                            "",
                            "",
                            state,
                            -1,
                            Double.NaN,
                            name.lookupError == null ? "" : name.lookupError,
                            ""));
                    continue;
                }
                for (Target t : targets) {
                    total++;
                    g.table.read(t.slot, c);
                    SmokeHistory.Minute[] hour = g.table.smoke(t.slot).hour(t.slot % TargetTable.CHUNK, now);
                    long decided = 0;
                    long lost = 0;
                    for (SmokeHistory.Minute m : hour) {
                        decided += m.decided();
                        lost += m.lost();
                    }
                    // the latest minute that had a reply
                    double median = Double.NaN;
                    for (int k = hour.length - 1; k >= 0 && Double.isNaN(median); k--) {
                        median = hour[k].quantileSeconds()[3];
                    }
                    String error = describe(c.lastError, c.lastErrorMillis);
                    if (t.addError != null) {
                        error = t.addError;
                    } else if (name.lookupError != null) {
                        error = name.lookupError + " (probing the last address found)";
                    }
                    rows.add(new Row(
                            g.name,
                            name.host,
                            Target.familyLabel(t.family),
                            t.address == null ? "" : AddressText.of(t.address),
                            t.id < 0 ? "not probed" : state(c.state),
                            decided == 0 ? -1 : (double) lost / decided,
                            median,
                            error,
                            SmokeGraph.svg(hour, now)));
                }
            }
        }
        rows.sort(Comparator.comparingDouble(Row::hourLoss)
                .reversed()
                .thenComparing(Row::probe)
                .thenComparing(Row::target)
                .thenComparing(Row::family));
        int pages = Math.max(1, (rows.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        page = Math.min(page, pages);
        List<Row> shown = rows.subList((page - 1) * PAGE_SIZE, Math.min(rows.size(), page * PAGE_SIZE));

        StringBuilder b = new StringBuilder(16_384 + shown.size() * 6_000);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>icmpj exporter</title>")
                .append("<meta name=\"viewport\" content=\"width=device-width\"><style>")
                .append("body{font-family:sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;")
                .append("text-align:left;vertical-align:middle;font-size:13px}th{background:#f3f3f3}")
                .append(".up{color:#1a7f1a}.loss{color:#c00}.error{color:#c60}.unresolved,.not-probed{color:#c00}")
                .append(".pending{color:#888}.err{max-width:22em;font-size:12px;color:#a33}")
                .append(
                        "form{margin:0.8em 0}.legend span{display:inline-block;width:1em;height:0.6em;margin:0 3px 0 12px}")
                .append("</style></head><body>");
        b.append("<h1>icmpj exporter</h1><p>")
                .append(total)
                .append(" targets &middot; <a href=\"")
                .append(esc(telemetryPath))
                .append("\">Metrics</a> &middot; <a href=\"/-/healthy\">Health</a> &middot; version ")
                .append(esc(version));
        if (!exporter.lastReloadSuccessful()) {
            b.append(" &middot; <b class=\"loss\">last reload failed: ")
                    .append(esc(exporter.lastReloadError()))
                    .append("</b>");
        }
        b.append("</p><p class=\"legend\">Last hour, one column a minute: grey shades from min to max round trip"
                + " (darker: 10-90%, 25-75%), median coloured by loss:"
                + "<span style=\"background:#1a9e1a\"></span>0%<span style=\"background:#2060d0\"></span>&lt;5%"
                + "<span style=\"background:#e08000\"></span>&lt;20%<span style=\"background:#d00000\"></span>more;"
                + " red marks below: loss.</p>");
        b.append("<form><input name=\"q\" placeholder=\"filter targets\" value=\"")
                .append(esc(filter))
                .append("\"> <button>Filter</button></form>");
        b.append("<table><thead><tr><th>Target</th><th>Probe</th><th>Family</th><th>Address</th><th>State</th>")
                .append("<th>Last hour</th><th>Loss</th><th>Median</th><th>Last error</th></tr></thead><tbody>");
        for (Row r : shown) {
            String stateClass = r.state().replace(' ', '-');
            b.append("<tr><td>")
                    .append(esc(r.target()))
                    .append("</td><td>")
                    .append(esc(r.probe()))
                    .append("</td><td>")
                    .append(esc(r.family()))
                    .append("</td><td>")
                    .append(esc(r.ip()))
                    .append("</td><td class=\"")
                    .append(stateClass)
                    .append("\">")
                    .append(esc(r.state()))
                    .append("</td><td>")
                    .append(r.graph())
                    .append("</td><td>")
                    .append(r.hourLoss() < 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * r.hourLoss()))
                    .append("</td><td>")
                    .append(Double.isNaN(r.medianSeconds()) ? "" : SmokeGraph.seconds(r.medianSeconds()))
                    .append("</td><td class=\"err\">")
                    .append(esc(r.lastError()))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (pages > 1) {
            b.append("<p>Page ").append(page).append(" of ").append(pages);
            if (page > 1) {
                b.append(" &middot; <a href=\"?q=")
                        .append(esc(urlEncode(filter)))
                        .append("&amp;page=")
                        .append(page - 1)
                        .append("\">previous</a>");
            }
            if (page < pages) {
                b.append(" &middot; <a href=\"?q=")
                        .append(esc(urlEncode(filter)))
                        .append("&amp;page=")
                        .append(page + 1)
                        .append("\">next</a>");
            }
            b.append("</p>");
        }
        return b.append("</body></html>").toString();
    }

    private static String state(byte state) {
        return switch (state) {
            case TargetTable.UP -> "up";
            case TargetTable.LOSS -> "loss";
            case TargetTable.ERROR -> "error";
            default -> "pending";
        };
    }

    private static String describe(Object error, long atMillis) {
        if (error == null) {
            return "";
        }
        String what = error instanceof Reply r
                ? r.description() + " from " + AddressText.of(r.source())
                : String.valueOf(error);
        return what + " at " + Instant.ofEpochMilli(atMillis).toString().replace('T', ' ');
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
