package dev.icmpj.exporter;

import dev.icmpj.NameLookupException;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An exporter on the fake engine, a hand-run control thread and clock, and names the test sets: what the
 * exporter's unit tests drive. Names not set fail to resolve.
 */
final class Rig implements AutoCloseable {
    /** 2026-12-07 10:00:00 UTC, a whole hour. */
    static final long START = 1_796_637_600_000L;

    final ManualControl control = new ManualControl(START);
    final FakeProbeEngine engine = new FakeProbeEngine();
    final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final Exporter exporter;
    final ExporterMetrics metrics;

    Rig() {
        NameResolver resolver = host -> {
            List<InetAddress> found = names.get(host);
            if (found == null || found.isEmpty()) {
                throw new NameLookupException(host, "cannot resolve " + host + ": Name or service not known", null);
            }
            return found;
        };
        exporter = new Exporter(engine, resolver, control, new ExporterLog(log::add, true), control);
        metrics = new ExporterMetrics(exporter, "test");
    }

    /** Applies a config given as YAML and runs the control thread's work. */
    Rig apply(String yaml) throws ConfigException {
        ExporterConfig config = ConfigParser.parse("test.yml", yaml);
        exporter.apply(config);
        control.runDue();
        return this;
    }

    /** Reloads with a config given as YAML (which may be broken) and returns whether it took. */
    boolean reload(String yaml) {
        var done = exporter.reload(() -> ConfigParser.parse("test.yml", yaml));
        control.runDue();
        return done.join();
    }

    static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    /** The current exposition, in the Prometheus text format. */
    Exposition scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, metrics.collect());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Exposition(out.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        exporter.close();
    }
}
