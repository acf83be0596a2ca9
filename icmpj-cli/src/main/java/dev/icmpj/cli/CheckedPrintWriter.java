package dev.icmpj.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintWriter} that keeps the first I/O error of the writer under it. A plain {@code PrintWriter}
 * swallows the error and keeps only a flag ({@link #checkError()}); icmpj needs the error itself to tell a
 * reader that went away ({@code EPIPE}: end quietly, as the C tools die of {@code SIGPIPE}) from a full
 * disk ({@code ENOSPC}: say {@code write error}, as iputils does).
 *
 * <p>Thread-safe as {@code PrintWriter} is (its methods lock the writer); {@link #failure()} may be read from
 * any thread.
 */
final class CheckedPrintWriter extends PrintWriter {
    /** Characters of standard output held before they are encoded: the encoder's own buffer is 8 KB. */
    private static final int CHARACTERS_BUFFERED = 8192;

    private final Recorder recorder;

    /**
     * Wraps a writer.
     *
     * @param out where the text goes
     */
    CheckedPrintWriter(Writer out) {
        this(new Recorder(out));
    }

    private CheckedPrintWriter(Recorder recorder) {
        super(recorder, false);
        this.recorder = recorder;
    }

    /**
     * Returns a writer on the process's standard output (file descriptor 1, not {@code System.out}, whose
     * {@code PrintStream} would swallow the error), in the encoding {@code System.out} uses, with a buffer of
     * its own: it is flushed by whoever writes through it (nothing reaches the file before a flush, or a full
     * buffer).
     *
     * @return the writer
     */
    static CheckedPrintWriter standardOutput() {
        String encoding = System.getProperty("stdout.encoding");
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (encoding != null) {
                charset = Charset.forName(encoding);
            }
        } catch (IllegalArgumentException unknown) {
            // keep UTF-8
        }
        // a buffer of characters before the encoder: OutputStreamWriter alone copies each string it is given into
        // a char[] and a CharBuffer of its own (two for a println), a sweep's 65,534 lines 260,000 objects
        return new CheckedPrintWriter(new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), CHARACTERS_BUFFERED));
    }

    /**
     * Returns the first error a write or flush met.
     *
     * @return the error, or null when every write succeeded
     */
    IOException failure() {
        return recorder.failure;
    }

    /** Passes everything on and keeps the first error before {@code PrintWriter} swallows it. */
    private static final class Recorder extends Writer {
        private final Writer out;
        private volatile IOException failure;

        Recorder(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            try {
                out.write(buffer, offset, length);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            try {
                out.write(text, offset, length);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw record(e);
            }
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
