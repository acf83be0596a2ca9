package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecFuzzTarget.checkMessage;
import static dev.icmpj.packet.IcmpCodecFuzzTarget.checkReencodes;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the encoder from the other side: builds a message from fuzzer-chosen field values (the record
 * constructors may refuse them, with an {@link IllegalArgumentException} only), encodes it, and checks that the
 * bytes decode back to it, but for the ambiguities documented on {@link IcmpCodec#encode(IcmpMessage)}. See
 * {@code icmpj-core/FUZZING.md}.
 */
class IcmpEncodeFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void encode(FuzzedDataProvider data) {
        IcmpMessage m;
        try {
            m = message(data);
        } catch (IllegalArgumentException refused) {
            return;
        }
        byte[] encoded;
        try {
            encoded = IcmpCodec.encode(m);
        } catch (IllegalArgumentException tooLong) {
            // documented: a quote too long for the length attribute, or an extension object over 65535 bytes
            if (!(m instanceof IcmpErrorMessage e) || e.extensions().isEmpty()) {
                throw tooLong;
            }
            return;
        }
        checkMessage(encoded, IcmpCodec.decode(m.version(), encoded, 0, encoded.length));
        checkReencodes(m);
    }

    private static IcmpMessage message(FuzzedDataProvider data) {
        IcmpVersion v = data.consumeBoolean() ? IcmpVersion.V6 : IcmpVersion.V4;
        int kind = data.consumeInt(0, 7);
        int code = data.consumeInt(-1, 256);
        if (kind == 0 || kind == 1) {
            int id = data.consumeInt(-1, 0x10000);
            int seq = data.consumeInt(-1, 0x10000);
            byte[] payload = data.consumeBytes(data.consumeInt(0, 300));
            return kind == 0 ? new EchoRequest(v, id, seq, payload) : new EchoReply(v, id, seq, payload);
        }
        if (kind == 2) {
            return new OtherMessage(v, data.consumeInt(-1, 256), code, data.consumeBytes(data.consumeInt(0, 64)));
        }
        int info = data.consumeInt();
        List<ExtensionObject> extensions = extensions(data);
        QuotedDatagram quoted = quoted(v, data);
        return switch (kind) {
            case 3 -> new DestinationUnreachable(v, code, info, quoted, extensions);
            case 4 -> new TimeExceeded(v, code, quoted, extensions);
            case 5 -> new ParameterProblem(v, code, info, quoted, extensions);
            case 6 -> v == IcmpVersion.V4 ? new SourceQuench(quoted) : new PacketTooBig(info, quoted);
            default -> new Redirect(code, Bytes.inet4(new byte[] {(byte) info, 1, 2, 3}, 0), quoted);
        };
    }

    private static List<ExtensionObject> extensions(FuzzedDataProvider data) {
        List<ExtensionObject> objects = new ArrayList<>();
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            if (data.consumeBoolean()) {
                List<MplsLabel> labels = new ArrayList<>();
                for (int i = data.consumeInt(0, 4); i > 0; i--) {
                    labels.add(new MplsLabel(
                            data.consumeInt(0, 0xFFFFF),
                            data.consumeInt(0, 7),
                            data.consumeBoolean(),
                            data.consumeInt(0, 255)));
                }
                objects.add(new MplsLabelStack(labels));
            } else {
                objects.add(new UnknownExtension(
                        data.consumeInt(0, 255), data.consumeInt(0, 255), data.consumeBytes(data.consumeInt(0, 64))));
            }
        }
        return objects;
    }

    /** A quoted datagram: what {@link QuotedDatagram#parse} makes of fuzzer bytes, else an echo request. */
    private static QuotedDatagram quoted(IcmpVersion v, FuzzedDataProvider data) {
        byte[] bytes = data.consumeBytes(data.consumeInt(0, 1100));
        return QuotedDatagram.parse(v, bytes, 0, bytes.length)
                .orElseGet(() -> QuotedDatagram.ofIcmp(
                        v == IcmpVersion.V4 ? TestPackets.v4("198.18.0.1") : IcmpCodecFuzzTarget.SOURCE,
                        v == IcmpVersion.V4 ? TestPackets.v4("198.18.1.1") : IcmpCodecFuzzTarget.DESTINATION,
                        v,
                        1,
                        IcmpCodec.encode(new EchoRequest(v, 0x1234, 7, bytes))));
    }
}
