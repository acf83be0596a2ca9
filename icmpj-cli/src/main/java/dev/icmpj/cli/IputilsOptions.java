package dev.icmpj.cli;

import dev.icmpj.PingOptions;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.PathMtuDiscovery;
import dev.icmpj.socket.RttClock;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;

/**
 * iputils ping's options as {@code icmpj ping} takes them (declared on the command by {@link #declareOn}),
 * its rules for users other than root, and the library's {@link PingOptions} they make.
 *
 * <p>Not thread-safe: filled by picocli while parsing, then read by the command.
 */
final class IputilsOptions {
    /** iputils' wait for a reply when nothing was received (its MAXWAIT): also how long a late error counts. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    /** iputils' MINUSERINTERVAL: the shortest interval a user other than root may ask for. */
    static final Duration MIN_USER_INTERVAL = Duration.ofMillis(2);

    /** iputils' cap on {@code -l} for users other than root. */
    static final int MAX_USER_PRELOAD = 3;

    /** The largest {@code SO_SNDBUF} the library asks for; the kernel caps any request at wmem_max anyway. */
    static final int MAX_SEND_BUFFER = 1 << 30;

    Integer count;

    Duration interval;

    Duration timeout;

    Duration deadline;

    Integer payloadSize;

    Integer ttl;

    Integer trafficClass;

    Integer identifier;

    PingValues.EchoPattern pattern;

    PathMtuDiscovery pathMtuDiscovery;

    boolean broadcast;

    boolean quiet;

    boolean numeric;

    boolean timestamps;

    boolean reportOutstanding;

    boolean flood;

    boolean audible;

    boolean verbose;

    boolean adaptive;

    Integer preload;

    Long mark;

    Integer sendBuffer;

    boolean userLatency;

