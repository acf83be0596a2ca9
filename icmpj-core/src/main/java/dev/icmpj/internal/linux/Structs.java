package dev.icmpj.internal.linux;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.nio.ByteOrder;

/**
 * The C structs icmpj passes to the kernel, laid out for LP64 Linux (x86-64, aarch64) with every padding
 * byte explicit. {@code StructsTest} checks each size and offset against gcc.
 *
 * <p>Thread-safe: immutable layouts and constants.
 */
final class Structs {
    /** {@code struct sockaddr_in}, 16 bytes; port and address in network byte order. See ip(7). */
    static final StructLayout SOCKADDR_IN = structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_addr"),
            sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

    /** {@code struct sockaddr_in6}, 28 bytes. See ipv6(7). */
    static final StructLayout SOCKADDR_IN6 = structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_flowinfo"),
            sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id"));

    /** {@code struct iovec}, 16 bytes. See readv(2). */
    static final StructLayout IOVEC = structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    /** {@code struct msghdr}, 56 bytes: 4 bytes of padding after {@code msg_namelen} and after {@code msg_flags}. */
    static final StructLayout MSGHDR = structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            paddingLayout(4));

    /** {@code struct mmsghdr}, 64 bytes. See recvmmsg(2). */
    static final StructLayout MMSGHDR =
            structLayout(MSGHDR.withName("msg_hdr"), JAVA_INT.withName("msg_len"), paddingLayout(4));

    /** {@code struct cmsghdr}, 16 bytes; data at +16, each message aligned to 8 bytes. See cmsg(3). */
    static final StructLayout CMSGHDR = structLayout(
            JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));

    /** {@code struct pollfd}, 8 bytes. See poll(2). */
    static final StructLayout POLLFD =
            structLayout(JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    /** {@code struct timespec}, 16 bytes, as in the timestamp control messages. See socket(7). */
    static final StructLayout TIMESPEC = structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    /** {@code struct sock_extended_err}, 16 bytes; the offender's sockaddr follows it. See ip(7) IP_RECVERR. */
    static final StructLayout SOCK_EXTENDED_ERR = structLayout(
            JAVA_INT.withName("ee_errno"),
            JAVA_BYTE.withName("ee_origin"),
            JAVA_BYTE.withName("ee_type"),
            JAVA_BYTE.withName("ee_code"),
            JAVA_BYTE.withName("ee_pad"),
            JAVA_INT.withName("ee_info"),
            JAVA_INT.withName("ee_data"));

    /**
     * {@code struct scm_timestamping}, 48 bytes: the software timestamp, a deprecated one and the hardware
     * one. See Documentation/networking/timestamping.rst.
     */
    static final StructLayout SCM_TIMESTAMPING =
            structLayout(sequenceLayout(3, TIMESPEC).withName("ts"));

    /** {@code struct sock_filter}, one classic BPF instruction, 8 bytes. See socket(7) SO_ATTACH_FILTER. */
    static final StructLayout SOCK_FILTER = structLayout(
            JAVA_SHORT.withName("code"), JAVA_BYTE.withName("jt"), JAVA_BYTE.withName("jf"), JAVA_INT.withName("k"));

    /** {@code struct sock_fprog}, 16 bytes: 6 bytes of padding after {@code len}. */
    static final StructLayout SOCK_FPROG =
            structLayout(JAVA_SHORT.withName("len"), paddingLayout(6), ADDRESS.withName("filter"));

    /** {@code struct icmp_filter}, 4 bytes: a set bit drops that ICMPv4 type. See icmp(7)/raw(7). */
    static final StructLayout ICMP_FILTER = structLayout(JAVA_INT.withName("data"));

    /** {@code struct icmp6_filter}, 32 bytes: a set bit blocks that ICMPv6 type. See RFC 3542. */
    static final StructLayout ICMP6_FILTER =
            structLayout(sequenceLayout(8, JAVA_INT).withName("icmp6_filt"));

    static final long MSG_NAME = offset(MSGHDR, "msg_name");
    static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    static final long MMSG_LEN = offset(MMSGHDR, "msg_len");
    static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");
    static final long EE_ERRNO = offset(SOCK_EXTENDED_ERR, "ee_errno");
    static final long EE_ORIGIN = offset(SOCK_EXTENDED_ERR, "ee_origin");
    static final long EE_TYPE = offset(SOCK_EXTENDED_ERR, "ee_type");
    static final long EE_CODE = offset(SOCK_EXTENDED_ERR, "ee_code");
    static final long EE_INFO = offset(SOCK_EXTENDED_ERR, "ee_info");
    static final long EE_DATA = offset(SOCK_EXTENDED_ERR, "ee_data");
    static final long POLL_EVENTS = offset(POLLFD, "events");
    static final long POLL_REVENTS = offset(POLLFD, "revents");
    static final long TV_NSEC = offset(TIMESPEC, "tv_nsec");
    static final long FPROG_FILTER = offset(SOCK_FPROG, "filter");

    private Structs() {}

    /**
     * Returns the offset of a field.
     *
     * @param layout the struct
     * @param field the field's C name
     * @return its byte offset
     */
    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    /**
     * Aligns a control message length as {@code CMSG_ALIGN} does.
     *
     * @param length a length in bytes
     * @return the length rounded up to 8
     */
    static long cmsgAlign(long length) {
        return (length + 7) & ~7L;
    }
}
