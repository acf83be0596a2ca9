package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Writes and reads {@code sockaddr_in} / {@code sockaddr_in6}. Stateless and thread-safe. */
final class SocketAddresses {
    /** Room for either address structure. */
    static final long MAX_SIZE = Structs.SOCKADDR_IN6.byteSize();

    private static final long IN_PORT = Structs.offset(Structs.SOCKADDR_IN, "sin_port");
    /** Where the address lies in a {@code sockaddr_in} and a {@code sockaddr_in6}. */
    static final long IN_ADDR = Structs.offset(Structs.SOCKADDR_IN, "sin_addr");

    static final long IN6_ADDR = Structs.offset(Structs.SOCKADDR_IN6, "sin6_addr");
    private static final long IN6_SCOPE = Structs.offset(Structs.SOCKADDR_IN6, "sin6_scope_id");

    private SocketAddresses() {}

    /**
     * Writes an address and port into a segment of at least {@link #MAX_SIZE} bytes.
     *
     * @return the structure's length, for {@code socklen_t}
     */
    static int write(MemorySegment target, InetAddress address, int port) {
        target.asSlice(0, MAX_SIZE).fill((byte) 0);
        short portBigEndian = Short.reverseBytes((short) port);
        if (address instanceof Inet4Address) {
            target.set(JAVA_SHORT, 0, (short) LinuxConstants.AF_INET);
            target.set(JAVA_SHORT, IN_PORT, portBigEndian);
            MemorySegment.copy(address.getAddress(), 0, target, JAVA_BYTE, IN_ADDR, 4);
            return (int) Structs.SOCKADDR_IN.byteSize();
        }
        target.set(JAVA_SHORT, 0, (short) LinuxConstants.AF_INET6);
        target.set(JAVA_SHORT, IN_PORT, portBigEndian);
        MemorySegment.copy(address.getAddress(), 0, target, JAVA_BYTE, IN6_ADDR, 16);
        target.set(JAVA_INT, IN6_SCOPE, ((Inet6Address) address).getScopeId());
        return (int) MAX_SIZE;
    }

    /** Reads the port of a {@code sockaddr_in} or {@code sockaddr_in6}. */
    static int port(MemorySegment source) {
        return Short.toUnsignedInt(Short.reverseBytes(source.get(JAVA_SHORT, IN_PORT)));
    }

    /**
     * Reads the address of a {@code sockaddr_in} or {@code sockaddr_in6}.
     *
     * @return the address, or {@code null} when the family is neither
     */
    static InetAddress read(MemorySegment source) {
        try {
            return switch (source.get(JAVA_SHORT, 0)) {
                case LinuxConstants.AF_INET ->
                    InetAddress.getByAddress(source.asSlice(IN_ADDR, 4).toArray(JAVA_BYTE));
                case LinuxConstants.AF_INET6 -> {
                    byte[] bytes = source.asSlice(IN6_ADDR, 16).toArray(JAVA_BYTE);
                    int scope = source.get(JAVA_INT, IN6_SCOPE);
                    yield scope == 0 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, scope);
                }
                default -> null;
            };
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