    /**
     * Declares the options on a command.
     *
     * @param command the command's declaration
     */
    void declareOn(SpecBuilder command) {
        command.option(
                        "-c",
                        "N",
                        Integer.class,
                        "Stop after N requests are answered (default: run until Ctrl-C or -w).",
                        () -> count,
                        v -> count = v)
                .option(
                        "-i",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds between requests, fractions allowed (default: 1; with -f: 0). Below 0.002 for"
                                + " root only, as iputils.",
                        () -> interval,
                        v -> interval = v)
                .option(
                        "-W",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Seconds to wait for each reply or error, fractions allowed (default: 10, iputils'"
                                + " wait); a later reply is counted as lost.",
                        () -> timeout,
                        v -> timeout = v)
                .option(
                        "-w",
                        "SEC",
                        Duration.class,
                        new SecondsConverter(),
                        "Deadline: stop after SEC seconds, however many requests were sent or answered; with -c,"
                                + " stop once -c requests are answered; an ICMP error also stops it, as in iputils.",
                        () -> deadline,
                        v -> deadline = v)
                .option(
                        "-s",
                        "BYTES",
                        Integer.class,
                        "Echo data bytes per request (default: 56).",
                        () -> payloadSize,
                        v -> payloadSize = v)
                .option(
                        "-t",
                        "TTL",
                        Integer.class,
                        "IP time to live / hop limit, 1..255 (default: 64).",
                        () -> ttl,
                        v -> ttl = v)
                .option(
                        "-Q",
                        "TOS",
                        Integer.class,
                        new PingValues.ByteConverter(),
                        "IP type of service / traffic class byte, 0..255, decimal or hex (0x10).",
                        () -> trafficClass,
                        v -> trafficClass = v)
                .option(
                        "-e",
                        "ID",
                        Integer.class,
                        "Echo identifier, 0..65535 (default: random on a raw socket, the kernel's on a ping socket).",
                        () -> identifier,
                        v -> identifier = v)
                .option(
                        "-p",
                        "PATTERN",
                        PingValues.EchoPattern.class,
                        new PingValues.PatternConverter(),
                        "Fill the echo data with up to 16 bytes given in hex, repeated (e.g. ff00).",
                        () -> pattern,
                        v -> pattern = v)
                .option(
                        "-M",
                        "do|dont|want",
                        PathMtuDiscovery.class,
                        new PingValues.MtuDiscoveryConverter(),
                        "Path MTU discovery: do (set don't-fragment, never fragment), dont (never set it),"
                                + " want (fragment locally when too large). Default: the kernel's.",
                        () -> pathMtuDiscovery,
                        v -> pathMtuDiscovery = v)
                .flag(
                        "-b",
                        "Allow pinging a broadcast address; every host's reply is printed, the first per request"
                                + " counted as received and the others as duplicates.",
                        () -> broadcast,
                        v -> broadcast = v)
                .flag("-q", "Quiet: print only the header and the statistics.", () -> quiet, v -> quiet = v)
                .flag("-n", "Numeric output: no reverse lookup of reply sources.", () -> numeric, v -> numeric = v)
                .flag(
                        "-D",
                        "Print the time (seconds.microseconds since the epoch) before each line.",
                        () -> timestamps,
                        v -> timestamps = v)
                .flag(
                        "-O",
                        "Report a request still unanswered when the next one is sent.",
                        () -> reportOutstanding,
                        v -> reportOutstanding = v)
                .flag(
                        "-f",
                        "Flood: send as fast as the replies allow (root only, unless -i gives 0.002 or more), print"
                                + " a dot per request and erase it per reply.",
                        () -> flood,
                        v -> flood = v)
                .flag("-a", "Audible: ring the terminal's bell at each reply.", () -> audible, v -> audible = v)
                .flag(
                        "-v",
                        "Verbose: the socket's kind and the echo identifier of each reply (ident=), and the"
                                + " further replies of a broadcast ping marked (DUP!).",
                        () -> verbose,
                        v -> verbose = v)
                .flag(
                        "-A",
                        "Adaptive: the interval follows the moving average of the round trip, so about -l requests"
                                + " (1) are unanswered at a time; for users no shorter than 2 ms, as iputils.",
                        () -> adaptive,
                        v -> adaptive = v)
                .option(
                        "-l",
                        "PRELOAD",
                        Integer.class,
                        "Send PRELOAD requests at once, then one per interval; in a flood or with -A, the most left"
                                + " unanswered. 1..65536; users at most 3, as iputils.",
                        () -> preload,
                        v -> preload = v)
                .option(
                        "-m",
                        "MARK",
                        Long.class,
                        "Firewall mark of the requests (SO_MARK), 0..4294967295; needs CAP_NET_ADMIN or CAP_NET_RAW,"
                                + " without them a warning and no mark, as iputils.",
                        () -> mark,
                        v -> mark = v)
                .option(
                        "-S",
                        "SNDBUF",
                        Integer.class,
                        "Socket send buffer (SO_SNDBUF) in bytes, 1..2147483647 (the kernel caps it at"
                                + " net.core.wmem_max).",
                        () -> sendBuffer,
                        v -> sendBuffer = v)
                .flag(
                        "-U",
                        "User-to-user latency: round trips timed in the program, without the kernel's timestamps.",
                        () -> userLatency,
                        v -> userLatency = v);
    }

    /**
     * iputils' rules for users other than root (20221126, {@code setup}): no interval under 2 ms, so no flood
     * without {@code -i 0.002} or more; the interval is read in whole milliseconds, as iputils reads it; a
     * preload of at most 3.
     *
     * @param root whether the user is root
     */
    void refuseForUsers(boolean root) {
        // iputils checks the range first (-l 70000 is out of range for everyone), then a user's cap
        if (!root && preload != null && preload > MAX_USER_PRELOAD && preload <= PingOptions.MAX_PRELOAD) {
            throw new IllegalArgumentException(
                    "cannot set preload to value greater than " + MAX_USER_PRELOAD + ": " + preload);
        }
        Duration every = effectiveInterval();
        // a negative interval is the options builder's to refuse, with its words
        if (!root && !every.isNegative() && every.toMillis() < MIN_USER_INTERVAL.toMillis()) {
            throw new IllegalArgumentException(
                    "cannot flood; minimal interval allowed for user is " + MIN_USER_INTERVAL.toMillis() + "ms");
        }
    }

    /** The interval in force: {@code -i}, else 0 for a flood, else iputils' 1 s. */
    Duration effectiveInterval() {
        if (interval != null) {
            return interval;
        }
        return flood ? Duration.ZERO : Duration.ofSeconds(1);
    }

    /**
     * Builds the library's options, each bad value reported with the option that gave it.
     *
     * @param address the address pinged: its family bounds {@code -s}
     * @param common {@code -4}/{@code -6}, the socket's privilege, {@code --json}
     * @param source {@code -I}
     * @param root whether the user is root: adaptive pacing keeps iputils' 2 ms for others
     * @return the options
     */
    PingOptions toPingOptions(InetAddress address, CommonOptions common, SourceOption source, boolean root) {
        PingOptions.Builder builder = PingOptions.builder().timeout(DEFAULT_WAIT);
        set("-4/-6", () -> builder.family(common.family()));
        set("--privileged/--unprivileged", () -> builder.privilege(common.privilege()));
        source.sourceAddress().ifPresent(a -> set("-I", () -> builder.sourceAddress(a)));
        source.interfaceName().ifPresent(name -> set("-I", () -> builder.interfaceName(name)));
        if (count != null && deadline == null) {
            set("-c", () -> builder.count(count));
        } else {
            if (count != null && count < 1) {
                set("-c", () -> builder.count(count));
            }
            // until Ctrl-C, or the deadline: with -w, -c counts answers, not requests
            builder.count(Integer.MAX_VALUE);
        }
        Duration every = effectiveInterval();
        set("-i", () -> builder.interval(every));
        if (every.isZero()) {
            // a socket and a loop of its own, as fast as the receive buffer allows
            builder.flood(true);
        }
        if (timeout != null) {
            set("-W", () -> builder.timeout(timeout));
        }
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("-w: the deadline is "
                    + BigDecimal.valueOf(deadline.toNanos(), 9)
                            .stripTrailingZeros()
                            .toPlainString()
                    + " s; it must be positive");
        }
        int size = payloadSize != null ? payloadSize : builder.build().payloadSize();
        Family family = Family.of(address);
        if (size < 0) {
            throw new IllegalArgumentException("-s: " + size + " data bytes; it must be 0 or more");
        }
        if (size > PingOptions.maxPayload(family)) {
            throw new IllegalArgumentException("-s: " + size + " data bytes is more than the largest " + family
                    + " echo payload, " + PingOptions.maxPayload(family) + " bytes");
        }
        if (payloadSize != null) {
            set("-s", () -> builder.payloadSize(payloadSize));
        }
        if (pattern != null) {
            byte[] payload = new byte[size];
            byte[] bytes = pattern.bytes();
            for (int i = 0; i < size; i++) {
                payload[i] = bytes[i % bytes.length];
            }
            set("-p", () -> builder.payload(payload));
        }
        if (ttl != null) {
            set("-t", () -> builder.ttl(ttl));
        }
        if (trafficClass != null) {
            set("-Q", () -> builder.trafficClass(trafficClass));
        }
        if (identifier != null) {
            set("-e", () -> builder.identifier(identifier));
        }
        if (pathMtuDiscovery != null) {
            builder.pathMtuDiscovery(pathMtuDiscovery);
        }
        builder.broadcast(broadcast);
        if (preload != null) {
            set("-l", () -> builder.preload(preload));
        }
        if (adaptive) {
            builder.adaptive(true);
            if (!root) {
                // iputils' update_interval: a user's adaptive interval never goes under MINUSERINTERVAL
                builder.minimumAdaptiveInterval(MIN_USER_INTERVAL);
            }
        }
        if (mark != null) {
            set("-m", () -> builder.mark(mark));
        }
        if (sendBuffer != null) {
            if (sendBuffer < 1) {
                throw new IllegalArgumentException(
                        "-S: sendBufferSize is " + sendBuffer + "; it must be between 1 and " + Integer.MAX_VALUE);
            }
            // iputils takes up to INT_MAX; the kernel grants at most net.core.wmem_max (SO_SNDBUF), far below
            set("-S", () -> builder.sendBufferSize(Math.min(sendBuffer, MAX_SEND_BUFFER)));
        }
        if (userLatency) {
            builder.rttClock(RttClock.MONOTONIC);
        }
        // the text summary is the CLI's own counting: the library keeps replies only for --json
        builder.keepReplies(common.json());
        PingOptions options = builder.build();
        return deadline == null ? options : withinDeadline(options);
    }

    /**
     * Sends no request at or after the {@code -w} deadline, as iputils does not ({@code -w 1 -i 0.25} sends
     * 4): one sent then could not be answered in time and would be counted lost.
     */
    private PingOptions withinDeadline(PingOptions options) {
        long intervalNanos = options.interval().toNanos();
        if (intervalNanos == 0) {
            return options;
        }
        long before = (deadline.toNanos() + intervalNanos - 1) / intervalNanos;
        return before >= options.count()
                ? options
                : options.toBuilder().count((int) before).build();
    }

    private static void set(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
