package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
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
    void eventfdAndWrite_argumentsAndResultThroughTheOneShape() throws ErrnoException {
        MemorySegment capture = Libc.errnoSegment();
        // a pointer and a length in, a byte count out; close(-1) covers negative ints
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.checked(Libc.eventfd(capture, 0, LinuxConstants.EFD_CLOEXEC), capture, "eventfd");
            try {
                MemorySegment value = arena.allocate(JAVA_LONG);
                value.set(JAVA_LONG, 0, 5);
                assertThat(Libc.write(capture, fd, value, 8)).isEqualTo(8);
                assertThat(Libc.write(capture, fd, value, 4)).isEqualTo(-1);
                assertThat(Libc.errno(capture)).isEqualTo(Errno.EINVAL);
            } finally {
                Libc.closeQuietly(fd);
            }
        }
    }

    @Test
    void heapSegment_isRefused() {
        MemorySegment heap = MemorySegment.ofArray(new byte[16]);
        assertThatThrownBy(() -> Libc.write(Libc.errnoSegment(), -1, heap, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errnoSegment_isPerThreadAlsoWhenThreadsTakeTurns() throws Exception {
        MemorySegment mine = Libc.errnoSegment();
        MemorySegment[] other = new MemorySegment[2];
        Thread t = Thread.ofPlatform().start(() -> {
            other[0] = Libc.errnoSegment();
            other[1] = Libc.errnoSegment();
        });
        t.join();
        assertThat(other[0].address()).isNotEqualTo(mine.address());
        assertThat(other[1]).isSameAs(other[0]);
        assertThat(Libc.errnoSegment()).isSameAs(mine);
        Thread again = Thread.ofPlatform().start(() -> other[1] = Libc.errnoSegment());
        again.join();
        assertThat(other[1].address()).isNotEqualTo(mine.address());
        assertThat(Libc.errnoSegment()).isSameAs(mine);
    }

    @Test
    void errnoException_namesCallAndErrno() {
        ErrnoException e = new ErrnoException("sendto", Errno.EACCES);
        assertThat(e.getMessage()).isEqualTo("sendto: Permission denied (EACCES)");
        assertThat(e.errno()).isEqualTo(13);
        assertThat(Errno.name(Errno.EHOSTUNREACH)).isEqualTo("EHOSTUNREACH");
        assertThat(Errno.name(4242)).isEqualTo("errno 4242");
        // what a ping socket's pending ICMP error fails a send with
        assertThat(new ErrnoException("sendto", Errno.ENOPROTOOPT).getMessage())
                .isEqualTo("sendto: Protocol not available (ENOPROTOOPT)");
        assertThat(new ErrnoException("sendto", Errno.EREMOTEIO).getMessage())
                .isEqualTo("sendto: Remote I/O error (EREMOTEIO)");
        assertThat(new ErrnoException("sendto", Errno.EPROTO).getMessage())
                .isEqualTo("sendto: Protocol error (EPROTO)");
    }
}
