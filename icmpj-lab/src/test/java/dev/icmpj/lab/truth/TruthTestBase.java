package dev.icmpj.lab.truth;

import dev.icmpj.lab.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lab every ground-truth test class shares: one topology without routers per class (its client hosts the
 * TUN peer and the pinger), root only; each test skips, or fails under {@code -Dicmpj.requireNetworkTests=true},
 * without root. Test classes run one after another, so the one field serves each class in turn.
 */
abstract class TruthTestBase {
    static Topology lab;

    @BeforeAll
    static void up() {
        TruthLab.require();
        lab = TruthLab.topology(0);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
            lab = null;
        }
    }

    @BeforeEach
    void gate() {
        TruthLab.require();
    }
}
