package dev.icmpj.exporter;

import dev.icmpj.lab.LabNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PromQL through a Prometheus server's HTTP API, from inside a lab node (the server listens on its loopback). */
final class PromQl {
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]+)\"]");

    private final LabNode node;
    private final int port;

    PromQl(LabNode node, int port) {
        this.node = node;
        this.port = port;
    }

    /** The raw JSON answer of an instant query. */
    String query(String promql) throws Exception {
        return node.call(() -> get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    }

    /** The single value of an instant query; fails when it returns none or several. */
    double value(String promql) throws Exception {
        String json = query(promql);
        Matcher m = VALUE.matcher(json);
        if (!m.find()) {
            throw new AssertionError("no value for " + promql + ": " + json);
        }
        double v = Double.parseDouble(m.group(1));
        if (m.find()) {
            throw new AssertionError("several values for " + promql + ": " + json);
        }
        return v;
    }

    /** Whether an instant query returns any series. */
    boolean any(String promql) throws Exception {
        return VALUE.matcher(query(promql)).find();
    }

    /** Whether the server answers its readiness check. */
    boolean ready() throws Exception {
        try {
            node.call(() -> get("/-/ready"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(20_000);
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IOException(status + " for " + path + ": " + body);
            }
            return body;
        }
    }
}
