package dev.icmpj.exporter;

/**
 * Names of the errno values a send can fail with on Linux, for the {@code errno} label.
 *
 * <p>Stateless and thread-safe.
 */
final class Errno {
    private Errno() {}

    /** The symbolic name, e.g. {@code EHOSTUNREACH}; the number for one not listed; "unknown" for none. */
    static String name(int errno) {
        return switch (errno) {
            case 0 -> "unknown";
            case 1 -> "EPERM";
            case 11 -> "EAGAIN";
            case 13 -> "EACCES";
            case 22 -> "EINVAL";
            case 90 -> "EMSGSIZE";
            case 97 -> "EAFNOSUPPORT";
            case 99 -> "EADDRNOTAVAIL";
            case 100 -> "ENETDOWN";
            case 101 -> "ENETUNREACH";
            case 105 -> "ENOBUFS";
            case 111 -> "ECONNREFUSED";
            case 113 -> "EHOSTUNREACH";
            default -> Integer.toString(errno);
        };
    }
}
