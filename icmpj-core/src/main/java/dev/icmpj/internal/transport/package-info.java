/**
 * What the probe engine and the kernel's sockets exchange, without an object per packet: {@link
 * dev.icmpj.internal.transport.ProbeSocket} (batches of echo requests out, every reply and ICMP error in
 * through one {@link dev.icmpj.internal.transport.ReplyView} reused per message), and the arithmetic of a
 * round trip. Internal: not exported; depends on the packet codec only, so that the socket package can
 * implement it and the engine use it.
 */
package dev.icmpj.internal.transport;
