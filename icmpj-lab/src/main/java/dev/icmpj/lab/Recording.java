package dev.icmpj.lab;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** Waiting for a recorder (a synchronized collection another thread fills) to reach a size. */
final class Recording {
    private Recording() {}

    /**
     * Waits, polling every millisecond, until a collection holds at least a number of elements.
     *
     * @param recorded the collection another thread adds to
     * @param count how many elements
     * @param timeout how long at most
     * @return whether the count was reached in time
     * @throws InterruptedException when interrupted
     */
    static boolean awaitSize(Collection<?> recorded, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recorded.size() < count) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
    }
}
