package dev.icmpj;

import dev.icmpj.socket.IcmpLibException;
import java.time.Duration;

/**
 * Prints what {@link Icmp#isAvailable()} and {@link Icmp#unavailabilityCause()} say, then, when available,
 * the replies of one loopback ping: run by {@code IcmpTest} in JVMs with and without native access.
 */
public final class AvailabilityMain {
    private AvailabilityMain() {}

    /**
     * Prints {@code available=<bool> cause=<class or none> received=<n or ->}.
     *
     * @param args ignored
     * @throws IcmpLibException when the ping fails
     */
    public static void main(String[] args) throws IcmpLibException {
        boolean available = Icmp.isAvailable();
        String cause = Icmp.unavailabilityCause()
                .map(t -> t.getClass().getSimpleName())
                .orElse("none");
        String received = available
                ? Integer.toString(Icmp.ping(
                                "127.0.0.1",
                                PingOptions.builder()
                                        .count(1)
                                        .timeout(Duration.ofSeconds(5))
                                        .build())
                        .packetsReceived())
                : "-";
        System.out.println("available=" + available + " cause=" + cause + " received=" + received);
    }
}
