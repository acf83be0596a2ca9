package dev.icmpj.bench;

import dev.icmpj.internal.linux.ErrnoException;
import dev.icmpj.internal.linux.IcmpChannel;
import dev.icmpj.internal.linux.IntOption;
import dev.icmpj.internal.linux.ReceiveSink;

/**
 * A flood on icmpj's socket layer alone, for the cost of what sits above it: one raw ICMPv4 socket with the
 * kernel's filters, each request sent alone ({@code sendto}, with the send clocks) once the last one's reply was
 * read in place (its checksum verified) and counted: one request in flight, as iputils' and icmpj's floods
 * keep on loopback. Nothing else: no engine, no {@code Reply}, no listener. Prints the
 * echoes per second of one cold run, as {@code ping}'s summary measures them, from the first send to the last
 * reply. Used by {@code icmpj-bench/flood.sh}; needs root. Sends to 127.0.0.1 only, a bounded count, for at
 * most 10 s.
 */
public final class ChannelFlood {
    private static final int IDENTIFIER = 0x4242;
    private static final int LOOPBACK = 0x7F000001;
    private static final int ECHO_REQUEST = 8;
    private static final int ECHO_REPLY = 0;

    private static int received;

    private ChannelFlood() {}

    /**
     * Runs the flood.
     *
     * @param args the number of echoes
     * @throws ErrnoException when the socket cannot be opened or used
     */
    public static void main(String[] args) throws ErrnoException {
        int count = Integer.parseInt(args[0]);
        byte[] payload = new byte[56];
        int[] sequence = new int[1];
        int[] destination = {LOOPBACK};
        int[] errnos = new int[1];
        long[] clocks = new long[2];
        ReceiveSink counter = new ReceiveSink() {
            @Override
            public void echoReply(
                    int entry,
                    int ipv4,
                    long high,
                    long low,
                    int identifier,
                    int seq,
                    int ttl,
                    int bytes,
                    int at,
                    long epoch,
                    long monotonic,
                    boolean checksumValid) {
                received++;
            }
        };
        try (IcmpChannel channel = IcmpChannel.open(false, true)) {
            channel.setOption(IntOption.SO_TIMESTAMPNS, 1);
            channel.installIdentifierFilter(IDENTIFIER);
            long start = System.nanoTime();
            long deadline = start + 10_000_000_000L;
            for (int i = 0; i < count; i++) {
                sequence[0] = i & 0xFFFF;
                channel.sendEchoBatch(
                        payload, ECHO_REQUEST, IDENTIFIER, 1, sequence, destination, null, null, errnos, clocks);
                while (received <= i && System.nanoTime() < deadline) {
                    channel.receive(false, ECHO_REPLY, IDENTIFIER, counter);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d %d %.0f%n", count, received, count / seconds);
        }
    }
}
