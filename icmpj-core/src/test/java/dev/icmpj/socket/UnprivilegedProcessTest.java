package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProcessRunner;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Opens sockets in a child JVM running as nobody (uid/gid 65534, no capabilities) in the default namespace,
 * whose {@code ping_group_range} is {@code "1 0"}: every kind is refused, and the messages name the fix.
 */
class UnprivilegedProcessTest {
    @Test
    void open_asNobodyWithoutPingGroupRange_explainsEachFix() {
        NetworkTests.requireRoot("switching to uid 65534");
        NetworkTests.requireCommand("setpriv");
        ProcessRunner.Result result;
        try (Nobody nobody = Nobody.withClassPath()) {
            result = ProcessRunner.run(nobody.command(
                    Nobody.currentJava(),
                    List.of("--enable-native-access=ALL-UNNAMED"),
                    OpenSocketProbe.class,
                    "PRIVILEGED",
                    "UNPRIVILEGED",
                    "AUTO"));
        }

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, String[]> byPrivilege = result.stdout()
                .lines()
                .map(line -> line.split("\t", 3))
                .collect(Collectors.toMap(parts -> parts[0], parts -> parts));
        assertThat(byPrivilege.get("PRIVILEGED")[1]).isEqualTo("SocketPermissionException");
        assertThat(byPrivilege.get("PRIVILEGED")[2]).contains("CAP_NET_RAW", "setcap cap_net_raw+ep");
        assertThat(byPrivilege.get("UNPRIVILEGED")[1]).isEqualTo("SocketPermissionException");
        assertThat(byPrivilege.get("UNPRIVILEGED")[2])
                .contains("gid 65534", "sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"");
        assertThat(byPrivilege.get("AUTO")[1]).isEqualTo("SocketPermissionException");
        assertThat(byPrivilege.get("AUTO")[2]).contains("ping_group_range", "CAP_NET_RAW");
    }
}
