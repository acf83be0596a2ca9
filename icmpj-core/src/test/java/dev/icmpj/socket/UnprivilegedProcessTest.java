package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(":"))
                .filter(entry -> entry.endsWith("classes"))
                .collect(Collectors.joining(":"));
        List<String> command = new ArrayList<>(List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath,
                OpenSocketProbe.class.getName(),
                "PRIVILEGED",
                "UNPRIVILEGED",
                "AUTO"));

        ProcessRunner.Result result = ProcessRunner.run(command);

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
