package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ErrnoTextTest {

    /** The C library's own words for an errno: {@code strerror(3)}. */
    @SuppressWarnings("restricted")
    private static String strerror(int errno) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle strerror = linker.downcallHandle(
                linker.defaultLookup().find("strerror").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }

    @Test
    void of_everyErrnoListed_theCLibrarysWords() throws Throwable {
        int listed = 0;
        for (int errno = 1; errno < 134; errno++) {
            String text = ErrnoText.of(errno);
            if (text != null) {
                listed++;
                assertThat(text).as("errno %d", errno).isEqualTo(strerror(errno));
            }
        }
        // every errno a send reports, those an ICMP error leaves on a ping socket included
        for (int errno : new int[] {1, 13, 64, 71, 90, 92, 95, 101, 111, 112, 113, 121}) {
            assertThat(ErrnoText.of(errno)).as("errno %d", errno).isNotNull();
        }
        assertThat(listed).isEqualTo(17);
    }
}
