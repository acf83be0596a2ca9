package dev.icmpj.bench;

import dev.icmpj.MultipingListener;
import dev.icmpj.MultipingOptions;
import dev.icmpj.MultipingResult;
import dev.icmpj.Pinger;
import dev.icmpj.Targets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The library call alone with the JVM warm: sweeps a CIDR block WARMUP times untimed, then RUNS times timed,
 * one request per host, no interval and a 500 ms timeout (fping's {@code -i0 -r0 -t500}), and prints the
 * median time of a call in seconds and the fewest hosts found alive. Used by {@code icmpj-bench/sweep.sh}.
 */
public final class WarmSweep {
    private WarmSweep() {}

    /**
     * Runs the sweeps.
     *
     * @param args CIDR block, warm-up runs, timed runs
     * @throws Exception when a sweep fails
     */
    public static void main(String[] args) throws Exception {
        Targets targets = Targets.cidr(args[0]);
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        MultipingOptions options = MultipingOptions.builder()
                .count(1)
                .interval(Duration.ZERO)
                .timeout(Duration.ofMillis(500))
                .build();
        double[] seconds = new double[runs];
        int alive = Integer.MAX_VALUE;
        try (Pinger pinger = Pinger.create()) {
            for (int i = 0; i < warmup + runs; i++) {
                long start = System.nanoTime();
                MultipingResult result = pinger.multiping(targets, options, MultipingListener.NONE);
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (i >= warmup) {
                    seconds[i - warmup] = elapsed;
                    alive = Math.min(alive, result.alive());
                }
            }
        }
        Arrays.sort(seconds);
        double median = runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
        System.out.printf("%.3f %d%n", median, alive);
    }
}
