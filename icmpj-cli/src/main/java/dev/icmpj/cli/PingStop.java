package dev.icmpj.cli;

/**
 * When a ping run ends, as iputils ends it: every request decided, the {@code -w} deadline, iputils' own
 * rules ({@code -c} answers within {@code -w}, an error with {@code -w}), its linger after the last request,
 * or a failed standard output. The command's thread waits here ({@link #await}); the engine's thread, the
 * output thread and the ping's future tell it why to stop. Deadlines are kept here and waited for with the
 * monitor, so no timer thread is started (a JVM's first scheduled executor costs a cold start 15-45 ms).
 *
 * <p>Thread-safe.
 */
final class PingStop implements PingPrinter.Control {

    /** Why a ping ended. */
    enum Reason {
        /** Every request was decided. */
        DONE,
        /** The {@code -w} deadline passed. */
        DEADLINE,
        /** iputils stops here: {@code -c} answers within {@code -w}, or an ICMP error with {@code -w}. */
        IPUTILS_RULE,
        /** iputils' wait after the last request passed. */
        LINGER,
        /** Standard output failed. */
        OUTPUT_FAILED
    }

    private Reason reason;
    /** {@link System#nanoTime()} of the {@code -w} deadline and of the linger's end, when there are. */
    private long deadlineAt;

    private long lingerUntil;
    private boolean deadline;
    private boolean linger;

    /**
     * Sets the {@code -w} deadline.
     *
     * @param nanos from now
     */
    synchronized void deadlineIn(long nanos) {
        deadlineAt = System.nanoTime() + nanos;
        deadline = true;
        notifyAll();
    }

    /**
     * Ends the run, unless it ended already.
     *
     * @param why why
     */
    synchronized void stop(Reason why) {
        if (reason == null) {
            reason = why;
            notifyAll();
        }
    }

    @Override
    public void stop() {
        stop(Reason.IPUTILS_RULE);
    }

    @Override
    public synchronized void lastSent(long lingerNanos) {
        lingerUntil = System.nanoTime() + lingerNanos;
        linger = true;
        notifyAll();
    }

    /**
     * Waits until the run ends.
     *
     * @return why it ended
     * @throws InterruptedException when the waiting thread is interrupted
     */
    synchronized Reason await() throws InterruptedException {
        while (reason == null) {
            long now = System.nanoTime();
            if (deadline && deadlineAt - now <= 0) {
                reason = Reason.DEADLINE;
            } else if (linger && lingerUntil - now <= 0) {
                reason = Reason.LINGER;
            } else if (!deadline && !linger) {
                wait();
            } else {
                long next = Math.min(
                        deadline ? deadlineAt - now : Long.MAX_VALUE, linger ? lingerUntil - now : Long.MAX_VALUE);
                wait(Math.max(1, Math.min(next / 1_000_000 + 1, Integer.MAX_VALUE)));
            }
        }
        return reason;
    }
}
