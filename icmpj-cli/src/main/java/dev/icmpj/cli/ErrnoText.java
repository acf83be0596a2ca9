package dev.icmpj.cli;

import dev.icmpj.socket.IcmpSocketException;

/**
 * The C library's words for the errnos a socket call reports ({@code strerror}), so that a line iputils
 * prints as {@code ping: sendmsg: Operation not permitted} reads the same from icmpj.
 *
 * <p>Stateless and thread-safe.
 */
final class ErrnoText {
    private ErrnoText() {}

    /**
     * Returns glibc's text of a failure's errno, or the failure's own message when it has no errno icmpj
     * knows the words of.
     *
     * @param failure the failure
     * @return e.g. {@code Operation not permitted}
     */
    static String of(IcmpSocketException failure) {
        if (failure.errno().isPresent()) {
            String text = of(failure.errno().getAsInt());
            if (text != null) {
                return text;
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /**
     * Returns glibc's text of an errno a send or a socket option can fail with, the errnos of the ICMP errors
     * a send may report included.
     *
     * @param errno the errno
     * @return the text, or null for an errno not listed here
     */
    static String of(int errno) {
        return switch (errno) {
            case 1 -> "Operation not permitted";
            case 11 -> "Resource temporarily unavailable";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 22 -> "Invalid argument";
            case 64 -> "Machine is not on the network";
            case 71 -> "Protocol error";
            case 90 -> "Message too long";
            case 92 -> "Protocol not available";
            case 95 -> "Operation not supported";
            case 100 -> "Network is down";
            case 101 -> "Network is unreachable";
            case 105 -> "No buffer space available";
            case 111 -> "Connection refused";
            case 112 -> "Host is down";
            case 113 -> "No route to host";
            case 121 -> "Remote I/O error";
            default -> null;
        };
    }
}
