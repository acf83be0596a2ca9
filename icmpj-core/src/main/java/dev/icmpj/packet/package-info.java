/** Pure ICMPv4/ICMPv6 packet codec: no I/O, no threads, no state. */
package dev.icmpj.packet;
