package dev.icmpj.packet;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The text of an IP address as ping prints it and as icmpj reports it (JSON, messages): dotted quad for IPv4, and for IPv6 the RFC 5952 form
 * ({@code ::1}, {@code fd00::1}), where {@link InetAddress#getHostAddress()} gives the uncompressed
 * {@code 0:0:0:0:0:0:0:1}. A scope ({@code %eth0}) is kept.
 *
 * <p>Stateless and thread-safe.
 */
public final class AddressText {
    private AddressText() {}

    /**
     * Returns the address's text.
     *
     * @param address an IPv4 or IPv6 address
     * @return e.g. {@code 127.0.0.1}, {@code ::1}, {@code fd00::1%eth0}
     */
    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] bytes = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // RFC 5952 4.2: the longest run of two or more zero groups becomes "::", the first one on a tie
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        String full = v6.getHostAddress();
        int scope = full.indexOf('%');
        return scope < 0
                ? text.toString()
                : text.append(full, scope, full.length()).toString();
    }
}
