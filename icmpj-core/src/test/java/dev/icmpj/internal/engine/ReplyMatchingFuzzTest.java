package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.icmpj.internal.linux.QueuedError;
import dev.icmpj.internal.linux.ReceivedDatagram;
import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.internal.transport.ReplyView;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.EchoRequest;
import dev.icmpj.packet.IcmpCodec;
import dev.icmpj.packet.IcmpErrorMessage;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.InternetChecksum;
import dev.icmpj.packet.Ipv4Header;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpErrorException;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.ReceivedDatagramDecoder;
import dev.icmpj.socket.SocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the receive path of a socket with requests in flight: arbitrary bytes, as a ping socket, a raw socket
 * or a ping socket's error queue delivers them, go through the socket's reply decoder and a {@link ProbeLoop}'s
 * verification and matching. Nothing may throw, and a message only ever decides a probe in flight when it is
 * a byte-exact echo reply to it (identifier, sequence, source and payload) or an ICMP error quoting (a prefix
 * of) it. See {@code icmpj-core/FUZZING.md}.
 *
 * <p>The first input byte says how the rest was received: bit 0, IPv6; bit 1, raw socket; bits 2-3, from
 * which peer (the first target, the second, a router, or none); bit 4, from the error queue, with type, code
 * and 32-bit info in the next 6 bytes; bit 5, the error queue names the router as offender; bit 6, set the
 * ICMPv4 checksum right (the fuzzer cannot forge one, and without it an ICMPv4 message does not decode).
 */
class ReplyMatchingFuzzTest {

    static final int IDENTIFIER = 0x1234;
    static final int PROBES_PER_TARGET = 3;
    /** The sequence of the probe that was answered and forgotten: a reply to it is a stray. */
    static final int REMOVED_SEQUENCE = 2;

    private static final Endpoints V4 = new Endpoints(
            IcmpVersion.V4,
            InetAddress.ofLiteral("198.18.0.1"),
            InetAddress.ofLiteral("198.18.1.1"),
            InetAddress.ofLiteral("198.18.1.2"),
            InetAddress.ofLiteral("198.18.0.254"));
    private static final Endpoints V6 = new Endpoints(
            IcmpVersion.V6,
            InetAddress.ofLiteral("fd00::1"),
            InetAddress.ofLiteral("fd00::1:1"),
            InetAddress.ofLiteral("fd00::1:2"),
            InetAddress.ofLiteral("fd00::fe"));

    /** Our address, the two probed targets and a router in between, for one IP version. */
    record Endpoints(
            IcmpVersion version, InetAddress local, InetAddress first, InetAddress second, InetAddress router) {

        InetAddress peer(int choice) {
            return switch (choice & 3) {
                case 0 -> first;
                case 1 -> second;
                case 2 -> router;
                default -> null;
            };
        }
    }

    @FuzzTest(maxDuration = "10s")
    void receive(byte[] input) throws IOException {
        matchChecked(input);
    }

