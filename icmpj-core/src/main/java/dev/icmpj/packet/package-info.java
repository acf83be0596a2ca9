/**
 * Pure ICMPv4/ICMPv6 packet codec: no I/O, no threads, no state; {@code java.base} only.
 *
 * <p>A message is an {@link dev.icmpj.packet.IcmpMessage}: a sealed hierarchy of records, one per modelled
 * type ({@link dev.icmpj.packet.EchoRequest}, {@link dev.icmpj.packet.EchoReply} and the
 * {@link dev.icmpj.packet.IcmpErrorMessage}s, which quote the offending datagram as a
 * {@link dev.icmpj.packet.QuotedDatagram} and carry RFC 4884 extensions), plus
 * {@link dev.icmpj.packet.OtherMessage} for the types not modelled and
 * {@link dev.icmpj.packet.UnparseableMessage} for garbage. {@link dev.icmpj.packet.IcmpCodec} converts them
 * to and from bytes and never throws on received bytes:
 *
 * {@snippet :
 * byte[] request = IcmpCodec.encode(new EchoRequest(IcmpVersion.V4, 0x1234, 1, new byte[56]));
 * // ... send request, receive length bytes into buffer ...
 * String line = switch (IcmpCodec.decode(IcmpVersion.V4, buffer, 0, length)) {
 *     case EchoReply reply -> "reply icmp_seq=" + reply.sequence();
 *     case IcmpErrorMessage error -> error.description() + " icmp_seq="
 *             + error.quoted().echoRequest().map(EchoRequest::sequence).orElse(-1);
 *     case IcmpMessage other -> "ignored: " + other.description();
 * };
 * }
 *
 * <p>Every type in this package is immutable and thread-safe.
 */
package dev.icmpj.packet;
