package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructsTest {
    /** Sizes and offsets as gcc printed them on x86-64 Debian 12; used when gcc is absent. */
    private static final Map<String, Long> VERIFIED = new HashMap<>();

    private static Map<String, Long> gcc;

    static {
        long[] v = {
            16, 0, 2, 4, 28, 0, 2, 4, 8, 24, 16, 0, 8, 56, 0, 8, 16, 24, 32, 40, 48, 64, 56, 16, 0, 8, 12, 8, 4, 6, 16,
            8, 16, 4, 5, 6, 8, 8, 16, 8, 4, 32, 0, 12, 48
        };
        String[] k = {
            "sockaddr_in",
            "sockaddr_in.sin_family",
            "sockaddr_in.sin_port",
            "sockaddr_in.sin_addr",
            "sockaddr_in6",
            "sockaddr_in6.sin6_family",
            "sockaddr_in6.sin6_port",
            "sockaddr_in6.sin6_flowinfo",
            "sockaddr_in6.sin6_addr",
            "sockaddr_in6.sin6_scope_id",
            "iovec",
            "iovec.iov_base",
            "iovec.iov_len",
            "msghdr",
            "msghdr.msg_name",
            "msghdr.msg_namelen",
            "msghdr.msg_iov",
            "msghdr.msg_iovlen",
            "msghdr.msg_control",
            "msghdr.msg_controllen",
            "msghdr.msg_flags",
            "mmsghdr",
            "mmsghdr.msg_len",
            "cmsghdr",
            "cmsghdr.cmsg_len",
            "cmsghdr.cmsg_level",
            "cmsghdr.cmsg_type",
            "pollfd",
            "pollfd.events",
            "pollfd.revents",
            "timespec",
            "timespec.tv_nsec",
            "sock_extended_err",
            "sock_extended_err.ee_origin",
            "sock_extended_err.ee_type",
            "sock_extended_err.ee_code",
            "sock_extended_err.ee_info",
            "sock_filter",
            "sock_fprog",
            "sock_fprog.filter",
            "icmp_filter",
            "icmp6_filter",
            "sock_extended_err.ee_errno",
            "sock_extended_err.ee_data",
            "scm_timestamping"
        };
        for (int i = 0; i < k.length; i++) {
            VERIFIED.put(k[i], v[i]);
        }
    }

    private static final String PROGRAM = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <time.h>
            #include <poll.h>
            #include <sys/socket.h>
            #include <sys/uio.h>
            #include <sys/eventfd.h>
            #include <netinet/in.h>
            #include <netinet/icmp6.h>
            #include <errno.h>
            #include <linux/errqueue.h>
            #include <linux/net_tstamp.h>
            #include <linux/filter.h>
            #include <linux/icmp.h>
            #include <linux/sock_diag.h>
            #define S(t) printf(#t " %zu\\n", sizeof(struct t));
            #define O(t, f) printf(#t "." #f " %zu\\n", offsetof(struct t, f));
            #define C(c) printf(#c " %ld\\n", (long) (c));
            int main(void) {
              S(sockaddr_in) O(sockaddr_in, sin_family) O(sockaddr_in, sin_port) O(sockaddr_in, sin_addr)
              S(sockaddr_in6) O(sockaddr_in6, sin6_family) O(sockaddr_in6, sin6_port) O(sockaddr_in6, sin6_flowinfo)
              O(sockaddr_in6, sin6_addr) O(sockaddr_in6, sin6_scope_id)
              S(iovec) O(iovec, iov_base) O(iovec, iov_len)
              S(msghdr) O(msghdr, msg_name) O(msghdr, msg_namelen) O(msghdr, msg_iov) O(msghdr, msg_iovlen)
              O(msghdr, msg_control) O(msghdr, msg_controllen) O(msghdr, msg_flags)
              S(mmsghdr) O(mmsghdr, msg_len)
              S(cmsghdr) O(cmsghdr, cmsg_len) O(cmsghdr, cmsg_level) O(cmsghdr, cmsg_type)
              S(pollfd) O(pollfd, events) O(pollfd, revents) S(timespec) O(timespec, tv_nsec)
              S(sock_extended_err) O(sock_extended_err, ee_origin) O(sock_extended_err, ee_type)
              O(sock_extended_err, ee_code) O(sock_extended_err, ee_info) O(sock_extended_err, ee_errno)
              O(sock_extended_err, ee_data) S(scm_timestamping)
              S(sock_filter) S(sock_fprog) O(sock_fprog, filter) S(icmp_filter) S(icmp6_filter)
              C(AF_INET) C(AF_INET6) C(SOCK_DGRAM) C(SOCK_RAW) C(SOCK_CLOEXEC) C(EFD_NONBLOCK)
              C(EFD_CLOEXEC) C(IPPROTO_IP) C(IPPROTO_ICMP) C(IPPROTO_IPV6) C(IPPROTO_ICMPV6) C(SOL_SOCKET)
              C(SOL_RAW) C(SO_BROADCAST) C(SO_RCVBUF) C(SO_BINDTODEVICE) C(SO_ATTACH_FILTER) C(SO_RCVBUFFORCE)
              C(SO_TIMESTAMPNS) C(SCM_TIMESTAMPNS) C(SO_MEMINFO) C(SK_MEMINFO_DROPS) C(SK_MEMINFO_VARS) C(IP_TOS) C(IP_TTL) C(IP_MTU_DISCOVER) C(IP_RECVERR)
              C(IP_RECVTTL) C(IP_PMTUDISC_DONT) C(IP_PMTUDISC_WANT) C(IP_PMTUDISC_DO) C(ICMP_FILTER) C(IPV6_UNICAST_HOPS) C(IPV6_MTU_DISCOVER)
              C(IPV6_RECVERR) C(IPV6_RECVHOPLIMIT) C(IPV6_HOPLIMIT) C(IPV6_DONTFRAG) C(IPV6_TCLASS)
              C(ICMP6_FILTER) C(SO_EE_ORIGIN_ICMP) C(SO_EE_ORIGIN_ICMP6)
              C(MSG_DONTWAIT) C(MSG_ERRQUEUE) C(POLLIN) C(POLLERR)
              C(SO_TIMESTAMPING_OLD) C(SCM_TIMESTAMPING) C(SOF_TIMESTAMPING_TX_SOFTWARE) C(SOF_TIMESTAMPING_SOFTWARE)
              C(SOF_TIMESTAMPING_OPT_ID) C(SOF_TIMESTAMPING_OPT_TSONLY) C(SCM_TSTAMP_SND)
              C(SO_EE_ORIGIN_TIMESTAMPING) C(ENOMSG)
              return 0;
            }
            """;

    @BeforeAll
    static void compileWithGcc(@TempDir Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("structs.c");
        Path binary = dir.resolve("structs");
        Files.writeString(source, PROGRAM);
        Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return; // no gcc: compare with VERIFIED only
        }
        String ccOutput = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cc.exitValue()).as(ccOutput).isZero();
        Process run = new ProcessBuilder(binary.toString()).start();
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split(" ");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
        gcc = values;
    }

    private static long expected(String key) {
        if (gcc != null) {
            assertThat(gcc).containsKey(key);
            return gcc.get(key);
        }
        assertThat(VERIFIED).containsKey(key);
        return VERIFIED.get(key);
    }

    private static void checkStruct(String name, StructLayout layout, String... fields) {
        assertThat(layout.byteSize()).as("sizeof(struct %s)", name).isEqualTo(expected(name));
        for (String field : fields) {
            assertThat(Structs.offset(layout, field))
                    .as("offsetof(struct %s, %s)", name, field)
                    .isEqualTo(expected(name + "." + field));
        }
    }

    @Test
    void layouts_matchTheCCompiler() {
        checkStruct("sockaddr_in", Structs.SOCKADDR_IN, "sin_family", "sin_port", "sin_addr");
        checkStruct(
                "sockaddr_in6",
                Structs.SOCKADDR_IN6,
                "sin6_family",
                "sin6_port",
                "sin6_flowinfo",
                "sin6_addr",
                "sin6_scope_id");
        checkStruct("iovec", Structs.IOVEC, "iov_base", "iov_len");
        checkStruct(
                "msghdr",
                Structs.MSGHDR,
                "msg_name",
                "msg_namelen",
                "msg_iov",
                "msg_iovlen",
                "msg_control",
                "msg_controllen",
                "msg_flags");
        checkStruct("mmsghdr", Structs.MMSGHDR, "msg_len");
        checkStruct("cmsghdr", Structs.CMSGHDR, "cmsg_len", "cmsg_level", "cmsg_type");
        checkStruct("pollfd", Structs.POLLFD, "events", "revents");
        checkStruct("timespec", Structs.TIMESPEC, "tv_nsec");
        checkStruct(
                "sock_extended_err",
                Structs.SOCK_EXTENDED_ERR,
                "ee_errno",
                "ee_origin",
                "ee_type",
                "ee_code",
                "ee_info",
                "ee_data");
        checkStruct("scm_timestamping", Structs.SCM_TIMESTAMPING);
        checkStruct("sock_filter", Structs.SOCK_FILTER);
        checkStruct("sock_fprog", Structs.SOCK_FPROG, "filter");
        checkStruct("icmp_filter", Structs.ICMP_FILTER);
        checkStruct("icmp6_filter", Structs.ICMP6_FILTER);
    }

    @Test
    void constants_matchTheCHeaders() throws ReflectiveOperationException {
        assumeTrue(gcc != null, "gcc is not installed");
        List<String> names =
                gcc.keySet().stream().filter(k -> k.equals(k.toUpperCase())).toList();
        assertThat(names).hasSize(55);
        for (String name : names) {
            var field = LinuxConstants.class.getDeclaredField(name);
            assertThat(((Number) field.get(null)).longValue()).as(name).isEqualTo(gcc.get(name));
        }
    }
}
