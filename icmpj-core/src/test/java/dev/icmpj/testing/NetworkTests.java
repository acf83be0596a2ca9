package dev.icmpj.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gate for tests that need root (raw sockets, network namespaces, nftables, TUN).
 *
 * <p>Without root such a test is skipped with a reason; with {@code -Dicmpj.requireNetworkTests=true}
 * (set by {@code .ci/run}) the skip becomes a failure, so a green CI never hides skipped network tests.
 */
public final class NetworkTests {
    private NetworkTests() {}

    /** True when {@code -Dicmpj.requireNetworkTests=true}. */
    public static boolean required() {
        return Boolean.getBoolean("icmpj.requireNetworkTests");
    }

    /** True when the test JVM runs as uid 0. */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name")) || ProcessRunner.uid() == 0;
    }

    /**
     * Skips the calling test unless it runs as root; fails it instead when network tests are required.
     *
     * @param what what the test needs root for, for the skip message
     */
    public static void requireRoot(String what) {
        requireThat(isRoot(), what + " needs root (CAP_NET_ADMIN/CAP_NET_RAW); run the tests as root");
    }

    /**
     * Skips the calling test unless a command is on the PATH; fails it instead when network tests are
     * required.
     *
     * @param command e.g. {@code "nft"}
     */
    public static void requireCommand(String command) {
        requireThat(ProcessRunner.onPath(command), command + " is not installed (.ci/run installs it)");
    }

    private static void requireThat(boolean condition, String reason) {
        if (!condition && required()) {
            throw new AssertionError("network test required (-Dicmpj.requireNetworkTests=true) but: " + reason);
        }
        assumeTrue(condition, reason);
    }
}