    /**
     * Receives the input with fresh probes in flight and checks the invariants.
     *
     * @return the sequence of the probe the input was matched to, or -1 when it was not
     */
    static int matchChecked(byte[] input) throws IOException {
        if (input.length == 0) {
            return -1;
        }
        int control = input[0] & 0xFF;
        Endpoints e = (control & 1) == 0 ? V4 : V6;
        boolean raw = (control & 2) != 0;
        InetAddress peer = e.peer(control >>> 2);
        boolean fromErrorQueue = (control & 0x10) != 0;
        int dataAt = fromErrorQueue ? 7 : 1;
        if (input.length < dataAt) {
            return -1;
        }
        QueuedError error = fromErrorQueue
                ? new QueuedError(
                        true,
                        input[1] & 0xFF,
                        input[2] & 0xFF,
                        (int) u32(input, 3),
                        (control & 0x20) != 0 ? e.router() : null)
                : null;
        byte[] data = Arrays.copyOfRange(input, dataAt, input.length);
        if ((control & 0x40) != 0 && e.version() == IcmpVersion.V4 && !fromErrorQueue) {
            setIcmpv4Checksum(data, raw);
        }

        ReceivedDatagramDecoder decoder = new ReceivedDatagramDecoder(e.version(), raw, IDENTIFIER, e.local(), 64);
        Optional<IcmpReply> reply = decoder.decode(new ReceivedDatagram(data, peer, 64, 0, 1, error));
        if (reply.isEmpty()) {
            return -1;
        }
        IcmpReply r = reply.get();
        assertThat(r.toString()).isNotBlank();
        Sent probe = matchOnALoop(e, r);
        if (probe == null) {
            return -1;
        }
        if (r.isEchoReply()) {
            assertThat(error)
                    .as("an echo reply does not come from the error queue")
                    .isNull();
            assertThat(peer).as("an echo reply comes from the probed target").isEqualTo(probe.destination());
            byte[] expected =
                    IcmpCodec.encode(new EchoReply(e.version(), IDENTIFIER, probe.sequence(), probe.payload()));
            assertThat(withoutChecksum(icmpBytes(e.version(), raw, data)))
                    .as("the reply is a byte-exact echo")
                    .isEqualTo(withoutChecksum(expected));
        } else {
            assertThatThrownBy(r::raiseForStatus)
                    .isInstanceOf(IcmpErrorException.class)
                    .hasMessageContaining("icmp_seq=" + probe.sequence());
            assertThat(r.message()).isInstanceOf(IcmpErrorMessage.class);
            IcmpErrorMessage m = (IcmpErrorMessage) r.message();
            assertThat(m.quoted().destination())
                    .as("the error quotes a request to the target")
                    .isEqualTo(probe.destination());
            // an oracle of its own, on the wire bytes rather than the matcher's payload comparison: the quoted ICMP
            // message is the echo request this probe put on the wire, header and data, byte for byte (the
            // checksum aside, which NATs rewrite), over the bytes both have: a quote may be cut short, or run on
            // into the RFC 4884 padding and extension that a ping socket's error queue hands over with it
            byte[] quotedIcmp = Arrays.copyOfRange(
                    m.quoted().bytes(), m.quoted().headerLength(), m.quoted().bytes().length);
            byte[] onTheWire = withoutChecksum(
                    IcmpCodec.encode(new EchoRequest(e.version(), IDENTIFIER, probe.sequence(), probe.payload())));
            int common = Math.min(quotedIcmp.length, onTheWire.length);
            assertThat(common).as("the quote holds the echo header").isGreaterThanOrEqualTo(8);
            assertThat(Arrays.copyOf(withoutChecksum(quotedIcmp), common))
                    .as("the error quotes the request this probe sent")
                    .isEqualTo(Arrays.copyOf(onTheWire, common));
        }
        return probe.sequence();
    }

    /** A probe the fuzz test's operation sent. */
    record Sent(int sequence, InetAddress destination, byte[] payload) {}

    /**
     * Puts a message through a probe loop's receive path with probes in flight: sequences 1 to 3 to the first
     * target, 4 to 6 to the second, the one with {@value #REMOVED_SEQUENCE} already expired and forgotten.
     *
     * @return the probe the loop decided by the message, or null for a stray
     */
    private static Sent matchOnALoop(Endpoints e, IcmpReply message) throws IOException {
        FakeClock clock = new FakeClock();
        Family family = e.version() == IcmpVersion.V4 ? Family.IPV4 : Family.IPV6;
        try (FakeNetwork network = new FakeNetwork(clock, request -> List.of())) {
            FakeIcmpSocket socket = network.open(
                    SocketOptions.builder(family).identifier(IDENTIFIER).build());
            ProbeLoop loop = new ProbeLoop(clock, List.of(socket), true, 1L << 30, false, ended -> {});
            clock.start(loop);
            Recording kept = new Recording(Duration.ofSeconds(10));
            Recording forgotten = new Recording(Duration.ofMillis(1));
            kept.plan(
                    e.first(),
                    forgotten,
                    e.first(),
                    kept,
                    e.first(),
                    kept,
                    e.second(),
                    kept,
                    e.second(),
                    kept,
                    e.second());
            loop.submit(kept);
            loop.submit(forgotten);
            clock.settle();
            clock.advance(Duration.ofMillis(2));
            assertThat(kept.sent).hasSize(PROBES_PER_TARGET * 2 - 1);
            assertThat(forgotten.sent).extracting(Sent::sequence).containsExactly(REMOVED_SEQUENCE);
            socket.inject(message);
            clock.settle();
            assertThat(forgotten.decided).as("the forgotten probe is a stray's").isEmpty();
            assertThat(kept.decided).as("one message decides one probe at most").hasSizeLessThanOrEqualTo(1);
            return kept.decided.isEmpty() ? null : kept.decided.getFirst();
        }
    }

