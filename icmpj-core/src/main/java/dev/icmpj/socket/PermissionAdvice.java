package dev.icmpj.socket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Words the fix for a socket that the kernel refused to open: the ping group range for ping sockets,
 * CAP_NET_RAW for raw sockets. Stateless and thread-safe.
 */
final class PermissionAdvice {
    private static final Path PING_GROUP_RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");

    private PermissionAdvice() {}

    /**
     * Returns the advice for a refused socket kind.
     *
     * @param privilege AUTO (both fixes), PRIVILEGED (raw) or UNPRIVILEGED (ping socket)
     * @param failure the failing call's message, e.g. {@code "socket: Permission denied (EACCES)"}
     * @return one message naming the fix
     */
    static String of(Privilege privilege, String failure) {
        return switch (privilege) {
            case UNPRIVILEGED -> "cannot open an ICMP ping socket (" + failure + "): " + pingSocketFix();
            case PRIVILEGED -> "cannot open a raw ICMP socket (" + failure + "): " + rawSocketFix();
            case AUTO ->
                "cannot open an ICMP socket (" + failure + "): neither kind is allowed. For a ping socket, "
                        + pingSocketFix() + " Or, for a raw socket, " + rawSocketFix();
        };
    }

    private static String pingSocketFix() {
        String range = read(PING_GROUP_RANGE).strip().replaceAll("\\s+", " ");
        String gid = statusField("Gid:");
        String groups = statusField("Groups:");
        String who =
                "the process's group (gid " + gid + (groups.isEmpty() ? "" : ", supplementary groups " + groups) + ")";
        String where = "net.ipv4.ping_group_range (currently \"" + range + "\")";
        String fix = "allow every group with: sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"";
        return inRange(gid, range)
                ? who + " is in " + where + ", yet the kernel refused (a security module?); " + fix + "."
                : who + " is not in " + where + "; " + fix + ".";
    }

    private static boolean inRange(String gid, String range) {
        try {
            String[] bounds = range.split(" ");
            long id = Long.parseLong(gid);
            return id >= Long.parseLong(bounds[0]) && id <= Long.parseLong(bounds[1]);
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    /**
     * The raw socket fix: the capability on the java binary, and the JDK's library directory for the loader,
     * because a binary with file capabilities runs in secure-execution mode, where the loader ignores the
     * relative library path the launcher relies on ({@code libjli.so: cannot open shared object file}).
     */
    private static String rawSocketFix() {
        Path java = javaBinary();
        Path jdk = java.getParent().getParent();
        String conf = "/etc/ld.so.conf.d/java" + jdk.toString().replace('/', '-') + ".conf";
        return "it needs CAP_NET_RAW: run as root, or grant the capability to the java binary with: "
                + "sudo setcap cap_net_raw+ep " + java + " && echo " + jdk.resolve("lib") + " | sudo tee " + conf
                + " && sudo ldconfig (a binary with capabilities ignores its relative library path, so the loader"
                + " must be told where the JDK's libraries are)";
    }

    private static Path javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            return ProcessHandle.current()
                    .info()
                    .command()
                    .map(Path::of)
                    .orElse(java)
                    .toRealPath();
        } catch (IOException e) {
            return java;
        }
    }

    /** The effective gid, or a field of /proc/self/status as it stands. */
    private static String statusField(String name) {
        for (String line : read(Path.of("/proc/self/status")).split("\n")) {
            if (line.startsWith(name)) {
                String[] values = line.substring(name.length()).strip().split("\\s+");
                return name.equals("Gid:") && values.length > 1
                        ? values[1]
                        : String.join(" ", values).strip();
            }
        }
        return "";
    }

    /**
     * Reads a small /proc file in one {@code read}: sysctl handlers return nothing for a read at a non-zero
     * offset, so a reader that starts with a small buffer sees only the first bytes.
     */
    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[4096];
            int length = in.read(buffer);
            return length <= 0 ? "unknown" : new String(buffer, 0, length, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "unknown";
        }
    }
}
