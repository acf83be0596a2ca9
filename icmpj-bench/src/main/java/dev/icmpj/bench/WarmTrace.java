package dev.icmpj.bench;

import dev.icmpj.Hop;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.TracerouteOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The library call alone with the JVM warm: traces a destination WARMUP times untimed, then RUNS times
 * timed, with 2 probes per hop, no pause between them and a 1 s timeout (traceroute -I's probes), and prints the median time of a
 * call in ms and the hops found. Used by {@code icmpj-bench/trace.sh}.
 */
public final class WarmTrace {
    private WarmTrace() {}

    /**
     * Runs the traces.
     *
     * @param args destination, warm-up runs, timed runs
     * @throws Exception when a trace fails
     */
    public static void main(String[] args) throws Exception {
        String destination = args[0];
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        TracerouteOptions options = TracerouteOptions.builder()
                .pingOptions(PingOptions.builder()
                        .count(2)
                        .interval(Duration.ZERO)
                        .timeout(Duration.ofSeconds(1))
                        .build())
                .build();
        double[] millis = new double[runs];
        int hops = 0;
        try (Pinger pinger = Pinger.create()) {
            for (int i = 0; i < warmup + runs; i++) {
                long start = System.nanoTime();
                List<Hop> trace = pinger.traceroute(destination, options);
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (i >= warmup) {
                    millis[i - warmup] = elapsed;
                    hops = (int) trace.stream().filter(Hop::isAlive).count();
                }
            }
        }
        Arrays.sort(millis);
        double median = runs % 2 == 1 ? millis[runs / 2] : (millis[runs / 2 - 1] + millis[runs / 2]) / 2;
        System.out.printf("%.3f %d%n", median, hops);
    }
}
