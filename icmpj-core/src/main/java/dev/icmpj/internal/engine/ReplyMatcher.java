package dev.icmpj.internal.engine;

import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpSocketException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The requests in flight on one socket, keyed by destination and sequence number, and the rules that
 * decide whether a received message answers one of them.
 *
 * <p>Sequence numbers are allocated per socket, 16 bits, and wrap as iputils' do: a number still in flight
 * (undecided) to the same destination is skipped, one whose request is decided is reused, so duplicates are
 * detected over the most recent 65,536 requests to a destination. A message matches a request when
 * identifier and sequence are the request's and, for an echo reply, its source is the request's destination
 * and its data equal what was sent; for an ICMP error, its
 * quoted destination is the request's and its quoted data agree with what was sent as far as both go
 * (routers may quote less; an RFC 4884 error pads the quote and appends its extension, which a ping socket's
 * error queue hands over as quoted data, without the length attribute that separates them).
 *
 * <p>Thread-safe.
 */
final class ReplyMatcher {

    private record Key(InetAddress destination, int sequence) {}

    private final Map<Key, Probe> inFlight = new HashMap<>();
    private int nextSequence = 1;

    /**
     * Allocates a sequence number for a request to a destination and registers the probe that
     * {@code probeFor} builds with it, in place of a decided probe that had that number.
     *
     * @param destination where the request goes
     * @param probeFor builds the probe for the allocated sequence
     * @return the registered probe
     * @throws IcmpSocketException when all 65,536 sequence numbers are in flight (undecided) to that destination
     */
    synchronized Probe register(InetAddress destination, IntFunction<Probe> probeFor) throws IcmpSocketException {
        for (int tries = 0; tries <= 0xFFFF; tries++) {
            int sequence = nextSequence;
            nextSequence = (nextSequence + 1) & 0xFFFF;
            Key key = new Key(destination, sequence);
            Probe holder = inFlight.get(key);
            if (holder == null || holder.decided) {
                Probe probe = probeFor.apply(sequence);
                inFlight.put(key, probe);
                return probe;
            }
        }
        throw new IcmpSocketException(
                "65536 echo requests are in flight to " + AddressText.of(destination) + "; no sequence number is free");
    }

    /**
     * Forgets a probe; later messages for it are strays.
     *
     * @param probe the probe, if still registered
     */
    synchronized void remove(Probe probe) {
        inFlight.remove(new Key(probe.destination(), probe.sequence()), probe);
    }

    /**
     * Finds the probe a message answers.
     *
     * @param reply an echo reply or ICMP error received on this socket
     * @return the probe, or null for a stray (another process's, a forged or corrupted one, or too old)
     */
    Probe match(IcmpReply reply) {
        Probe probe;
        synchronized (this) {
            probe = inFlight.get(new Key(reply.probeDestination(), reply.sequence()));
        }
        if (probe == null || reply.identifier() != probe.request.identifier()) {
            return null;
        }
        byte[] sent = probe.payload;
        if (reply.isEchoReply()) {
            return reply.source().equals(probe.destination()) && reply.payloadEquals(sent) ? probe : null;
        }
        return agree(reply.payload(), sent) ? probe : null;
    }

    /**
     * Returns the number of registered probes.
     *
     * @return probes in flight, or answered and kept for duplicate detection
     */
    synchronized int size() {
        return inFlight.size();
    }

    /** Whether the quoted data and the sent payload are equal over the shorter of the two. */
    private static boolean agree(byte[] quoted, byte[] sent) {
        int n = Math.min(quoted.length, sent.length);
        return Arrays.equals(quoted, 0, n, sent, 0, n);
    }
}
