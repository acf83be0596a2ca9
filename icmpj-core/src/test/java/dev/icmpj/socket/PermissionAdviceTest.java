package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PermissionAdviceTest {
    private static final String FAILURE = "socket: Operation not permitted (EPERM)";

    @Test
    void of_privileged_namesCapNetRawAndTheRealJavaBinary() throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java")
                .toRealPath()
                .toString();

        String advice = PermissionAdvice.of(Privilege.PRIVILEGED, FAILURE);

        assertThat(advice)
                .startsWith("cannot open a raw ICMP socket (" + FAILURE + ")")
                .contains("CAP_NET_RAW", "run as root", "sudo setcap cap_net_raw+ep " + javaBinary)
                .doesNotContain("ping_group_range");
    }

    @Test
    void of_unprivileged_namesTheGroupRangeAndTheSysctl() {
        String advice = PermissionAdvice.of(Privilege.UNPRIVILEGED, FAILURE);

        assertThat(advice)
                .startsWith("cannot open an ICMP ping socket (" + FAILURE + ")")
                .containsPattern("gid \\d+")
                .containsPattern("net\\.ipv4\\.ping_group_range \\(currently \"\\d+ \\d+\"\\)")
                .contains("sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"")
                .doesNotContain("CAP_NET_RAW");
    }

    @Test
    void of_auto_namesBothFixes() {
        String advice = PermissionAdvice.of(Privilege.AUTO, FAILURE);

        assertThat(advice).contains("neither kind is allowed", "ping_group_range", "CAP_NET_RAW", "setcap");
    }
}
