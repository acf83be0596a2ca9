package dev.icmpj.lab;

import dev.icmpj.packet.AddressText;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TunPeer} does with one echo request. Built by the static factories; {@link #after(Duration)}
 * delays whatever the action sends, and the error actions take {@link #quotingGarbage()},
 * {@link #quotingOtherProbe()} and {@link #withMplsLabels(List)}. ICMP errors are described independently of
 * the IP version and sent as ICMPv4 or ICMPv6 to match the probe.
 *
 * <pre>{@code
 * PeerAction.reply().after(Duration.ofMillis(20));           // a reply 20 ms late
 * PeerAction.timeExceeded(0).withMplsLabels(List.of(16, 17)); // RFC 4950 label stack
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PeerAction {
    /** What the action sends. */
    enum Kind {
        REPLY,
        DROP,
        DUPLICATE,
        REORDER,
        CORRUPT_CHECKSUM,
        TRUNCATE,
        WRONG_IDENTIFIER,
        WRONG_SEQUENCE,
        SPOOF_SOURCE,
        CHANGE_PAYLOAD,
        UNREACHABLE,
        TIME_EXCEEDED,
        PACKET_TOO_BIG,
        PARAMETER_PROBLEM,
        FLOOD
    }

    /** What an ICMP error quotes. */
    enum Quote {
        PROBE,
        GARBAGE,
        OTHER_PROBE
    }

    private final Kind kind;
    private final int amount;
    private final int code;
    private final InetAddress source;
    private final Duration delay;
    private final Quote quote;
    private final List<Integer> mplsLabels;
    /** Where an ICMP error comes from: the probe's destination when empty, else one of these by flow. */
    private final List<InetAddress> errorSources;

    private PeerAction(
            Kind kind,
            int amount,
            int code,
            InetAddress source,
            Duration delay,
            Quote quote,
            List<Integer> mplsLabels,
            List<InetAddress> errorSources) {
        this.errorSources = errorSources;
        this.kind = kind;
        this.amount = amount;
        this.code = code;
        this.source = source;
        this.delay = delay;
        this.quote = quote;
        this.mplsLabels = mplsLabels;
    }

    private static PeerAction of(Kind kind, int amount, int code) {
        return new PeerAction(kind, amount, code, null, Duration.ZERO, Quote.PROBE, List.of(), List.of());
    }

    /** An echo reply, as the probe's destination would send it. */
    public static PeerAction reply() {
        return of(Kind.REPLY, 0, 0);
    }

    /** A reply after a delay; same as {@code reply().after(delay)}. */
    public static PeerAction delay(Duration delay) {
        return reply().after(delay);
    }

    /** Nothing. */
    public static PeerAction drop() {
        return of(Kind.DROP, 0, 0);
    }

    /**
     * The reply, then {@code copies} identical copies of it, back to back.
     *
     * @param copies 1..100 duplicates
     * @return the action
     */
    public static PeerAction duplicate(int copies) {
        return of(Kind.DUPLICATE, check("copies", copies, 1, 100), 0);
    }

    /**
     * The reply held back and sent right after the next reply the peer sends, or after {@code maxHold} when
     * no other reply comes first.
     *
     * @param maxHold how long to hold it at most
     * @return the action
     */
    public static PeerAction reorder(Duration maxHold) {
        return reply().withDelay(Kind.REORDER, maxHold);
    }

    /** The reply with a wrong ICMP checksum (the low byte flipped). */
    public static PeerAction corruptChecksum() {
        return of(Kind.CORRUPT_CHECKSUM, 0, 0);
    }

    /**
     * The reply cut to its first {@code icmpBytes} bytes of ICMP, with IP length and ICMP checksum made to
     * match what is left.
     *
     * @param icmpBytes 4..65535
     * @return the action
     */
    public static PeerAction truncate(int icmpBytes) {
        return of(Kind.TRUNCATE, check("icmpBytes", icmpBytes, 4, 65535), 0);
    }

    /** The reply with another identifier (the probe's plus one). */
    public static PeerAction wrongIdentifier() {
        return of(Kind.WRONG_IDENTIFIER, 0, 0);
    }

    /** The reply with another sequence number (the probe's plus 32768). */
    public static PeerAction wrongSequence() {
        return of(Kind.WRONG_SEQUENCE, 0, 0);
    }

    /**
     * The reply from another source address, of the probe's family, in 198.18.0.0/15 or fd00::/8.
     *
     * @param source the address the reply claims to come from
     * @return the action
     */
    public static PeerAction spoofSource(InetAddress source) {
        if (!inLab(source)) {
            throw new IllegalArgumentException("source must be in 198.18.0.0/15 or fd00::/8: " + source);
        }
        return new PeerAction(Kind.SPOOF_SOURCE, 0, 0, source, Duration.ZERO, Quote.PROBE, List.of(), List.of());
    }

    /**
     * The reply with the last payload byte inverted (checksum valid): a difference only a check of the whole
     * payload finds. Without payload, the last byte of the sequence number is inverted.
     */
    public static PeerAction changePayload() {
        return of(Kind.CHANGE_PAYLOAD, 0, 0);
    }

    /**
     * A destination unreachable (ICMPv4 type 3, ICMPv6 type 1) quoting the probe, from the probe's destination.
     *
     * @param code 0..255 (ICMPv4 0..15 and ICMPv6 0..8 are defined)
     * @return the action
     */
    public static PeerAction unreachable(int code) {
        return of(Kind.UNREACHABLE, 0, check("code", code, 0, 255));
    }

    /**
     * A time exceeded (ICMPv4 type 11, ICMPv6 type 3) quoting the probe.
     *
     * @param code 0 (TTL / hop limit exceeded in transit) or 1 (reassembly)
     * @return the action
     */
    public static PeerAction timeExceeded(int code) {
        return of(Kind.TIME_EXCEEDED, 0, check("code", code, 0, 255));
    }

    /**
     * A packet too big quoting the probe: ICMPv6 type 2, or ICMPv4 type 3 code 4 (fragmentation needed)
     * with the next-hop MTU.
     *
     * @param mtu 0..65535
     * @return the action
     */
    public static PeerAction packetTooBig(int mtu) {
        return of(Kind.PACKET_TOO_BIG, check("mtu", mtu, 0, 65535), 0);
    }

    /**
     * A parameter problem (ICMPv4 type 12, ICMPv6 type 4) quoting the probe.
     *
     * @param code the code
     * @param pointer the offending octet: 0..255 for ICMPv4, 32 bits for ICMPv6
     * @return the action
     */
    public static PeerAction parameterProblem(int code, int pointer) {
        return of(Kind.PARAMETER_PROBLEM, pointer, check("code", code, 0, 255));
    }

    /**
     * {@code count} echo replies that belong to no probe (identifier inverted, sequences 0..count-1), then the
     * reply.
     *
     * @param count 1..10,000
     * @return the action
     */
    public static PeerAction flood(int count) {
        return of(Kind.FLOOD, check("count", count, 1, 10_000), 0);
    }

    /**
     * This action, with everything it sends delayed.
     *
     * @param delay 0..60 s
     * @return a new action
     */
    public PeerAction after(Duration delay) {
        return withDelay(kind, delay);
    }

    private PeerAction withDelay(Kind newKind, Duration newDelay) {
        if (newDelay.isNegative() || newDelay.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("delay must be in 0..60 s: " + newDelay);
        }
        return new PeerAction(newKind, amount, code, source, newDelay, quote, mplsLabels, errorSources);
    }

    /**
     * This ICMP error sent from a router's address, as a router on the path sends its Time Exceeded.
     *
     * @param router an address of the probe's family, in 198.18.0.0/15 or fd00::/8
     * @return a new action
     */
    public PeerAction from(InetAddress router) {
        return fromByFlow(List.of(router));
    }

    /**
     * This ICMP error sent from one of several routers chosen by the probe's flow, as a per-flow load
     * balancer spreads flows over equal-cost paths. The flow is the probe's ICMP type, code, checksum and
     * identifier (its first 6 bytes, not the sequence). The peer gives the first flow it sees the first router,
     * each new flow the next one in turn, and a flow seen before the router it had: probes whose checksums
     * differ take every path, Paris-style probes, whose checksum is kept constant, one.
     *
     * @param routers addresses of the probe's family, in 198.18.0.0/15 or fd00::/8
     * @return a new action
     */
    public PeerAction fromByFlow(List<InetAddress> routers) {
        requireError();
        if (routers.isEmpty()) {
            throw new IllegalArgumentException("no router");
        }
        for (InetAddress router : routers) {
            if (!inLab(router)) {
                throw new IllegalArgumentException("router must be in 198.18.0.0/15 or fd00::/8: " + router);
            }
        }
        return new PeerAction(kind, amount, code, source, delay, quote, mplsLabels, List.copyOf(routers));
    }

    /** The routers this ICMP error comes from by flow; empty when it comes from the probe's destination. */
    List<InetAddress> errorSources() {
        return errorSources;
    }

    /** This ICMP error quoting 64 bytes of garbage (seeded with the sequence number) instead of the probe, without extension. */
    public PeerAction quotingGarbage() {
        return withQuote(Quote.GARBAGE);
    }

    /** This ICMP error quoting someone else's probe: the probe with its identifier plus one. */
    public PeerAction quotingOtherProbe() {
        return withQuote(Quote.OTHER_PROBE);
    }

    private PeerAction withQuote(Quote newQuote) {
        requireError();
        if (newQuote == Quote.GARBAGE && !mplsLabels.isEmpty()) {
            throw new IllegalStateException("an error quoting garbage carries no MPLS extension");
        }
        return new PeerAction(kind, amount, code, source, delay, newQuote, mplsLabels, errorSources);
    }

    /**
     * This time exceeded or unreachable with an RFC 4884 extension holding an RFC 4950 MPLS label stack
     * (traffic class 0, TTL 1, bottom of stack on the last label); the quote is zero-padded to at least 128
     * bytes.
     *
     * @param labels 20-bit label values, top of the stack first
     * @return a new action
     */
    public PeerAction withMplsLabels(List<Integer> labels) {
        if (kind != Kind.TIME_EXCEEDED && kind != Kind.UNREACHABLE) {
            throw new IllegalStateException("MPLS labels go on time exceeded or unreachable, not " + kind);
        }
        if (quote == Quote.GARBAGE) {
            throw new IllegalStateException("an error quoting garbage carries no MPLS extension");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("at least one label");
        }
        labels.forEach(l -> check("label", l, 0, (1 << 20) - 1));
        return new PeerAction(kind, amount, code, source, delay, quote, List.copyOf(labels), errorSources);
    }

    private void requireError() {
        if (!isError()) {
            throw new IllegalStateException(kind + " is not an ICMP error");
        }
    }

    boolean isError() {
        return kind == Kind.UNREACHABLE
                || kind == Kind.TIME_EXCEEDED
                || kind == Kind.PACKET_TOO_BIG
                || kind == Kind.PARAMETER_PROBLEM;
    }

    Kind kind() {
        return kind;
    }

    int amount() {
        return amount;
    }

    int code() {
        return code;
    }

    InetAddress source() {
        return source;
    }

    /** How long after the probe arrived the action sends (for a reorder, the longest hold). */
    public Duration delayTime() {
        return delay;
    }

    Quote quote() {
        return quote;
    }

    List<Integer> mplsLabels() {
        return mplsLabels;
    }

    private static int check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
        }
        return value;
    }

    private static boolean inLab(InetAddress address) {
        byte[] b = Objects.requireNonNull(address, "source").getAddress();
        return address instanceof Inet4Address ? (b[0] & 0xff) == 198 && (b[1] & 0xfe) == 18 : (b[0] & 0xff) == 0xfd;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
        switch (kind) {
            case DUPLICATE, TRUNCATE, FLOOD, PACKET_TOO_BIG ->
                s.append('(').append(amount).append(')');
            case UNREACHABLE, TIME_EXCEEDED -> s.append('(').append(code).append(')');
            case PARAMETER_PROBLEM ->
                s.append('(').append(code).append(", ").append(amount).append(')');
            case SPOOF_SOURCE -> s.append('(').append(AddressText.of(source)).append(')');
            default -> {}
        }
        if (quote != Quote.PROBE) {
            s.append(" quoting ").append(quote.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!mplsLabels.isEmpty()) {
            s.append(" mpls ").append(mplsLabels);
        }
        if (!delay.isZero()) {
            s.append(" after ").append(delay.toNanos() / 1e6).append(" ms");
        }
        return s.toString();
    }
}
