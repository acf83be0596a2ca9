package dev.icmpj.internal.linux;

/**
 * The errno values the native layer tests for, and the names and messages of every errno its system calls
 * can report (a table, as {@code strerror(3)} words them). Stateless and thread-safe.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;

    /** Interrupted system call. */
    public static final int EINTR = 4;

    /** Bad file descriptor. */
    public static final int EBADF = 9;

    /** Resource temporarily unavailable (EWOULDBLOCK). */
    public static final int EAGAIN = 11;

    /** Cannot allocate memory. */
    public static final int ENOMEM = 12;

    /** Permission denied. */
    public static final int EACCES = 13;

    /** Bad address. */
    public static final int EFAULT = 14;

    /** No such device. */
    public static final int ENODEV = 19;

    /** Invalid argument. */
    public static final int EINVAL = 22;

    /** Machine is not on the network (an ICMP host isolated reported on the socket). */
    public static final int ENONET = 64;

    /** Protocol not available (an ICMP protocol unreachable reported on the socket). */
    public static final int ENOPROTOOPT = 92;

    /** Operation not supported (an ICMP source route failed reported on the socket). */
    public static final int EOPNOTSUPP = 95;

    /** Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = 99;

    /** Protocol error (an ICMP parameter problem reported on the socket). */
    public static final int EPROTO = 71;

    /** Message too long. */
    public static final int EMSGSIZE = 90;

    /** Network is down. */
    public static final int ENETDOWN = 100;

    /** Network is unreachable. */
    public static final int ENETUNREACH = 101;

    /** Connection refused (an ICMP port unreachable reported on the socket). */
    public static final int ECONNREFUSED = 111;

    /** Host is down. */
    public static final int EHOSTDOWN = 112;

    /** No route to host. */
    public static final int EHOSTUNREACH = 113;

    /** Remote I/O error (an ICMP redirect or source quench reported on a ping socket). */
    public static final int EREMOTEIO = 121;

    /** The symbolic name and message of each errno, by value. */
    private record Entry(String name, String message) {}

    private Errno() {}

    private static Entry entry(int errno) {
        return switch (errno) {
            case 1 -> new Entry("EPERM", "Operation not permitted");
            case 2 -> new Entry("ENOENT", "No such file or directory");
            case 4 -> new Entry("EINTR", "Interrupted system call");
            case 9 -> new Entry("EBADF", "Bad file descriptor");
            case 11 -> new Entry("EAGAIN", "Resource temporarily unavailable");
            case 12 -> new Entry("ENOMEM", "Cannot allocate memory");
            case 13 -> new Entry("EACCES", "Permission denied");
            case 14 -> new Entry("EFAULT", "Bad address");
            case 19 -> new Entry("ENODEV", "No such device");
            case 22 -> new Entry("EINVAL", "Invalid argument");
            case 24 -> new Entry("EMFILE", "Too many open files");
            case 64 -> new Entry("ENONET", "Machine is not on the network");
            case 71 -> new Entry("EPROTO", "Protocol error");
            case 90 -> new Entry("EMSGSIZE", "Message too long");
            case 92 -> new Entry("ENOPROTOOPT", "Protocol not available");
            case 93 -> new Entry("EPROTONOSUPPORT", "Protocol not supported");
            case 95 -> new Entry("EOPNOTSUPP", "Operation not supported");
            case 97 -> new Entry("EAFNOSUPPORT", "Address family not supported by protocol");
            case 98 -> new Entry("EADDRINUSE", "Address already in use");
            case 99 -> new Entry("EADDRNOTAVAIL", "Cannot assign requested address");
            case 100 -> new Entry("ENETDOWN", "Network is down");
            case 101 -> new Entry("ENETUNREACH", "Network is unreachable");
            case 105 -> new Entry("ENOBUFS", "No buffer space available");
            case 111 -> new Entry("ECONNREFUSED", "Connection refused");
            case 112 -> new Entry("EHOSTDOWN", "Host is down");
            case 113 -> new Entry("EHOSTUNREACH", "No route to host");
            case 121 -> new Entry("EREMOTEIO", "Remote I/O error");
            default -> new Entry("errno " + errno, "Unknown error " + errno);
        };
    }

    /**
     * Returns the symbolic name of an errno.
     *
     * @param errno the value
     * @return e.g. {@code "EACCES"}, or {@code "errno 42"} for a value not listed here
     */
    public static String name(int errno) {
        return entry(errno).name();
    }

    /**
     * Returns the human message of an errno, as {@code strerror(3)} words it.
     *
     * @param errno the value
     * @return e.g. {@code "Permission denied"}
     */
    public static String message(int errno) {
        return entry(errno).message();
    }
}
