package dev.icmpj.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Plain HTTP for the tests: one request, the whole answer. Opens its socket in the calling thread. */
final class Http {
    record Response(int status, String contentType, String contentEncoding, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Http() {}

    static Response get(String url, Map<String, String> headers) throws IOException {
        return request("GET", url, headers);
    }

    static Response get(String url) throws IOException {
        return request("GET", url, Map.of());
    }

    static Response request(String method, String url, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(20_000);
        headers.forEach(c::setRequestProperty);
        if (method.equals("POST") || method.equals("PUT")) {
            c.setDoOutput(true);
            c.getOutputStream().close();
        }
        int status = c.getResponseCode();
        byte[] body;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        c.disconnect();
        return new Response(status, c.getContentType(), c.getContentEncoding(), body);
    }
}
