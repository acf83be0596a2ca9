package dev.icmpj.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.icmpj.packet.AddressText;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The exporter's HTTP endpoints, on the JDK's HTTP server: the telemetry path ({@code /metrics}: Prometheus
 * text, OpenMetrics or protobuf as the scraper's Accept header asks, gzipped when it accepts that, streamed
 * rather than buffered whole), {@code /-/healthy}, {@code /-/ready}, {@code /-/reload} (POST or PUT, as
 * Prometheus) and the landing page at {@code /}.
 *
 * <p>Thread-safe; requests are served on virtual threads.
 */
final class WebServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ExpositionFormats formats = ExpositionFormats.init();

    /** Writes the metrics in a format. */
    @FunctionalInterface
    interface MetricsWriter {
        void write(ExpositionFormatWriter writer, OutputStream out, EscapingScheme escaping) throws IOException;
    }

    /** What the server serves. */
    record Routes(
            String telemetryPath,
            MetricsWriter metrics,
            BooleanSupplier ready,
            Supplier<ReloadOutcome> reload,
            LandingPage page) {}

    /** A reload's result: whether it worked and, when not, why. */
    record ReloadOutcome(boolean ok, String error) {}

    WebServer(InetSocketAddress address, Routes routes) throws IOException {
        server = HttpServer.create(address, 64);
        server.setExecutor(executor);
        server.createContext(routes.telemetryPath(), ex -> serve(ex, () -> metrics(ex, routes)));
        server.createContext("/-/healthy", ex -> serve(ex, () -> text(ex, 200, "Healthy.\n")));
        server.createContext(
                "/-/ready",
                ex -> serve(ex, () -> {
                    if (routes.ready().getAsBoolean()) {
                        text(ex, 200, "Ready.\n");
                    } else {
                        text(ex, 503, "Not ready: the first name lookups are under way.\n");
                    }
                }));
        server.createContext(
                "/-/reload",
                ex -> serve(ex, () -> {
                    String method = ex.getRequestMethod();
                    if (!method.equals("POST") && !method.equals("PUT")) {
                        ex.getResponseHeaders().set("Allow", "POST, PUT");
                        text(ex, 405, "Only POST or PUT requests allowed.\n");
                        return;
                    }
                    ReloadOutcome outcome = routes.reload().get();
                    if (outcome.ok()) {
                        text(ex, 200, "Reloaded.\n");
                    } else {
                        text(ex, 500, "failed to reload config: " + outcome.error() + "\n");
                    }
                }));
        server.createContext(
                "/",
                ex -> serve(ex, () -> {
                    String path = ex.getRequestURI().getPath();
                    if (!path.equals("/")) {
                        text(ex, 404, "404 page not found\n");
                        return;
                    }
                    byte[] page = routes.page()
                            .render(ex.getRequestURI().getRawQuery())
                            .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    ex.sendResponseHeaders(200, page.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(page);
                    }
                }));
        server.start();
    }

    /** The port and address the server listens on. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Returns an address as a user writes it, {@code 127.0.0.1:9605} or {@code [::1]:9605}, where
     * {@link InetSocketAddress#toString()} writes {@code /127.0.0.1:9605} or {@code localhost/127.0.0.1:9605}; a
     * resolved address is shown by its address, in its shortest form.
     *
     * @param address the address
     * @return HOST:PORT
     */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : AddressText.of(address.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private interface Handler {
        void handle() throws IOException;
    }

    private static void serve(HttpExchange ex, Handler handler) {
        try (ex) {
            handler.handle();
        } catch (IOException | RuntimeException e) {
            // the client went away mid-response, or a bug: the exchange is closed either way
        }
    }

    private void metrics(HttpExchange ex, Routes routes) throws IOException {
        if (!ex.getRequestURI().getPath().equals(routes.telemetryPath())) {
            text(ex, 404, "404 page not found\n");
            return;
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        ExpositionFormatWriter writer = formats.findWriter(accept);
        EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
        ex.getResponseHeaders().set("Content-Type", writer.getContentType());
        String encodings =
                String.join(",", ex.getRequestHeaders().getOrDefault("Accept-Encoding", java.util.List.of()));
        boolean gzip = java.util.Arrays.stream(encodings.split(","))
                .anyMatch(e -> e.strip().equalsIgnoreCase("gzip"));
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, 0);
        OutputStream body = new BufferedOutputStream(ex.getResponseBody(), 1 << 16);
        if (gzip) {
            body = new GZIPOutputStream(body, 1 << 16);
        }
        try (OutputStream out = body) {
            routes.metrics().write(writer, out, escaping);
        }
    }

    private static void text(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
