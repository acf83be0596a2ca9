package dev.icmpj.bench;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.socket.IcmpLibException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * How punctually a ping's requests leave: request k is due at the first request's send clock plus k
 * intervals, and its lateness is how long after that its own send clock was read (the listener's
 * {@code onSent}). Prints the median, the 90th percentile and the largest lateness of one ping, after an untimed
 * one that warms the JVM. Sends only to 127.0.0.1, a bounded count.
 *
 * <p>Usage: {@code PingCadence INTERVAL_MICROS COUNT}.
 */
public final class PingCadence {
    private PingCadence() {}

    /**
     * Runs the measurement.
     *
     * @param args the interval in microseconds and the number of requests
     * @throws IcmpLibException when the ping fails
     */
    public static void main(String[] args) throws IcmpLibException {
        Duration interval = Duration.ofNanos(Long.parseLong(args[0]) * 1_000);
        int count = Integer.parseInt(args[1]);
        long[] sentAt = new long[count];
        int[] sends = {0};
        PingListener recorder = new PingListener() {
            @Override
            public void onSent(InetAddress address, int sequence, long sentAtNanos) {
                sentAt[sends[0]++] = sentAtNanos;
            }
        };
        try (Pinger pinger = Pinger.create()) {
            PingOptions options =
                    PingOptions.builder().count(count).interval(interval).build();
            pinger.ping("127.0.0.1", options.toBuilder().count(20).build());
            Host host = pinger.ping("127.0.0.1", options, recorder);
            long[] lateness = new long[count - 1];
            for (int k = 1; k < count; k++) {
                lateness[k - 1] = sentAt[k] - (sentAt[0] + k * interval.toNanos());
            }
            Arrays.sort(lateness);
            System.out.printf(
                    "interval %d us, %d requests, %d replies: lateness median %.1f us, p90 %.1f us, max %.1f us%n",
                    interval.toNanos() / 1_000,
                    count,
                    host.packetsReceived(),
                    lateness[lateness.length / 2] / 1e3,
                    lateness[lateness.length * 9 / 10] / 1e3,
                    lateness[lateness.length - 1] / 1e3);
        }
    }
}
