package dev.icmpj;

import dev.icmpj.socket.IcmpLibException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Prints what {@link Icmp#isAvailable()} and {@link Icmp#unavailabilityCause()} say, then, when available,
 * the replies of one loopback ping, else how a ping fails in its blocking and its async form: run by
 * {@code IcmpTest} in JVMs with and without native access.
 */
public final class AvailabilityMain {
    private AvailabilityMain() {}

    /**
     * Prints {@code available=true cause=none received=<n>}, or
     * {@code available=false cause=<class> sync=<exception> async=<exception of the future>}.
     *
     * @param args ignored
     * @throws IcmpLibException when the ping fails
     */
    public static void main(String[] args) throws IcmpLibException {
        boolean available = Icmp.isAvailable();
        String cause = Icmp.unavailabilityCause()
                .map(t -> t.getClass().getSimpleName())
                .orElse("none");
        PingOptions once =
                PingOptions.builder().count(1).timeout(Duration.ofSeconds(5)).build();
        if (available) {
            System.out.println("available=true cause=" + cause + " received="
                    + Icmp.ping("127.0.0.1", once).packetsReceived());
            return;
        }
        // unavailable: a ping fails with the library's exception, in both forms, never a linkage error
        String sync;
        try {
            Icmp.ping("127.0.0.1", once);
            sync = "none";
        } catch (IcmpLibException | RuntimeException | Error e) {
            sync = e.getClass().getSimpleName();
        }
        String async;
        try {
            Icmp.pingAsync("127.0.0.1", once).get(10, TimeUnit.SECONDS);
            async = "none";
        } catch (ExecutionException e) {
            async = e.getCause().getClass().getSimpleName();
        } catch (RuntimeException | Error | InterruptedException | TimeoutException e) {
            async = "thrown " + e.getClass().getSimpleName();
        }
        System.out.println("available=false cause=" + cause + " sync=" + sync + " async=" + async);
    }
}
