/**
 * icmpj: ICMP for the JVM. Ping and low-level ICMPv4/ICMPv6 sockets on the Foreign Function &amp; Memory
 * API.
 *
 * <p>{@link dev.icmpj} holds the high-level entry points ({@code Icmp}, {@code Pinger}), their options
 * and results; {@link dev.icmpj.socket} the ICMP sockets; {@link dev.icmpj.packet} the pure packet
 * codec. Nothing else is exported. Enable native access for this module
 * ({@code --enable-native-access=dev.icmpj} on the module path, {@code --enable-native-access=ALL-UNNAMED} on
 * the class path); without it the JDK allows the downcalls with a warning.
 */
module dev.icmpj {
    exports dev.icmpj;
    exports dev.icmpj.socket;
    exports dev.icmpj.packet;
}
