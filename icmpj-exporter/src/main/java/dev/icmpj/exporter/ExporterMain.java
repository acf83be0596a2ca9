package dev.icmpj.exporter;

import dev.icmpj.Pinger;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.security.Security;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code icmpj exporter}: starts the exporter and serves until killed. The {@code ./icmpj} launcher starts
 * this class for {@code exporter} (a JVM tuned for a long-running server, on its own class path), so the
 * other commands never load the Prometheus client.
 *
 * <p>Exit codes: 2 for a bad command line or config (one line on stderr naming the file, line, column and
 * field), 1 when the listen address is taken; otherwise it runs until SIGTERM or SIGINT.
 */
public final class ExporterMain {
    private ExporterMain() {}

    /**
     * Runs the exporter.
     *
     * @param args the arguments after {@code exporter}
     */
    public static void main(String[] args) {
        // the JVM caches lookups for 30 s by default; the exporter keeps its own schedule of re-lookups
        if (Security.getProperty("networkaddress.cache.ttl") == null
                && System.getProperty("sun.net.inetaddr.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", "0");
            Security.setProperty("networkaddress.cache.negative.ttl", "0");
        }
        Running running;
        try {
            running = start(args, System.out, System.err, null);
        } catch (UsageException e) {
            System.exit(e.exitCode);
            return;
        }
        if (running == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }));
        onSighup(running::reload);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A command line that cannot run, already reported on stderr. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        UsageException(int exitCode) {
            super("exit " + exitCode);
            this.exitCode = exitCode;
        }
    }

    /**
     * Starts the exporter as the command line says: for {@code main}, and for tests (with another engine).
     *
     * @param args the arguments after {@code exporter}
     * @param out where {@code --help} and {@code --version} go
     * @param err where log lines and errors go
     * @param engine the probe engine, or null for a new {@link Pinger}'s
     * @return the running exporter, or null after {@code --help} or {@code --version}
     * @throws UsageException after reporting a bad command line, config or listen address on {@code err}
     */
    static Running start(String[] args, PrintStream out, PrintStream err, ProbeEngine engine) throws UsageException {
        ExporterFlags flags;
        try {
            flags = ExporterFlags.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("icmpj exporter: " + e.getMessage());
            throw new UsageException(2);
        }
        if (flags.help()) {
            out.print(ExporterFlags.USAGE);
            return null;
        }
        if (flags.version()) {
            out.println("icmpj exporter " + version());
            return null;
        }
        Exporter.ConfigSource source = flags.configFile().isPresent()
                ? () -> ConfigParser.read(flags.configFile().get())
                : flags::quickConfig;
        ExporterConfig config;
        try {
            config = source.read();
        } catch (ConfigException e) {
            err.println("icmpj exporter: " + e.getMessage());
            throw new UsageException(2);
        }
        ExporterLog log = ExporterLog.to(err, flags.debug());
        ProbeEngine probes = engine != null ? engine : ProbeEngine.of(Pinger.create());
        Exporter exporter =
                new Exporter(probes, NameResolver.SYSTEM, ExporterClock.SYSTEM, log, ControlScheduler.threaded(log));
        try {
            exporter.apply(config).join();
        } catch (RuntimeException e) {
            err.println("icmpj exporter: " + e.getCause());
            exporter.close();
            probes.close();
            throw new UsageException(2);
        }
        String version = version();
        ExporterMetrics metrics = new ExporterMetrics(exporter, version);
        LandingPage page = new LandingPage(exporter, flags.telemetryPath(), version);
        Running running = new Running(exporter, probes, source, log);
        try {
            running.server = new WebServer(
                    flags.listen(),
                    new WebServer.Routes(
                            flags.telemetryPath(), metrics::write, exporter::ready, running::reloadOutcome, page));
        } catch (IOException e) {
            err.println(
                    "icmpj exporter: cannot listen on " + WebServer.hostPort(flags.listen()) + ": " + e.getMessage());
            exporter.close();
            probes.close();
            throw new UsageException(1);
        }
        log.info(
                "listening",
                "address",
                WebServer.hostPort(running.server.address()),
                "targets",
                config.probes().stream().mapToInt(p -> p.targets().size()).sum(),
                "version",
                version);
        return running;
    }

    /** A running exporter: its server, its probing, and reloads. Thread-safe. */
    static final class Running implements AutoCloseable {
        final Exporter exporter;
        private final ProbeEngine engine;
        private final Exporter.ConfigSource source;
        private final ExporterLog log;
        WebServer server;

        Running(Exporter exporter, ProbeEngine engine, Exporter.ConfigSource source, ExporterLog log) {
            this.exporter = exporter;
            this.engine = engine;
            this.source = source;
            this.log = log;
        }

        /** Where the server listens. */
        InetSocketAddress address() {
            return server.address();
        }

        /** Reloads the config (SIGHUP, {@code /-/reload}). */
        boolean reload() {
            try {
                return exporter.reload(source).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.error("reload failed", "err", e);
                return false;
            }
        }

        WebServer.ReloadOutcome reloadOutcome() {
            boolean ok = reload();
            return new WebServer.ReloadOutcome(ok, ok ? "" : exporter.lastReloadError());
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
            exporter.close();
            engine.close();
        }
    }

    static String version() {
        try (InputStream in = ExporterMain.class.getResourceAsStream("/exporter-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Runs a task on SIGHUP, through {@code sun.misc.Signal} (jdk.unsupported), looked up reflectively so that
     * the build's -Werror does not stop at its "internal proprietary API" warning.
     */
    static void onSighup(Runnable task) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            InvocationHandler call = (Object proxy, Method method, Object[] a) -> {
                if (method.getName().equals("handle")) {
                    Thread.ofVirtual().name("icmpj-sighup").start(task);
                }
                return null;
            };
            Object proxy = Proxy.newProxyInstance(ExporterMain.class.getClassLoader(), new Class<?>[] {handler}, call);
            signal.getMethod("handle", signal, handler).invoke(null, hup, proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("icmpj exporter: SIGHUP will not reload (" + e + "); use POST /-/reload");
        }
    }
}
