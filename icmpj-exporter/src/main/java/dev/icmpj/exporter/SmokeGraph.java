package dev.icmpj.exporter;

import java.util.Locale;

/**
 * Draws one target's last hour as an SVG smoke graph, smokeping's way: per minute, the spread of the round
 * trips as shades of grey (min to max, 10% to 90%, 25% to 75%, darker inward) and the median as a line whose
 * colour tells that minute's loss (green none, blue under 5%, orange under 20%, red more); a minute with loss
 * has a red mark under the axis as tall as its loss, and a minute with no reply at all a pale red column.
 *
 * <p>Stateless and thread-safe.
 */
final class SmokeGraph {
    static final int WIDTH = 372;
    static final int HEIGHT = 108;
    private static final int LEFT = 48;
    private static final int TOP = 6;
    private static final int PLOT_HEIGHT = 72;
    private static final int STEP = 5;

    private SmokeGraph() {}

    /**
     * The graph.
     *
     * @param minutes the hour's minutes, oldest first ({@link SmokeHistory#hour})
     * @param nowMillis the wall clock, for the x axis
     * @return an {@code <svg>} element
     */
    static String svg(SmokeHistory.Minute[] minutes, long nowMillis) {
        long now = nowMillis / 60_000;
        double top = 0;
        for (SmokeHistory.Minute m : minutes) {
            double p90 = m.quantileSeconds()[5];
            if (!Double.isNaN(p90)) {
                top = Math.max(top, p90);
            }
        }
        top = niceCeiling(top == 0 ? 0.001 : top * 1.15);
        StringBuilder b = new StringBuilder(4096);
        b.append("<svg class=\"smoke\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\">");
        int plotWidth = SmokeHistory.MINUTES * STEP;
        b.append("<rect x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(TOP)
                .append("\" width=\"")
                .append(plotWidth)
                .append("\" height=\"")
                .append(PLOT_HEIGHT)
                .append("\" fill=\"#fcfcfc\" stroke=\"#bbb\"/>");
        for (int g = 1; g < 4; g++) {
            int y = TOP + PLOT_HEIGHT - g * PLOT_HEIGHT / 4;
            b.append("<line x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(LEFT + plotWidth)
                    .append("\" y1=\"")
                    .append(y)
                    .append("\" y2=\"")
                    .append(y)
                    .append("\" stroke=\"#eee\"/>");
        }
        for (SmokeHistory.Minute m : minutes) {
            int x = LEFT + (int) (SmokeHistory.MINUTES - 1 - (now - m.minute())) * STEP;
            if (x < LEFT) {
                continue;
            }
            double[] q = m.quantileSeconds();
            double loss = m.decided() == 0 ? 0 : (double) m.lost() / m.decided();
            if (Double.isNaN(q[3])) {
                rect(b, x, TOP, STEP, PLOT_HEIGHT, "#f4b6b6", 1);
            } else {
                band(b, x, q[0], q[6], top, "#999", 0.25);
                band(b, x, q[1], q[5], top, "#777", 0.35);
                band(b, x, q[2], q[4], top, "#555", 0.45);
                int y = y(q[3], top);
                b.append("<rect class=\"median\" x=\"")
                        .append(x)
                        .append("\" y=\"")
                        .append(y - 1)
                        .append("\" width=\"")
                        .append(STEP)
                        .append("\" height=\"2\" fill=\"")
                        .append(lossColour(loss))
                        .append("\"/>");
            }
            if (m.lost() > 0) {
                int h = Math.max(1, (int) Math.round(loss * 12));
                rect(b, x, TOP + PLOT_HEIGHT + 1, STEP, h, "#d00", 1);
            }
        }
        text(b, LEFT - 4, TOP + 8, "end", seconds(top));
        text(b, LEFT - 4, TOP + PLOT_HEIGHT / 2 + 4, "end", seconds(top / 2));
        text(b, LEFT - 4, TOP + PLOT_HEIGHT, "end", "0");
        text(b, LEFT, HEIGHT - 1, "start", "-60m");
        text(b, LEFT + plotWidth, HEIGHT - 1, "end", "now");
        return b.append("</svg>").toString();
    }

    private static void band(
            StringBuilder b, int x, double low, double high, double top, String colour, double opacity) {
        int y1 = y(high, top);
        int y2 = y(low, top);
        rect(b, x, y1, STEP, Math.max(1, y2 - y1), colour, opacity);
    }

    private static void rect(StringBuilder b, int x, int y, int w, int h, String colour, double opacity) {
        b.append("<rect x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" fill=\"")
                .append(colour)
                .append('"');
        if (opacity < 1) {
            b.append(" fill-opacity=\"").append(opacity).append('"');
        }
        b.append("/>");
    }

    private static void text(StringBuilder b, int x, int y, String anchor, String text) {
        b.append("<text x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\" font-size=\"9\" font-family=\"sans-serif\" fill=\"#555\">")
                .append(text)
                .append("</text>");
    }

    private static int y(double seconds, double top) {
        double f = Math.min(1, seconds / top);
        return TOP + (int) Math.round(PLOT_HEIGHT * (1 - f));
    }

    static String lossColour(double loss) {
        if (loss <= 0) {
            return "#1a9e1a";
        }
        if (loss < 0.05) {
            return "#2060d0";
        }
        if (loss < 0.20) {
            return "#e08000";
        }
        return "#d00000";
    }

    /** The smallest of 1, 2, 5 times a power of ten at or above a value. */
    static double niceCeiling(double value) {
        double p = Math.pow(10, Math.floor(Math.log10(value)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= value * 0.999999) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** Seconds as people read them: {@code 250µs}, {@code 1.5ms}, {@code 2s}. */
    static String seconds(double s) {
        if (s < 1e-3) {
            return trim(s * 1e6) + "µs";
        }
        if (s < 1) {
            return trim(s * 1e3) + "ms";
        }
        return trim(s) + "s";
    }

    private static String trim(double v) {
        String t = String.format(Locale.ROOT, "%.2f", v);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
