package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecFuzzTarget.DESTINATION;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.SOURCE;
import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v4;
import static dev.icmpj.packet.TestPackets.v6;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed corpus of the fuzz tests: a few valid packets of each kind, which Jazzer replays in regression
 * mode and mutates from when fuzzing. The files under {@code src/test/resources/dev/icmpj/packet/*Inputs/}
 * are written by {@link #main} (run it again after changing a seed) and {@link FuzzSeedsTest} checks they
 * are what this class makes.
 */
final class FuzzSeeds {

    /** The directory of the seeds of a fuzz test method, relative to the test resources. */
    static final Map<String, String> DIRECTORIES = Map.of(
            "icmpv4", "dev/icmpj/packet/Icmpv4DecodeFuzzTestInputs/decode",
            "icmpv6", "dev/icmpj/packet/Icmpv6DecodeFuzzTestInputs/decode",
            "ipv4", "dev/icmpj/packet/Ipv4DatagramFuzzTestInputs/decodeIpv4",
            "quoted", "dev/icmpj/packet/QuotedDatagramFuzzTestInputs/parse");

    private static final byte[] PAYLOAD = "icmpj fuzz seed!".getBytes(StandardCharsets.US_ASCII);
    private static final Inet4Address US = v4("198.18.0.1");
    private static final Inet4Address TARGET = v4("198.18.1.1");
    private static final List<ExtensionObject> MPLS =
            List.of(new MplsLabelStack(List.of(new MplsLabel(16000, 0, false, 1), new MplsLabel(24, 5, true, 1))));

    private FuzzSeeds() {}

    /** Writes the seeds under the test resources directory given as the only argument. */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0]);
        for (var target : DIRECTORIES.entrySet()) {
            Path dir = resources.resolve(target.getValue());
            Files.createDirectories(dir);
            for (var seed : seeds(target.getKey()).entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
        }
    }

    /** The seeds of one target of {@link #DIRECTORIES}, by file name. */
    static Map<String, byte[]> seeds(String target) {
        return switch (target) {
            case "icmpv4" -> icmpv4();
            case "icmpv6" -> icmpv6();
            case "ipv4" -> ipv4();
            case "quoted" -> quoted();
            default -> throw new IllegalArgumentException(target);
        };
    }

    private static Map<String, byte[]> icmpv4() {
        IcmpVersion v = IcmpVersion.V4;
        QuotedDatagram echo =
                QuotedDatagram.ofIcmp(US, TARGET, v, 1, IcmpCodec.encode(new EchoRequest(v, 0x1234, 7, PAYLOAD)));
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("echo-request", IcmpCodec.encode(new EchoRequest(v, 0x1234, 7, PAYLOAD)));
        seeds.put("echo-reply", IcmpCodec.encode(new EchoReply(v, 0x1234, 7, PAYLOAD)));
        seeds.put("port-unreachable", IcmpCodec.encode(new DestinationUnreachable(v, 3, 0, echo, List.of())));
        seeds.put("fragmentation-needed", IcmpCodec.encode(new DestinationUnreachable(v, 4, 1400, echo, List.of())));
        seeds.put("time-exceeded-mpls", IcmpCodec.encode(new TimeExceeded(v, 0, echo, MPLS)));
        seeds.put("time-exceeded-mpls-legacy", legacyExtensions(IcmpCodec.encode(new TimeExceeded(v, 0, echo, MPLS))));
        seeds.put("parameter-problem", IcmpCodec.encode(new ParameterProblem(v, 0, 9, echo, List.of())));
        seeds.put("redirect", IcmpCodec.encode(new Redirect(1, v4("198.18.0.254"), echo)));
        seeds.put("source-quench", IcmpCodec.encode(new SourceQuench(echo)));
        seeds.put("timestamp", IcmpCodec.encode(new OtherMessage(v, 13, 0, new byte[16])));
        return seeds;
    }

    private static Map<String, byte[]> icmpv6() {
        IcmpVersion v = IcmpVersion.V6;
        QuotedDatagram echo = QuotedDatagram.ofIcmp(
                DESTINATION,
                SOURCE,
                v,
                1,
                IcmpCodec.encode(new EchoRequest(v, 0x1234, 7, PAYLOAD), DESTINATION, SOURCE));
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("echo-request", v6(new EchoRequest(v, 0x1234, 7, PAYLOAD)));
        seeds.put("echo-reply", v6(new EchoReply(v, 0x1234, 7, PAYLOAD)));
        seeds.put("port-unreachable", v6(new DestinationUnreachable(v, 4, 0, echo, List.of())));
        seeds.put("time-exceeded-mpls", v6(new TimeExceeded(v, 0, echo, MPLS)));
        seeds.put("packet-too-big", v6(new PacketTooBig(1280, echo)));
        seeds.put("parameter-problem", v6(new ParameterProblem(v, 1, 40, echo, List.of())));
        seeds.put(
                "neighbor-solicitation",
                v6(new OtherMessage(v, 135, 0, hex("00000000", "fd000000000000000000000000000002"))));
        return seeds;
    }

    private static Map<String, byte[]> ipv4() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (var icmp : icmpv4().entrySet()) {
            if (List.of("echo-reply", "port-unreachable", "time-exceeded-mpls").contains(icmp.getKey())) {
                seeds.put(icmp.getKey(), ipv4(20, icmp.getValue()));
            }
        }
        seeds.put("echo-reply-ip-options", ipv4(24, icmpv4().get("echo-reply")));
        return seeds;
    }

    private static Map<String, byte[]> quoted() {
        byte[] echoV4 = IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, 0x1234, 7, PAYLOAD));
        byte[] echoV6 = IcmpCodec.encode(new EchoRequest(IcmpVersion.V6, 0x1234, 7, PAYLOAD));
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put(
                "ipv4-echo-request",
                QuotedDatagram.ofIcmp(US, TARGET, IcmpVersion.V4, 1, echoV4).bytes());
        seeds.put("ipv4-options-echo-request", ipv4(28, echoV4));
        byte[] truncated = Arrays.copyOf(
                QuotedDatagram.ofIcmp(US, TARGET, IcmpVersion.V4, 1, echoV4).bytes(), 28);
        seeds.put("ipv4-echo-request-truncated-padded", Arrays.copyOf(truncated, 128));
        seeds.put(
                "ipv6-echo-request",
                QuotedDatagram.ofIcmp(SOURCE, DESTINATION, IcmpVersion.V6, 1, echoV6)
                        .bytes());
        seeds.put(
                "ipv6-extension-headers-udp",
                hex(
                        "60000000",
                        "0020",
                        "00",
                        "40", // payload length 32, next header 0 (hop-by-hop), hop limit 64
                        "fd000000000000000000000000000001",
                        "fd000000000000000000000000000002",
                        "2c 00 0000 00000000", // hop-by-hop, 8 bytes, next header 44 (fragment)
                        "11 00 0001 00000001", // fragment header, next header 17 (UDP)
                        "d431 829b 0010 0000 00000000 00000000")); // UDP to port 33435, length 16
        return seeds;
    }

    /** Wraps an ICMP message in an IPv4 header of the given length (options: no-operation, then end). */
    private static byte[] ipv4(int headerLength, byte[] icmp) {
        byte[] header =
                new Ipv4Header(headerLength, 0, headerLength + icmp.length, 4321, 0x4000, 57, 1, TARGET, US).encode();
        if (headerLength > Ipv4Header.MIN_LENGTH) {
            header[Ipv4Header.MIN_LENGTH] = 1; // no-operation
            Bytes.put16(header, 10, 0);
            Bytes.put16(header, 10, InternetChecksum.compute(header, 0, header.length));
        }
        byte[] b = Arrays.copyOf(header, headerLength + icmp.length);
        System.arraycopy(icmp, 0, b, headerLength, icmp.length);
        return b;
    }

    private static byte[] v6(IcmpMessage m) {
        return IcmpCodec.encode(m, SOURCE, DESTINATION);
    }

    /** Clears the RFC 4884 length attribute, as routers predating it send (structure after 128 bytes). */
    private static byte[] legacyExtensions(byte[] icmpv4) {
        byte[] b = icmpv4.clone();
        b[5] = 0;
        Bytes.put16(b, 2, 0);
        Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));
        return b;
    }
}
