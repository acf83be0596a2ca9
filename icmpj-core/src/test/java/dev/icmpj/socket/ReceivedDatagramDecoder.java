package dev.icmpj.socket;

import dev.icmpj.internal.linux.ReceivedDatagram;
import dev.icmpj.packet.IcmpVersion;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Test access, from other packages, to what a kernel socket does with a datagram it read: the package-private
 * {@link ReplyDecoder} of {@link KernelIcmpSocket}. The engine's reply matching fuzz test feeds it arbitrary
 * bytes.
 *
 * <p>Immutable and thread-safe.
 */
@SuppressWarnings("exports") // ReceivedDatagram is internal: this is test code, used inside the module only
public final class ReceivedDatagramDecoder {

    private final ReplyDecoder decoder;

    /**
     * Creates the decoder of a socket.
     *
     * @param version the socket's ICMP version
     * @param raw true for a raw socket (IPv4: the data starts with the IP header)
     * @param identifier our echo identifier
     * @param localAddress our bound address, the source of quoted requests
     * @param sentTtl the TTL our requests leave with
     */
    public ReceivedDatagramDecoder(
            IcmpVersion version, boolean raw, int identifier, InetAddress localAddress, int sentTtl) {
        decoder = new ReplyDecoder(version, raw, identifier, localAddress, sentTtl);
    }

    /**
     * Decodes one datagram as the socket's receive does.
     *
     * @param d what the socket read
     * @return the reply, or empty when the datagram is not for us or does not decode
     */
    public Optional<IcmpReply> decode(ReceivedDatagram d) {
        return decoder.decode(d);
    }
}
