package dev.icmpj.internal.linux;

import java.util.ArrayList;
import java.util.List;

/** A {@link ReceiveSink} that keeps what it is handed, for channel tests. */
final class CollectingSink implements ReceiveSink {

    /** One echo reply read in place: the fields a test checks. */
    record Echo(int ipv4, int identifier, int sequence, int ttl, int icmpBytes, boolean checksumValid) {}

    final List<Echo> echoes = new ArrayList<>();
    final List<TransmitTimestamp> timestamps = new ArrayList<>();
    final List<ReceivedDatagram> datagrams = new ArrayList<>();

    @Override
    public void echoReply(
            int entry,
            int ipv4,
            long high,
            long low,
            int identifier,
            int sequence,
            int ttl,
            int icmpBytes,
            int payloadOffset,
            long receivedAtEpochNanos,
            long receivedAtMonotonicNanos,
            boolean checksumValid) {
        echoes.add(new Echo(ipv4, identifier, sequence, ttl, icmpBytes, checksumValid));
    }

    @Override
    public void transmitTimestamp(TransmitTimestamp timestamp) {
        timestamps.add(timestamp);
    }

    @Override
    public void datagram(ReceivedDatagram datagram) {
        datagrams.add(datagram);
    }
}
