package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.linux.IntOption;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProcessRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link SocketOptions#mark()}, {@link SocketOptions#sendBufferSize()} and
 * {@link SocketOptions#receiveTimestamps()} set on a kernel socket, read back with {@code getsockopt}, and the
 * refusal of a mark to a process without the capability.
 */
@Timeout(60)
class SocketMarkAndBuffersTest {

    private static KernelIcmpSocket open(SocketOptions options) throws IcmpSocketException {
        return (KernelIcmpSocket) IcmpSocket.open(options);
    }

    @ParameterizedTest
    @EnumSource(
            value = Privilege.class,
            names = {"PRIVILEGED", "UNPRIVILEGED"})
    void open_markAndSendBuffer_setOnTheSocket(Privilege privilege) throws Exception {
        NetworkTests.requireRoot("SO_MARK needs CAP_NET_ADMIN or CAP_NET_RAW");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            ns.call(() -> {
                try (KernelIcmpSocket marked = open(SocketOptions.builder(Family.IPV4)
                                .privilege(privilege)
                                .mark(0xFFFF_FFFEL)
                                .sendBufferSize(10_000)
                                .build());
                        KernelIcmpSocket plain = open(SocketOptions.builder(Family.IPV4)
                                .privilege(privilege)
                                .build())) {
                    assertThat(Integer.toUnsignedLong(marked.intOption(IntOption.SO_MARK)))
                            .isEqualTo(0xFFFF_FFFEL);
                    // the kernel doubles what is asked for
                    assertThat(marked.intOption(IntOption.SO_SNDBUF)).isEqualTo(20_000);
                    assertThat(plain.intOption(IntOption.SO_MARK)).isZero();
                    assertThat(plain.intOption(IntOption.SO_SNDBUF)).isNotEqualTo(20_000);
                }
                return null;
            });
        }
    }

    @Test
    void open_receiveTimestampsOff_noSoTimestampns() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (KernelIcmpSocket off = open(SocketOptions.builder(Family.IPV4)
                        .privilege(Privilege.PRIVILEGED)
                        .receiveTimestamps(false)
                        .build());
                KernelIcmpSocket on = open(SocketOptions.builder(Family.IPV4)
                        .privilege(Privilege.PRIVILEGED)
                        .build())) {
            assertThat(off.intOption(IntOption.SO_TIMESTAMPNS)).isZero();
            assertThat(on.intOption(IntOption.SO_TIMESTAMPNS)).isEqualTo(1);
        }
    }

    @Test
    void open_markWithoutTheCapability_socketPermissionExceptionNamingIt() throws Exception {
        NetworkTests.requireRoot("switching to uid 65534");
        NetworkTests.requireCommand("setpriv");
        ProcessRunner.Result result;
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets();
                Nobody nobody = Nobody.withClassPath()) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
            command.addAll(nobody.command(
                    Nobody.currentJava(), List.of("--enable-native-access=ALL-UNNAMED"), MarkSocketProbe.class, "7"));
            result = ProcessRunner.run(command);
        }

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip())
                .isEqualTo("unmarked\topened\tUNPRIVILEGED\n"
                        + "marked\tSocketPermissionException\t1\tcannot set the firewall mark 7 (SO_MARK): Operation"
                        + " not permitted; it needs CAP_NET_ADMIN or CAP_NET_RAW (run as root, or grant one of them)");
    }
}
