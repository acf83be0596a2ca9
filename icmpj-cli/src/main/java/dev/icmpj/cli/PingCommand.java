package dev.icmpj.cli;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.socket.IcmpLibException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code icmpj ping}: pings one host and prints what iputils {@code ping} prints, or with {@code --json}
 * the result as one JSON object ({@code Host.toMap()}).
 *
 * <p>Exit code 0 when at least one echo reply came back, 1 when none did; errors are reported by
 * {@link FailureReporter} with exit code 2.
 *
 * <p>Not thread-safe: one instance runs one command line.
 */
@Command(
        name = "ping",
        mixinStandardHelpOptions = true,
        separator = " ",
        description = {
            "Send ICMP echo requests to HOST and report the replies, like iputils ping. Ctrl-C prints the"
                    + " statistics so far (of the requests decided by then) and exits.",
            "icmp_seq is the echo sequence number on the wire; times are rounded as iputils rounds them,"
                    + " and mdev is, as in iputils, the population standard deviation of the RTTs.",
            "--json prints the unrounded result instead: address, packets_sent, packets_received, packet_loss,"
                    + " min_rtt, avg_rtt, max_rtt, median_rtt, stddev (sample), jitter, rtts, duplicates,"
                    + " errors, is_alive, ttl, hops, os_guess (RTTs in ms, unknown values null)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:at least one reply", "1:no reply", "2:error (usage, name lookup, permission, ...)"})
public final class PingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Option(names = "-c", paramLabel = "N", description = "Send N requests (default: 4).")
    private Integer count;

    @Option(
            names = "-i",
            paramLabel = "SEC",
            converter = SecondsConverter.class,
            description = "Seconds between requests, fractions allowed (default: 1).")
    private Duration interval;

    @Option(
            names = "-W",
            paramLabel = "SEC",
            converter = SecondsConverter.class,
            description = "Seconds to wait for each reply, fractions allowed (default: 2).")
    private Duration timeout;

    @Option(names = "-s", paramLabel = "BYTES", description = "Echo data bytes per request (default: 56).")
    private Integer payloadSize;

    @Option(names = "-t", paramLabel = "TTL", description = "IP time to live / hop limit, 1..255 (default: 64).")
    private Integer ttl;

    @Option(names = "-Q", paramLabel = "TOS", description = "IP type of service / traffic class byte, 0..255.")
    private Integer trafficClass;

    @Parameters(paramLabel = "HOST", description = "Host name or IP address to ping.")
    private String target;

    /** Creates the command; picocli fills its fields. */
    public PingCommand() {}

    @Override
    public Integer call() throws IcmpLibException {
        PingOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        try (Pinger pinger = Pinger.create()) {
            if (common.json()) {
                Host host = pinger.ping(target, options, PingListener.NONE);
                out.println(Json.write(host.toMap()));
                out.flush();
                return exitCode(host);
            }
            PingPrinter printer = new PingPrinter(out, target);
            Thread onInterrupt = Thread.ofPlatform()
                    .name("icmpj-interrupt")
                    .unstarted(() -> printer.interrupt()
                            .ifPresent(code -> Runtime.getRuntime().halt(code)));
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            Host host;
            try {
                host = pinger.ping(target, options, printer);
            } finally {
                removeShutdownHook(onInterrupt);
            }
            printer.finish(host);
            return exitCode(host);
        }
    }

    /** Unregisters the interrupt hook; once the JVM is shutting down, the hook has already run. */
    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook printed the statistics so far and ends the process
        }
    }

    private static int exitCode(Host host) {
        return host.isAlive() ? 0 : 1;
    }

    /** Builds the options, each bad value reported with the option that gave it. */
    private PingOptions options() {
        PingOptions.Builder builder = PingOptions.builder();
        set("-4/-6", () -> builder.family(common.family()));
        set("--privileged/--unprivileged", () -> builder.privilege(common.privilege()));
        common.sourceAddress().ifPresent(address -> set("-I", () -> builder.sourceAddress(address)));
        common.interfaceName().ifPresent(name -> set("-I", () -> builder.interfaceName(name)));
        if (count != null) {
            set("-c", () -> builder.count(count));
        }
        if (interval != null) {
            set("-i", () -> builder.interval(interval));
        }
        if (timeout != null) {
            set("-W", () -> builder.timeout(timeout));
        }
        if (payloadSize != null) {
            set("-s", () -> builder.payloadSize(payloadSize));
        }
        if (ttl != null) {
            set("-t", () -> builder.ttl(ttl));
        }
        if (trafficClass != null) {
            set("-Q", () -> builder.trafficClass(trafficClass));
        }
        return builder.build();
    }

    private static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
