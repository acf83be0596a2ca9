package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void close_invalidFd_capturesEbadf() throws Throwable {
        MemorySegment capture = Libc.errnoSegment();
        int rc = (int) Libc.close.invokeExact(capture, -1);
        assertThat(rc).isEqualTo(-1);
        assertThat(Libc.errno(capture)).isEqualTo(Errno.EBADF);
    }

    @Test
    void errnoSegment_isPerThread() throws Exception {
        MemorySegment mine = Libc.errnoSegment();
        MemorySegment[] other = new MemorySegment[1];
        Thread t = Thread.ofPlatform().start(() -> other[0] = Libc.errnoSegment());
        t.join();
        assertThat(other[0].address()).isNotEqualTo(mine.address());
        assertThat(Libc.errnoSegment()).isSameAs(mine);
    }

    @Test
    void errnoException_namesCallAndErrno() {
        ErrnoException e = new ErrnoException("sendto", Errno.EACCES);
        assertThat(e.getMessage()).isEqualTo("sendto: Permission denied (EACCES)");
        assertThat(e.errno()).isEqualTo(13);
        assertThat(Errno.name(Errno.EHOSTUNREACH)).isEqualTo("EHOSTUNREACH");
        assertThat(Errno.name(4242)).isEqualTo("errno 4242");
    }
}