    /**
     * An operation that sends the probes of a plan (destinations, in turn with another operation) with payloads
     * by their sequence, and records which was decided by a message.
     */
    private static final class Recording extends Operation {
        final List<Sent> sent = new ArrayList<>();
        final List<Sent> decided = new ArrayList<>();
        private Object[] plan = {};

        Recording(Duration timeout) {
            super(timeout.toNanos(), 0);
        }

        /** Destinations alternating with the operation that sends the next one. */
        void plan(Object... steps) {
            this.plan = steps;
        }

        @Override
        protected long run(long now) throws IOException {
            if (plan.length == 0) {
                return ProbeLoop.NOTHING_DUE;
            }
            Lane lane = loop().lanes().getFirst();
            Operation owner = this;
            for (Object step : plan) {
                if (step instanceof Operation next) {
                    owner = next;
                    continue;
                }
                InetAddress destination = (InetAddress) step;
                Recording by = (Recording) owner;
                int probe = loop().newProbe(
                                by, lane, AddressBits.highOf(destination), AddressBits.lowOf(destination), 0, false);
                int sequence = loop().sequence(probe);
                loop().stage(probe, payload(sequence), 0, -1);
                loop().flush();
                by.sent.add(new Sent(sequence, destination, payload(sequence)));
                owner = this;
            }
            plan = new Object[0];
            return ProbeLoop.NOTHING_DUE;
        }

        private Sent of(int probe) {
            int sequence = loop().sequence(probe);
            return sent.stream()
                    .filter(p -> p.sequence() == sequence)
                    .findFirst()
                    .orElseThrow();
        }

        @Override
        protected void onReply(int probe, ReplyView reply, long rttNanos) {
            decided.add(of(probe));
        }

        @Override
        protected void onError(int probe, ReplyView error, long rttNanos) {
            decided.add(of(probe));
        }

        @Override
        protected void onDuplicate(int probe, ReplyView reply, long rttNanos) {
            decided.add(of(probe));
        }

        @Override
        protected void onFailed(Throwable cause) {
            throw new AssertionError("the loop failed", cause);
        }
    }

    /** The echo data of the probe with a sequence: 16 bytes, different for every probe. */
    static byte[] payload(int sequence) {
        return String.format("icmpj probe %04x", sequence).getBytes(StandardCharsets.US_ASCII);
    }

    /** The ICMP message in what a socket read: after the IP header (to its total length) for raw IPv4. */
    private static byte[] icmpBytes(IcmpVersion version, boolean raw, byte[] data) {
        if (!raw || version == IcmpVersion.V6) {
            return data;
        }
        Ipv4Header h = Ipv4Header.parse(data, 0, data.length).orElseThrow();
        return Arrays.copyOfRange(data, h.headerLength(), h.totalLength());
    }

    private static void setIcmpv4Checksum(byte[] data, boolean raw) {
        int at = 0;
        int end = data.length;
        if (raw) {
            Ipv4Header h = Ipv4Header.parse(data, 0, data.length).orElse(null);
            if (h == null || h.totalLength() < h.headerLength() || h.totalLength() > data.length) {
                return;
            }
            at = h.headerLength();
            end = h.totalLength();
        }
        if (end - at >= 4) {
            data[at + 2] = 0;
            data[at + 3] = 0;
            int checksum = InternetChecksum.compute(data, at, end - at);
            data[at + 2] = (byte) (checksum >>> 8);
            data[at + 3] = (byte) checksum;
        }
    }

    private static byte[] withoutChecksum(byte[] icmp) {
        byte[] copy = icmp.clone();
        copy[2] = 0;
        copy[3] = 0;
        return copy;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
