package dev.icmpj.lab;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses written as iputils and iproute2 print them: IPv6 in the RFC 5952 form ({@code fd00:0:0:1::2},
 * where {@link InetAddress#getHostAddress()} gives {@code fd00:0:0:1:0:0:0:2}), IPv4 dotted.
 *
 * <p>Stateless and thread-safe.
 */
public final class AddressText {
    private AddressText() {}

    /**
     * Writes an address as the kernel's tools print it.
     *
     * @param address IPv4 or IPv6 (scope ids are not written)
     * @return e.g. {@code "198.18.0.1"} or {@code "fd00::1"}
     */
    public static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
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
        StringBuilder text = new StringBuilder();
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
        return text.toString();
    }
}
