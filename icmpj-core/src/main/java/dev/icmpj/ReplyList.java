package dev.icmpj;

import dev.icmpj.internal.engine.RttStatistics;
import dev.icmpj.packet.EchoReply;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.socket.RttClock;
import java.net.InetAddress;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The replies of one ping in the order they are added, kept compactly: an echo reply from the pinged address
 * with the identifier and echo data of the first one added (every reply of a ping, unless a peer changed them)
 * takes 15 bytes, its RTT, sequence, size, TTL and clock, and is made again as a {@link Reply} when read. Any
 * other reply (an ICMP error, another source or payload) is kept as it was added. A flood of a million echoes
 * keeps 15 MB this way, where the replies themselves take about 150 MB.
 *
 * <p>{@link #snapshot()} gives the replies added so far as an immutable list that {@link Host} keeps as it is.
 *
 * <p>A list made by {@link #counting} keeps none of them, only what a summary needs, in constant memory: the
 * number of echo replies and errors, the last echo reply's TTL, and the RTT statistics except the median.
 *
 * <p>Not thread-safe: one thread adds, or callers serialize; a snapshot may be read by any thread once it is
 * safely published.
 */
final class ReplyList {

    private static final RttClock[] CLOCKS = RttClock.values();
    private static final int FIRST_CAPACITY = 16;

    private final InetAddress address;
    /** The identifier and echo data of the compact entries: those of the first echo reply from the address. */
    private int identifier = -1;

    private byte[] payload;
    private IcmpVersion version;

    private int size;
    /** By entry: the RTT, sequence, size, TTL and clock of a compact one; a NaN RTT for one kept whole. */
    private double[] rtts = new double[FIRST_CAPACITY];

    private char[] sequences = new char[FIRST_CAPACITY];
    private char[] bytes = new char[FIRST_CAPACITY];
    private short[] ttls = new short[FIRST_CAPACITY];
    private byte[] clocks = new byte[FIRST_CAPACITY];
    /** The entries kept whole, and where they are, in the order added. */
    private int[] wholeAt = new int[0];

    private Reply[] whole = new Reply[0];
    private int wholeCount;

    /** Set for a list that only counts ({@link #counting}): its RTT statistics, its counts and last TTL. */
    private final RttStatistics.Running counted;

    private int countedErrors;
    private int countedTtl = -1;

    /**
     * Creates an empty list for the replies of a ping.
     *
     * @param address the address pinged: echo replies from it are kept compactly
     */
    public ReplyList(InetAddress address) {
        this(address, null);
    }

    private ReplyList(InetAddress address, RttStatistics.Running counted) {
        this.address = Objects.requireNonNull(address, "address");
        this.counted = counted;
    }

    /**
     * Creates an empty list that keeps none of the replies added, only their counts, the last echo reply's TTL
     * and the RTT statistics except the median: a ping of any length then takes constant memory. Its snapshots
     * are empty lists; {@link Host#of} takes the counts and statistics from them.
     *
     * @param address the address pinged
     * @return the list
     */
    public static ReplyList counting(InetAddress address) {
        return new ReplyList(address, new RttStatistics.Running());
    }

    /**
     * Adds a reply.
     *
     * @param reply the reply
     */
    public void add(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        if (counted != null) {
            if (reply.isEchoReply()) {
                counted.add(reply.rtt());
                countedTtl = reply.ttl();
            } else {
                countedErrors++;
            }
            return;
        }
        if (size == rtts.length) {
            grow();
        }
        if (isCompact(reply)) {
            rtts[size] = reply.rtt();
            sequences[size] = (char) reply.sequence();
            bytes[size] = (char) reply.bytes();
            ttls[size] = (short) reply.ttl();
            clocks[size] = (byte) reply.clock().ordinal();
        } else {
            rtts[size] = Double.NaN;
            if (wholeCount == whole.length) {
                whole = Arrays.copyOf(whole, Math.max(4, wholeCount * 2));
                wholeAt = Arrays.copyOf(wholeAt, whole.length);
            }
            whole[wholeCount] = reply;
            wholeAt[wholeCount++] = size;
        }
        size++;
    }

    /** The number of replies added. */
    public int size() {
        return counted != null ? (int) counted.count() + countedErrors : size;
    }

    /**
     * Returns the replies added so far, as an immutable list that later additions do not change.
     *
     * @return the replies, in the order added
     */
    public List<Reply> snapshot() {
        return new Snapshot(this);
    }

    private boolean isCompact(Reply reply) {
        if (!(reply.message() instanceof EchoReply echo)
                || !reply.source().equals(address)
                || reply.bytes() > Character.MAX_VALUE) {
            return false;
        }
        if (payload == null) {
            identifier = echo.identifier();
            payload = echo.payload();
            version = echo.version();
        }
        return echo.identifier() == identifier
                && echo.version() == version
                && echo.payloadEquals(payload, 0, payload.length);
    }

    private void grow() {
        int capacity = rtts.length * 2;
        rtts = Arrays.copyOf(rtts, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
        bytes = Arrays.copyOf(bytes, capacity);
        ttls = Arrays.copyOf(ttls, capacity);
        clocks = Arrays.copyOf(clocks, capacity);
    }

    /**
     * The replies of a {@link ReplyList} up to a size: its arrays are only appended to (and copied when they
     * grow), so the entries below the size never change.
     */
    static final class Snapshot extends AbstractList<Reply> implements RandomAccess {
        private final InetAddress address;
        private final int identifier;
        private final byte[] payload;
        private final IcmpVersion version;
        private final int size;
        private final double[] rtts;
        private final char[] sequences;
        private final char[] bytes;
        private final short[] ttls;
        private final byte[] clocks;
        private final int[] wholeAt;
        private final Reply[] whole;
        private final int wholeCount;
        /** For a counting list: the statistics, counts and last TTL at the snapshot; null otherwise. */
        private final RttStatistics countedStatistics;

        private final int countedEchoes;
        private final int countedErrors;
        private final int countedTtl;

        private Snapshot(ReplyList list) {
            address = list.address;
            identifier = list.identifier;
            payload = list.payload;
            version = list.version;
            size = list.size;
            rtts = list.rtts;
            sequences = list.sequences;
            bytes = list.bytes;
            ttls = list.ttls;
            clocks = list.clocks;
            wholeAt = list.wholeAt;
            whole = list.whole;
            wholeCount = list.wholeCount;
            countedStatistics = list.counted == null ? null : list.counted.statistics();
            countedEchoes = list.counted == null ? 0 : (int) list.counted.count();
            countedErrors = list.countedErrors;
            countedTtl = list.countedTtl;
        }

        /** Whether this is the snapshot of a list that only counts: empty, with the counts below. */
        boolean isCounted() {
            return countedStatistics != null;
        }

        /** A counting list's RTT statistics (a NaN median). */
        RttStatistics countedStatistics() {
            return countedStatistics;
        }

        /** A counting list's echo replies. */
        int countedEchoes() {
            return countedEchoes;
        }

        /** A counting list's errors. */
        int countedErrors() {
            return countedErrors;
        }

        /** A counting list's last echo reply's TTL, or -1. */
        int countedTtl() {
            return countedTtl;
        }

        @Override
        public Reply get(int index) {
            Objects.checkIndex(index, size);
            if (Double.isNaN(rtts[index])) {
                return whole[Arrays.binarySearch(wholeAt, 0, wholeCount, index)];
            }
            int sequence = sequences[index];
            return new Reply(
                    address,
                    sequence,
                    bytes[index],
                    ttls[index],
                    rtts[index],
                    CLOCKS[clocks[index]],
                    new EchoReply(version, identifier, sequence, payload));
        }

        @Override
        public int size() {
            return size;
        }

        /**
         * Returns the RTT of each echo reply, in order, without making the replies.
         *
         * @return milliseconds, an immutable list
         */
        List<Double> echoRtts() {
            double[] values = new double[size];
            int count = 0;
            int nextWhole = 0;
            for (int i = 0; i < size; i++) {
                if (!Double.isNaN(rtts[i])) {
                    values[count++] = rtts[i];
                    continue;
                }
                Reply kept = whole[nextWhole++];
                if (kept.isEchoReply()) {
                    values[count++] = kept.rtt();
                }
            }
            return new Rtts(values, count);
        }

        /** The TTL of the last echo reply, or -1 when there is none. */
        int lastEchoTtl() {
            int nextWhole = wholeCount - 1;
            for (int i = size - 1; i >= 0; i--) {
                if (!Double.isNaN(rtts[i])) {
                    return ttls[i];
                }
                Reply kept = whole[nextWhole--];
                if (kept.isEchoReply()) {
                    return kept.ttl();
                }
            }
            return -1;
        }
    }

    /** RTTs in milliseconds, immutable, without a boxed value per element until one is read. */
    static final class Rtts extends AbstractList<Double> implements RandomAccess {
        private final double[] values;
        private final int size;

        private Rtts(double[] values, int size) {
            this.values = values;
            this.size = size;
        }

        @Override
        public Double get(int index) {
            return values[Objects.checkIndex(index, size)];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
