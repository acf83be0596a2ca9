package dev.icmpj.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates random valid messages from a seeded {@link Random}, for the property tests. */
final class RandomMessages {

    private final Random random;

    RandomMessages(Random random) {
        this.random = random;
    }

    IcmpVersion version() {
        return random.nextBoolean() ? IcmpVersion.V4 : IcmpVersion.V6;
    }

    byte[] bytes(int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }

    Inet4Address inet4() {
        return (Inet4Address) address(4);
    }

    Inet6Address inet6() {
        return (Inet6Address) address(16);
    }

    private InetAddress address(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        try {
            return length == 4 ? InetAddress.getByAddress(b) : Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A random modelled or other message of either version. */
    IcmpMessage message() {
        IcmpVersion v = version();
        int id = random.nextInt(0x10000);
        int seq = random.nextInt(0x10000);
        int code = random.nextInt(256);
        return switch (random.nextInt(v == IcmpVersion.V4 ? 9 : 7)) {
            case 0 -> new EchoRequest(v, id, seq, bytes(1500));
            case 1 -> new EchoReply(v, id, seq, bytes(1500));
            case 2 -> {
                boolean ext = random.nextBoolean();
                int mtu = v == IcmpVersion.V4 && code == 4 ? random.nextInt(0x10000) : 0;
                yield new DestinationUnreachable(v, code, mtu, quoted(v, ext), extensions(ext));
            }
            case 3 -> {
                boolean ext = random.nextBoolean();
                yield new TimeExceeded(v, code, quoted(v, ext), extensions(ext));
            }
            case 4 -> {
                boolean ext = v == IcmpVersion.V4 && random.nextBoolean();
                int pointer = v == IcmpVersion.V4 ? random.nextInt(256) : random.nextInt(Integer.MAX_VALUE);
                yield new ParameterProblem(v, code, pointer, quoted(v, ext), extensions(ext));
            }
            case 5 -> other(v);
            case 6 ->
                v == IcmpVersion.V4
                        ? new SourceQuench(quoted(v, false))
                        : new PacketTooBig(random.nextInt(Integer.MAX_VALUE), quoted(v, false));
            case 7 -> new Redirect(code, inet4(), quoted(v, false));
            default -> new EchoReply(v, id, seq, bytes(64));
        };
    }

    private OtherMessage other(IcmpVersion v) {
        int type;
        do {
            type = random.nextInt(256);
        } while (IcmpTypes.isModelled(v, type));
        return new OtherMessage(v, type, random.nextInt(256), bytes(200));
    }

    /** 1..3 random extension objects if {@code any}, else none. */
    List<ExtensionObject> extensions(boolean any) {
        List<ExtensionObject> objects = new ArrayList<>();
        for (int i = any ? 1 + random.nextInt(3) : 0; i > 0; i--) {
            if (random.nextBoolean()) {
                List<MplsLabel> labels = new ArrayList<>();
                for (int j = random.nextInt(5); j > 0; j--) {
                    labels.add(new MplsLabel(
                            random.nextInt(1 << 20), random.nextInt(8), random.nextBoolean(), random.nextInt(256)));
                }
                objects.add(new MplsLabelStack(labels));
            } else {
                int classNumber = 2 + random.nextInt(254); // not the MPLS class
                objects.add(new UnknownExtension(classNumber, random.nextInt(256), bytes(40)));
            }
        }
        return objects;
    }

    /**
     * A random datagram, quoted whole or truncated. With extensions, the quote is whole or a multiple of the
     * RFC 4884 word of at least 128 bytes, since zero padding after a truncated quote cannot be told apart
     * from the datagram.
     */
    QuotedDatagram quoted(IcmpVersion v, boolean withExtensions) {
        boolean icmp = random.nextBoolean();
        byte[] upper = bytes(1400);
        if (icmp && upper.length >= 8) {
            upper[0] = (byte) v.echoRequestType();
            upper[1] = 0;
        }
        int protocol = icmp ? v.ipProtocol() : random.nextInt(256);
        byte[] header = v == IcmpVersion.V4
                ? new Ipv4Header(
                                20 + 4 * random.nextInt(11),
                                random.nextInt(256),
                                0,
                                random.nextInt(0x10000),
                                random.nextInt(0x10000),
                                random.nextInt(256),
                                protocol,
                                inet4(),
                                inet4())
                        .encode()
                : new Ipv6Header(
                                random.nextInt(256),
                                random.nextInt(1 << 20),
                                upper.length,
                                protocol,
                                random.nextInt(256),
                                inet6(),
                                inet6())
                        .encode();
        byte[] full = new byte[header.length + upper.length];
        System.arraycopy(header, 0, full, 0, header.length);
        System.arraycopy(upper, 0, full, header.length, upper.length);
        if (v == IcmpVersion.V4) {
            Bytes.put16(full, 2, full.length);
        }
        int word = v == IcmpVersion.V4 ? 4 : 8;
        int length;
        if (!withExtensions) {
            length = header.length + random.nextInt(upper.length + 1);
        } else if (full.length <= 128 || full.length <= 255 * word && random.nextBoolean()) {
            length = full.length;
        } else {
            length = (128 + random.nextInt(Math.min(full.length, 255 * word) - 128 + 1)) / word * word;
        }
        return QuotedDatagram.parse(v, full, 0, length).orElseThrow();
    }
}
