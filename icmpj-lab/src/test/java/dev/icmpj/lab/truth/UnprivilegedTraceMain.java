package dev.icmpj.lab.truth;

import dev.icmpj.Hop;
import dev.icmpj.Icmp;
import dev.icmpj.PingOptions;
import dev.icmpj.TracerouteOptions;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Privilege;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Traces the route to its argument through a ping socket and prints the process's uid line, then
 * {@code distance responder} per hop: run as nobody by {@link TracerouteTruthTest}.
 */
public final class UnprivilegedTraceMain {
    private UnprivilegedTraceMain() {}

    /**
     * Runs the trace.
     *
     * @param args the destination
     * @throws Exception when it fails
     */
    public static void main(String[] args) throws Exception {
        Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Uid:"))
                .forEach(System.out::println);
        TracerouteOptions options = TracerouteOptions.builder()
                .pingOptions(PingOptions.builder()
                        .privilege(Privilege.UNPRIVILEGED)
                        .count(2)
                        .timeout(Duration.ofSeconds(1))
                        .build())
                .maxHops(12)
                .build();
        for (Hop hop : Icmp.traceroute(args[0], options)) {
            System.out.println(hop.distance() + " " + (hop.address() == null ? "*" : AddressText.of(hop.address())));
        }
        System.exit(0);
    }
}
