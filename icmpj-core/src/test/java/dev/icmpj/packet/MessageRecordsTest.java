package dev.icmpj.packet;

import static dev.icmpj.packet.IcmpCodecGoldenTest.quotedEcho;
import static dev.icmpj.packet.TestPackets.hex;
import static dev.icmpj.packet.TestPackets.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation, copies and content equality of the message records. */
class MessageRecordsTest {

    private static final QuotedDatagram QUOTED_V6 =
            QuotedDatagram.ofIcmp(TestPackets.v6("fd00::1"), TestPackets.v6("fd00::2"), IcmpVersion.V6, 1, new byte[8]);

    @Test
    void echo_identifierOrSequenceOutOfRange_throwsNamingTheField() {
        assertThatThrownBy(() -> new EchoRequest(IcmpVersion.V4, 65536, 0, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identifier is 65536; it must be between 0 and 65535");
        assertThatThrownBy(() -> new EchoReply(IcmpVersion.V6, 0, -1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sequence is -1; it must be between 0 and 65535");
    }

    @Test
    void echo_payload_isCopiedInAndOutAndComparedByContent() {
        byte[] payload = {1, 2, 3};
        EchoReply reply = new EchoReply(IcmpVersion.V4, 1, 2, payload);
        payload[0] = 9;
        reply.payload()[1] = 9;

        assertThat(reply.payload()).containsExactly(1, 2, 3);
        assertThat(reply)
                .isEqualTo(new EchoReply(IcmpVersion.V4, 1, 2, new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new EchoReply(IcmpVersion.V4, 1, 2, new byte[] {1, 2, 3}))
                .isNotEqualTo(new EchoRequest(IcmpVersion.V4, 1, 2, new byte[] {1, 2, 3}));
        assertThat(reply.toString()).isEqualTo("EchoReply[version=V4, identifier=1, sequence=2, payload=010203]");
        assertThat(reply.payloadLength()).isEqualTo(3);
        assertThat(reply.payloadEquals(new byte[] {0, 1, 2, 3}, 1, 3)).isTrue();
        assertThat(reply.payloadEquals(new byte[] {0, 1, 2, 3}, 0, 3)).isFalse();
        assertThat(reply.type()).isZero();
        assertThat(new EchoRequest(IcmpVersion.V6, 1, 2, payload).type()).isEqualTo(128);
    }

    @Test
    void errors_quotedDatagramOfTheOtherVersion_throws() {
        assertThatThrownBy(() -> new TimeExceeded(IcmpVersion.V6, 0, quotedEcho(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ICMPv6 error must quote an IPv6 datagram");
        assertThatThrownBy(() -> new PacketTooBig(1280, quotedEcho())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceQuench(QUOTED_V6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Redirect(0, v4("198.19.0.1"), QUOTED_V6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void destinationUnreachable_nextHopMtuOnlyForFragmentationNeeded() {
        assertThatThrownBy(() -> new DestinationUnreachable(IcmpVersion.V4, 3, 1500, quotedEcho(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nextHopMtu is 1500; it must be between 0 and 0");
        assertThatThrownBy(() -> new DestinationUnreachable(IcmpVersion.V4, 4, 65536, quotedEcho(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new DestinationUnreachable(IcmpVersion.V4, 4, 1400, quotedEcho(), List.of()).nextHopMtu())
                .isEqualTo(1400);
    }

    @Test
    void parameterProblem_v6WithExtensions_throws() {
        List<ExtensionObject> mpls = List.of(new MplsLabelStack(List.of(new MplsLabel(1, 0, true, 1))));

        assertThatThrownBy(() -> new ParameterProblem(IcmpVersion.V6, 0, 0, QUOTED_V6, mpls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extensions");
        assertThatThrownBy(() -> new ParameterProblem(IcmpVersion.V4, 0, 256, quotedEcho(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pointer is 256; it must be between 0 and 255");
    }

    @Test
    void errors_extensionsAreCopied() {
        List<ExtensionObject> extensions = new ArrayList<>(List.of(new UnknownExtension(2, 1, new byte[] {1})));
        TimeExceeded m = new TimeExceeded(IcmpVersion.V4, 0, quotedEcho(), extensions);
        extensions.clear();

        assertThat(m.extensions()).hasSize(1);
        assertThatThrownBy(() -> m.extensions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Redirect(0, v4("198.19.0.1"), quotedEcho()).extensions()).isEmpty();
    }

    @Test
    void unknownExtension_mplsLabelStackShape_throwsSoEveryObjectDecodesBackToItself() {
        assertThatThrownBy(() -> new UnknownExtension(1, 1, new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MplsLabelStack");
        assertThatThrownBy(() -> new UnknownExtension(1, 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MplsLabelStack");
        assertThat(new UnknownExtension(1, 1, new byte[3]).payload()).hasSize(3); // not whole entries
        assertThat(new UnknownExtension(1, 2, new byte[4]).classType()).isEqualTo(2);
    }

    @Test
    void otherMessage_modelledType_throws() {
        assertThatThrownBy(() -> new OtherMessage(IcmpVersion.V4, 0, 0, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own record");
        assertThatThrownBy(() -> new OtherMessage(IcmpVersion.V6, 2, 0, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new OtherMessage(IcmpVersion.V6, 0, 0, new byte[4]).type()).isZero(); // type 0 is not v6 echo
    }

    @Test
    void unparseable_typeAndCodeFromTheFirstBytes() {
        assertThat(new UnparseableMessage(IcmpVersion.V4, new byte[0], "empty").type())
                .isEqualTo(-1);
        assertThat(new UnparseableMessage(IcmpVersion.V4, new byte[] {3}, "short").code())
                .isEqualTo(-1);
        UnparseableMessage m = new UnparseableMessage(IcmpVersion.V4, hex("0b 01 00"), "short");
        assertThat(m.type()).isEqualTo(11);
        assertThat(m.code()).isEqualTo(1);
        assertThat(m).isEqualTo(new UnparseableMessage(IcmpVersion.V4, hex("0b 01 00"), "short"));
        assertThat(IcmpCodec.encode(m)).isEqualTo(hex("0b 01 00"));
    }

    @Test
    void mplsLabel_outOfRange_throwsAndEntryRoundTrips() {
        assertThatThrownBy(() -> new MplsLabel(1 << 20, 0, true, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label is 1048576; it must be between 0 and 1048575");
        assertThatThrownBy(() -> new MplsLabel(0, 8, true, 1)).isInstanceOf(IllegalArgumentException.class);
        MplsLabel label = new MplsLabel(0xFFFFF, 7, true, 255);
        assertThat(label.entry()).isEqualTo(0xFFFFFFFFL);
        assertThat(MplsLabel.ofEntry(0x03e80101L)).isEqualTo(new MplsLabel(16000, 0, true, 1));
    }
}
