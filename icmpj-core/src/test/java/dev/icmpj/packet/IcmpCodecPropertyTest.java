package dev.icmpj.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random round trips, and seeded fuzzing of the decoder through {@link IcmpCodecFuzzTarget}. */
class IcmpCodecPropertyTest {

    private static final int ITERATIONS = 5_000;

    @Test
    void decode_encodedRandomMessage_roundTrips() {
        RandomMessages gen = new RandomMessages(new Random(4884));
        for (int i = 0; i < ITERATIONS; i++) {
            IcmpMessage m = gen.message();
            byte[] b = IcmpCodec.encode(m);

            assertThat(IcmpCodec.decode(m.version(), b, 0, b.length))
                    .as("iteration %d", i)
                    .isEqualTo(m);
            if (m.version() == IcmpVersion.V6) {
                var source = gen.inet6();
                var destination = gen.inet6();
                byte[] withChecksum = IcmpCodec.encode(m, source, destination);
                assertThat(IcmpCodec.decodeIcmpv6(withChecksum, 0, withChecksum.length, source, destination))
                        .as("iteration %d", i)
                        .isEqualTo(m);
            }
        }
    }

    @Test
    void decodeIpv4_encodedRandomMessageBehindHeader_roundTrips() {
        RandomMessages gen = new RandomMessages(new Random(791));
        for (int i = 0; i < ITERATIONS / 5; i++) {
            IcmpMessage m;
            do {
                m = gen.message();
            } while (m.version() != IcmpVersion.V4);
            byte[] icmp = IcmpCodec.encode(m);
            Ipv4Header h = new Ipv4Header(20, 0, 20 + icmp.length, i, 0x4000, 64, 1, gen.inet4(), gen.inet4());
            byte[] b = Arrays.copyOf(h.encode(), 20 + icmp.length);
            System.arraycopy(icmp, 0, b, 20, icmp.length);

            assertThat(IcmpCodec.decodeIpv4(b, 0, b.length)).isEqualTo(new Ipv4Datagram(h, m));
        }
    }

    @Test
    void decode_randomBytes_neverThrowsAndNeverForgesAnEchoReply() {
        Random random = new Random(1071);
        RandomMessages gen = new RandomMessages(random);
        for (int i = 0; i < ITERATIONS * 4; i++) {
            byte[] b = gen.bytes(i % 2 == 0 ? 16 : 300);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (i % 2 == 0 ? IcmpVersion.V4.echoReplyType() : random.nextInt(16));
            }
            if (b.length > 1 && random.nextBoolean()) {
                b[1] = 0;
            }
            if (b.length >= 4 && random.nextBoolean()) {
                fixV4Checksum(b);
            }
            IcmpCodecFuzzTarget.fuzzerTestOneInput(b);
        }
    }

    @Test
    void decode_mutatedOrTruncatedValidPackets_neverThrowsAndNeverForgesAnEchoReply() {
        Random random = new Random(792);
        RandomMessages gen = new RandomMessages(random);
        for (int i = 0; i < ITERATIONS * 2; i++) {
            byte[] b = IcmpCodec.encode(gen.message());
            switch (random.nextInt(4)) {
                case 0 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 1 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
                default -> {
                    for (int flips = 1 + random.nextInt(4); flips > 0 && b.length > 0; flips--) {
                        int at = random.nextInt(Math.min(b.length, random.nextBoolean() ? 64 : b.length));
                        b[at] = (byte) random.nextInt(256);
                    }
                }
            }
            if (b.length >= 4 && random.nextInt(4) != 0) {
                fixV4Checksum(b);
            }
            IcmpCodecFuzzTarget.fuzzerTestOneInput(b);
        }
    }

    private static void fixV4Checksum(byte[] b) {
        Bytes.put16(b, 2, 0);
        Bytes.put16(b, 2, InternetChecksum.compute(b, 0, b.length));
    }
}
