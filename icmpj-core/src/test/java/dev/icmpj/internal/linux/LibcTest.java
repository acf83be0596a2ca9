package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void close_invalidFd_capturesEbadf() {
        MemorySegment capture = Libc.errnoSegment();
        int rc = Libc.close(capture, -1);
        assertThat(rc).isEqualTo(-1);
        assertThat(Libc.errno(capture)).isEqualTo(Errno.EBADF);
    }

    @Test
    void clockGettime_argumentsAndResultThroughTheOneShape() {
        MemorySegment capture = Libc.errnoSegment();
        // an unknown clock id is refused with EINVAL; a known one fills the struct (close(-1) covers negative ints)
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment time = arena.allocate(Structs.TIMESPEC);
            assertThat(Libc.clock_gettime(capture, 4242, time)).isEqualTo(-1);
            assertThat(Libc.errno(capture)).isEqualTo(Errno.EINVAL);
            assertThat(Libc.clock_gettime(capture, LinuxConstants.CLOCK_REALTIME, time))
                    .isZero();
            long seconds = time.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0);
            assertThat(seconds * 1000)
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
        }
    }

    @Test
    void heapSegment_isRefused() {
        MemorySegment heap = MemorySegment.ofArray(new byte[16]);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Libc.clock_gettime(Libc.errnoSegment(), LinuxConstants.CLOCK_REALTIME, heap))
                .isInstanceOf(IllegalArgumentException.class);
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
