package dev.icmpj.cli;

/**
 * Gives {@code SIGHUP} back its default action, so that a hang-up ends an icmpj process as it ends iputils
 * ping, fping and traceroute, none of which handles it: at once, silently, the shell reporting 129. The JVM
 * would otherwise run its shutdown hooks for it, which print the statistics as Ctrl-C does.
 *
 * <p>Through {@code sun.misc.Signal} (module {@code jdk.unsupported}, the JDK's supported way to it), by
 * reflection: javac warns of every direct use of that class, and the build turns warnings into errors. Its
 * {@code SIG_DFL} handler needs no class of ours, so nothing is spun at start-up (a downcall to the C library's
 * {@code signal} cost a cold start 24-60 ms). The JVM keeps a hang-up that was ignored when it started
 * ({@code nohup}) ignored. Only the process's own {@code main} calls it, never a test's JVM.
 *
 * <p>Thread-safe: the disposition is the process's.
 */
final class HangupDisposition {
    private HangupDisposition() {}

    /** Restores the default action of {@code SIGHUP}; where that is refused, the JVM's handler stays. */
    static void restoreDefault() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            signal.getMethod("handle", signal, handler)
                    .invoke(
                            null,
                            signal.getConstructor(String.class).newInstance("HUP"),
                            handler.getField("SIG_DFL").get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError refused) {
            // no jdk.unsupported in this runtime, or the JVM reserves the signal (-Xrs): its handling stays
        }
    }
}
