package dev.icmpj.internal.engine;

import static dev.icmpj.internal.engine.ReplyMatchingFuzzTest.IDENTIFIER;
import static dev.icmpj.internal.engine.ReplyMatchingFuzzTest.payload;

import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.Ipv4Header;
import dev.icmpj.packet.QuotedDatagram;
import dev.icmpj.packet.TimeExceeded;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed corpus of {@link ReplyMatchingFuzzTest}: replies and errors for the probes it has in flight, and a few
 * strays, each behind the control byte that says how it was received. {@link #main} writes them under the test
 * resources directory given as argument; {@link ReplyMatchingFuzzSeedsTest} checks the files.
 */
final class ReplyMatchingFuzzSeeds {

    static final String DIRECTORY = "dev/icmpj/internal/engine/ReplyMatchingFuzzTestInputs/receive";

    private static final int V6 = 0x01;
    private static final int RAW = 0x02;
    private static final int FROM_SECOND = 1 << 2;
    private static final int FROM_ROUTER = 2 << 2;
    private static final int ERROR_QUEUE = 0x10;
    private static final int OFFENDER = 0x20;

    private static final InetAddress LOCAL4 = InetAddress.ofLiteral("198.18.0.1");
    private static final InetAddress FIRST4 = InetAddress.ofLiteral("198.18.1.1");
    private static final InetAddress SECOND4 = InetAddress.ofLiteral("198.18.1.2");
    private static final InetAddress ROUTER4 = InetAddress.ofLiteral("198.18.0.254");
    private static final Inet6Address LOCAL6 = (Inet6Address) InetAddress.ofLiteral("fd00::1");
    private static final Inet6Address FIRST6 = (Inet6Address) InetAddress.ofLiteral("fd00::1:1");
    private static final Inet6Address SECOND6 = (Inet6Address) InetAddress.ofLiteral("fd00::1:2");
    private static final Inet6Address ROUTER6 = (Inet6Address) InetAddress.ofLiteral("fd00::fe");

    private ReplyMatchingFuzzSeeds() {}

    /** Writes the seeds under the test resources directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(DIRECTORY);
        Files.createDirectories(dir);
        for (var seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }

    /** The seeds by file name; the first probe to the first target has sequence 1, to the second 4. */
    static Map<String, byte[]> seeds() {
        IcmpVersion v4 = IcmpVersion.V4;
        IcmpVersion v6 = IcmpVersion.V6;
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("v4-ping-echo-reply", seed(0, IcmpCodec.encode(new EchoReply(v4, IDENTIFIER, 1, payload(1)))));
        seeds.put(
                "v4-ping-echo-reply-to-removed-probe",
                seed(0, IcmpCodec.encode(new EchoReply(v4, IDENTIFIER, 2, payload(2)))));
        seeds.put(
                "v4-ping-echo-reply-from-other-target",
                seed(FROM_SECOND, IcmpCodec.encode(new EchoReply(v4, IDENTIFIER, 1, payload(1)))));
        seeds.put(
                "v4-raw-echo-reply",
                seed(
                        RAW | FROM_SECOND,
                        ipv4(SECOND4, LOCAL4, IcmpCodec.encode(new EchoReply(v4, IDENTIFIER, 4, payload(4))))));
        seeds.put(
                "v4-ping-time-exceeded",
                seed(
                        FROM_ROUTER,
                        IcmpCodec.encode(new TimeExceeded(v4, 0, quoted(v4, LOCAL4, FIRST4, 3, 8), List.of()))));
        seeds.put(
                "v4-raw-port-unreachable",
                seed(
                        RAW | FROM_ROUTER,
                        ipv4(
                                ROUTER4,
                                LOCAL4,
                                IcmpCodec.encode(new DestinationUnreachable(
                                        v4, 3, 0, quoted(v4, LOCAL4, SECOND4, 5, 16), List.of())))));
        seeds.put(
                "v4-error-queue-time-exceeded",
                seed(
                        ERROR_QUEUE | OFFENDER,
                        new byte[] {11, 0, 0, 0, 0, 0},
                        IcmpCodec.encode(new EchoRequest(v4, IDENTIFIER, 3, payload(3)))));
        seeds.put("v6-ping-echo-reply", seed(V6, v6(new EchoReply(v6, IDENTIFIER, 1, payload(1)), FIRST6)));
        seeds.put(
                "v6-ping-port-unreachable",
                seed(
                        V6 | FROM_ROUTER,
                        v6(
                                new DestinationUnreachable(v6, 4, 0, quoted(v6, LOCAL6, SECOND6, 6, 16), List.of()),
                                ROUTER6)));
        seeds.put(
                "v6-error-queue-packet-too-big",
                seed(
                        V6 | ERROR_QUEUE | OFFENDER,
                        new byte[] {2, 0, 0, 0, 5, 0},
                        IcmpCodec.encode(new EchoRequest(v6, IDENTIFIER, 1, payload(1)))));
        return seeds;
    }

    private static byte[] seed(int control, byte[]... parts) {
        return concat(new byte[] {(byte) control}, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        byte[] b = new byte[0];
        for (byte[] part : parts) {
            int at = b.length;
            b = Arrays.copyOf(b, at + part.length);
            System.arraycopy(part, 0, b, at, part.length);
        }
        return b;
    }

    /** Our echo request with a sequence, as quoted: its payload cut to {@code quotedPayload} bytes. */
    private static QuotedDatagram quoted(
            IcmpVersion v, InetAddress local, InetAddress target, int sequence, int quotedPayload) {
        byte[] echo = IcmpCodec.encode(new EchoRequest(v, IDENTIFIER, sequence, payload(sequence)));
        return QuotedDatagram.ofIcmp(local, target, v, 1, Arrays.copyOf(echo, 8 + quotedPayload));
    }

    private static byte[] ipv4(InetAddress source, InetAddress destination, byte[] icmp) {
        byte[] header = new Ipv4Header(
                        20, 0, 20 + icmp.length, 1, 0, 60, 1, (Inet4Address) source, (Inet4Address) destination)
                .encode();
        return concat(header, icmp);
    }

    private static byte[] v6(IcmpMessage m, Inet6Address source) {
        return IcmpCodec.encode(m, source, LOCAL6);
    }
}
