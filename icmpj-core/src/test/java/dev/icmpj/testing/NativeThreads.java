package dev.icmpj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the kernel says about this process's threads ({@code /proc/self/task/TID/syscall}), so that a test can
 * act when a thread is really blocked in a system call instead of sleeping and hoping it got there: on a
 * loaded machine a thread started 100 ms ago may not have run at all.
 *
 * <p>Thread-safe: no state.
 */
public final class NativeThreads {
    /** {@code ppoll}'s system call number on this machine's architecture (x86-64 or aarch64). */
    public static final int PPOLL = "aarch64".equals(System.getProperty("os.arch")) ? 73 : 271;

    /** How long {@link #awaitBlockedIn} waits at most: far more than a thread needs to reach a call. */
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private NativeThreads() {}

    /**
     * The kernel's id of the calling thread ({@code gettid()}), read from {@code /proc/thread-self}.
     *
     * @return the calling thread's tid
     */
    public static int currentTid() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "PID/task/TID"
            return Integer.parseInt(self.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first field of {@code /proc/self/task/TID/syscall}: the number of the system call the thread is
     * blocked in, {@code -1} when it is blocked outside one, {@code running} when it runs.
     *
     * @param tid a thread of this process
     * @return that field, or {@code exited} when the thread no longer exists
     */
    public static String state(int tid) {
        try {
            String line = Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "syscall"));
            return line.strip().split(" ", 2)[0];
        } catch (NoSuchFileException gone) {
            return "exited";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until thread {@code tid} is blocked in system call {@code number}, checking every millisecond.
     *
     * @param tid a thread of this process
     * @param number the system call, e.g. {@link #PPOLL}
     * @param giveUp checked while waiting: when it becomes true the thread will never get there (it finished
     *     what it was doing), and the wait ends
     * @return true once the thread was seen blocked in the call; false when {@code giveUp} became true first
     * @throws AssertionError when neither happened within 60 s
     * @throws InterruptedException when interrupted while waiting
     */
    public static boolean awaitBlockedIn(int tid, int number, BooleanSupplier giveUp) throws InterruptedException {
        String wanted = Integer.toString(number);
        long deadline = System.nanoTime() + LIMIT_NANOS;
        String last = state(tid);
        while (!last.equals(wanted)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "thread " + tid + " not blocked in system call " + number + " within 60 s; its state: " + last);
            }
            Thread.sleep(1);
            last = state(tid);
        }
        return true;
    }

    /**
     * The threads of this process blocked in system call {@code number} now.
     *
     * @param number the system call, e.g. {@link #PPOLL}
     * @return their tids
     */
    public static Set<Integer> blockedIn(int number) {
        String wanted = Integer.toString(number);
        Set<Integer> tids = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                int tid = Integer.parseInt(task.getFileName().toString());
                if (state(tid).equals(wanted)) {
                    tids.add(tid);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tids;
    }

    /**
     * Waits until a thread not in {@code already} is blocked in system call {@code number}: for a thread that a
     * library starts, whose tid the test cannot ask for.
     *
     * @param already the threads blocked in that call before the test started the one it waits for
     * @param number the system call, e.g. {@link #PPOLL}
     * @return the new thread's tid
     * @throws AssertionError when none is within 60 s
     * @throws InterruptedException when interrupted while waiting
     */
    public static int awaitAnotherBlockedIn(Set<Integer> already, int number) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            for (int tid : blockedIn(number)) {
                if (!already.contains(tid)) {
                    return tid;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no new thread blocked in system call " + number + " within 60 s");
    }
}
