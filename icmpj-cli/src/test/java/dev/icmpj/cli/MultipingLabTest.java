package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.Topology;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code icmpj multiping} against the lab's programmable peer, beside fping: what only a peer can make. */
@Timeout(120)
class MultipingLabTest {
    private static Topology lab;

    @BeforeAll
    static void build() {
        NetworkTests.requireRoot("the lab's namespaces");
        lab = Topology.chain(0);
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void duplicatedReplies_fpingsDuplicateLinesOnStderr() throws Exception {
        try (TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.duplicate(1)))) {
            String target = peer.ipv4(7).getHostAddress();
            String[] args = {"multiping", "-c", "3", "-p", "100", "-q", target};

            CliRun run = lab.client().call(() -> CliRun.of(args));
            String[] fpingArgs = args.clone();
            fpingArgs[0] = "fping";
            NetworkTests.requireCommand("fping");
            ProcessRunner.Result fping = lab.client().run(fpingArgs);

            assertThat(run.exitCode()).isEqualTo(fping.exitCode()).isZero();
            assertThat(PeerTool.maskedFping(fping.stderr()))
                    .as("fping, for reference")
                    .contains(target + " : duplicate for [0], 64 bytes, T ms");
            // the library ends a sweep when its last request is decided, so that request's copy may come too late
            assertThat(PeerTool.maskedFping(run.err()))
                    .contains(
                            target + " : duplicate for [0], 64 bytes, T ms",
                            target + " : duplicate for [1], 64 bytes, T ms",
                            target + " : xmt/rcv/%loss = 3/3/0%, min/avg/max = T/T/T")
                    .isSubsetOf(PeerTool.maskedFping(fping.stderr()));
        }
    }
}
