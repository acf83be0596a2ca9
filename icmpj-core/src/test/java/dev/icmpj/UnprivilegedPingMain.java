package dev.icmpj;

import dev.icmpj.socket.IcmpLibException;
import dev.icmpj.socket.Privilege;
import java.time.Duration;

/**
 * Pings 127.0.0.1 twice with {@link Privilege#UNPRIVILEGED} and prints the result's {@link Host#toMap()}
 * (exit 0), or the exception's class and message (exit 2). Run by {@code PingerKernelTest} as a non-root uid.
 */
public final class UnprivilegedPingMain {
    private UnprivilegedPingMain() {}

    /**
     * Runs the ping.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PingOptions options = PingOptions.builder()
                .count(2)
                .interval(Duration.ofMillis(20))
                .timeout(Duration.ofSeconds(1))
                .privilege(Privilege.UNPRIVILEGED)
                .build();
        try (Pinger pinger = Pinger.create()) {
            System.out.println(pinger.ping("127.0.0.1", options).toMap());
        } catch (IcmpLibException e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
