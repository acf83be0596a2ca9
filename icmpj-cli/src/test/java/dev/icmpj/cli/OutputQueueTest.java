package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer thread of every command: order, lines out without waiting for more, failures, the status line. */
@Timeout(60)
class OutputQueueTest {

    @Test
    void lines_stdoutFlushedBeforeEachStderrLine_soOnePipeKeepsTheirOrder() {
        List<String> both = new CopyOnWriteArrayList<>();
        OutputQueue output = new OutputQueue(
                new PrintWriter(new Recording("out", both)), new PrintWriter(new Recording("err", both)));

        output.out("alive");
        output.out("unreachable");
        output.err("statistics");
        output.out("after");
        output.close();

        // each flushed chunk, split into its lines: the order in which they reached the two file descriptors
        List<String> lines = both.stream()
                .flatMap(chunk -> {
                    String label = chunk.substring(0, chunk.indexOf(':') + 1);
                    return chunk.substring(label.length()).lines().map(line -> label + line);
                })
                .toList();
        assertThat(lines).containsExactly("out:alive", "out:unreachable", "err:statistics", "out:after");
    }

    @Test
    void aLoneLine_isFlushedWithoutWaitingForMore() throws Exception {
        CountDownLatch flushed = new CountDownLatch(1);
        StringWriter text = new StringWriter();
        Writer watching = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                text.write(buffer, offset, length);
            }

            @Override
            public void flush() {
                if (!text.toString().isEmpty()) {
                    flushed.countDown();
                }
            }

            @Override
            public void close() {}
        };
        OutputQueue output = new OutputQueue(new PrintWriter(watching), new PrintWriter(new StringWriter()));

        output.out("127.0.0.1 is alive");

        assertThat(flushed.await(10, TimeUnit.SECONDS))
                .as("flushed while the queue stays open")
                .isTrue();
        assertThat(text).hasToString("127.0.0.1 is alive\n");
        output.close();
    }

    @Test
    void aBurstOfLines_writtenInAFewFlushesNotOnePerLine() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        StringWriter text = new StringWriter();
        Writer counting = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                text.write(buffer, offset, length);
            }

            @Override
            public void flush() {
                flushes.incrementAndGet();
            }

            @Override
            public void close() {}
        };
        OutputQueue output = new OutputQueue(new PrintWriter(counting), new PrintWriter(new StringWriter()));

        // a sweep's lines: queued faster than one per millisecond
        long start = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            output.out("127.1." + (i >> 8) + "." + (i & 0xFF));
        }
        long queuedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        output.close();

        assertThat(text.toString().lines())
                .hasSize(20_000)
                .startsWith("127.1.0.0")
                .endsWith("127.1.78.31");
        // a flush when the writer caught up and a millisecond passed without more, or every 20 ms of a burst;
        // waking the writer per line flushed thousands of times (room for a machine that stalls the producer)
        assertThat(flushes.get()).isLessThanOrEqualTo(20 + (int) queuedMillis);
    }

    @Test
    void brokenPipe_stopsOutputAndTellsOnce() throws Exception {
        AtomicInteger told = new AtomicInteger();
        CountDownLatch failed = new CountDownLatch(1);
        Writer pipe = new Writer() {
            private int written;

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                if (++written > 2) {
                    throw new IOException("Broken pipe");
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        OutputQueue output = new OutputQueue(new CheckedPrintWriter(pipe), new PrintWriter(new StringWriter()));
        output.onFailure(() -> {
            told.incrementAndGet();
            failed.countDown();
        });

        for (int i = 0; i < 10; i++) {
            output.out("line " + i);
            Thread.sleep(5);
        }

        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        output.out("after the failure");
        output.close();
        assertThat(told).hasValue(1);
        assertThat(output.failed()).isTrue();
        assertThat(output.failure().brokenPipe()).isTrue();
    }

    @Test
    void fullDisk_aWriteErrorInIputilsWords() {
        Writer full = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        OutputQueue output = new OutputQueue(new CheckedPrintWriter(full), new PrintWriter(new StringWriter()));

        output.out("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.");
        output.close();

        assertThat(output.failure().brokenPipe()).isFalse();
        assertThat(output.failure().message()).isEqualTo("write error: No space left on device");
    }

    @Test
    void status_erasedBeforeEachLineAndDrawnAgainWhenIdle() throws Exception {
        StringWriter out = new StringWriter();
        StringBuffer err = new StringBuffer();
        OutputQueue output = new OutputQueue(new PrintWriter(out), new PrintWriter(new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                err.append(buffer, offset, length);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }));
        String status = "1/2 targets done (50%), 1 alive";

        output.status(status);
        awaitText(err, "\r" + status + "\u001b[K");
        output.out("127.0.0.1 is alive");
        awaitText(err, "\r" + status + "\u001b[K\r\u001b[K\r" + status + "\u001b[K");
        output.close();

        // drawn; erased for the line and drawn again; erased at the end: never left on the terminal
        assertThat(err.toString()).isEqualTo("\r" + status + "\u001b[K\r\u001b[K\r" + status + "\u001b[K\r\u001b[K");
        assertThat(out.toString()).isEqualTo("127.0.0.1 is alive\n");
    }

    private static void awaitText(StringBuffer text, String expected) throws InterruptedException {
        for (int i = 0; i < 1000 && !text.toString().equals(expected); i++) {
            Thread.sleep(10);
        }
        assertThat(text.toString()).isEqualTo(expected);
    }

    /** A writer that records each flushed chunk with a label. */
    private static final class Recording extends Writer {
        private final String label;
        private final List<String> chunks;
        private final StringBuilder pending = new StringBuilder();

        Recording(String label, List<String> chunks) {
            this.label = label;
            this.chunks = chunks;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            pending.append(buffer, offset, length);
        }

        @Override
        public void flush() {
            if (!pending.isEmpty()) {
                chunks.add(label + ":" + pending);
                pending.setLength(0);
            }
        }

        @Override
        public void close() {}
    }
}
