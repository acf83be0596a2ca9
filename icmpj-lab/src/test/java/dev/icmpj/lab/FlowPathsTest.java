package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowPathsTest {
    private static final List<InetAddress> ROUTERS =
            List.of(InetAddress.ofLiteral("198.18.201.1"), InetAddress.ofLiteral("198.18.201.2"));

    /** An ICMP echo request header behind 2 bytes of something else: type, code, checksum, identifier, sequence. */
    private static byte[] probe(int checksum, int identifier, int sequence) {
        return new byte[] {
            (byte) 0xAA,
            (byte) 0xBB,
            8,
            0,
            (byte) (checksum >>> 8),
            (byte) checksum,
            (byte) (identifier >>> 8),
            (byte) identifier,
            (byte) (sequence >>> 8),
            (byte) sequence
        };
    }

    @Test
    void router_newFlowsInTurnAndASeenFlowItsOwnRouterWhateverItsSequence() {
        FlowPaths paths = new FlowPaths();

        assertThat(paths.router(ROUTERS, probe(0x1234, 7, 1), 2)).isEqualTo(ROUTERS.get(0));
        assertThat(paths.router(ROUTERS, probe(0x1233, 7, 2), 2)).isEqualTo(ROUTERS.get(1));
        assertThat(paths.router(ROUTERS, probe(0x1234, 7, 3), 2)).isEqualTo(ROUTERS.get(0));
        assertThat(paths.router(ROUTERS, probe(0x1233, 8, 4), 2)).isEqualTo(ROUTERS.get(0));
        assertThat(paths.router(ROUTERS, probe(0x1233, 7, 5), 2)).isEqualTo(ROUTERS.get(1));
    }

    @Test
    void router_eachSetOfRoutersATableOfItsOwn() {
        FlowPaths paths = new FlowPaths();
        List<InetAddress> others = List.of(InetAddress.ofLiteral("fd00:201::1"), InetAddress.ofLiteral("fd00:201::2"));

        assertThat(paths.router(ROUTERS, probe(1, 1, 1), 2)).isEqualTo(ROUTERS.get(0));
        assertThat(paths.router(others, probe(2, 1, 1), 2)).isEqualTo(others.get(0));
        assertThat(paths.router(ROUTERS, probe(2, 1, 1), 2)).isEqualTo(ROUTERS.get(1));
    }
}
