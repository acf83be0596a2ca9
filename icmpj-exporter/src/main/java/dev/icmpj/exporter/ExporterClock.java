package dev.icmpj.exporter;

/**
 * The clocks the exporter reads: a seam, so tests drive time by hand.
 *
 * <p>Implementations are thread-safe.
 */
public interface ExporterClock {
    /** The system's clocks. */
    ExporterClock SYSTEM = new ExporterClock() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    };

    /**
     * The wall clock: minutes of the smoke graphs, times shown on the page, reload timestamps.
     *
     * @return milliseconds since the epoch
     */
    long wallMillis();
}
