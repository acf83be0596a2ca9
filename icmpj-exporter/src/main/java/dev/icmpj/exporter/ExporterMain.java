package dev.icmpj.exporter;

/** Placeholder. */
public final class ExporterMain {
    private ExporterMain() {}

    /** Entry. */
    public static void main(String[] args) {}
}
