package dev.icmpj;

import dev.icmpj.internal.transport.AddressBits;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The targets of a multiping, in order: addresses, host names, CIDR blocks and address ranges. A block or
 * range is arithmetic (a base address and a count), never one object per address, so a /12 of 1,048,576
 * addresses takes a few bytes. A target listed twice is there twice.
 *
 * {@snippet :
 * Targets targets = Targets.of("127.1.0.0/16", "localhost", "::1");   // 65,534 + 1 + 1 targets
 * Targets fromFile = Targets.read(Files.newBufferedReader(Path.of("hosts.txt")));
 * }
 *
 * <p>As fping's {@code -g}: an IPv4 block of prefix length 30 or less leaves out its network and broadcast
 * addresses ({@code 127.1.0.0/16} is 65,534 targets), a /31 or /32 and every IPv6 block keep all of theirs;
 * a range includes both ends; host bits set in a block's address are ignored. At most
 * {@link #MAX_TARGETS} targets.
 *
 * <p>Immutable and thread-safe.
 */
public final class Targets {

    /** The most targets one multiping takes: 16,777,216, an IPv4 /8. */
    public static final int MAX_TARGETS = 1 << 24;

    /** A run of consecutive addresses, or one host name. */
    private record Segment(byte[] base, int size, String name) {
        boolean isName() {
            return name != null;
        }
    }

    private static final Targets EMPTY = new Targets(List.of());

    private final List<Segment> segments;
    /** The index of the first target of each segment, and the total at the end. */
    private final int[] starts;

    private Targets(List<Segment> segments) {
        this.segments = List.copyOf(segments);
        this.starts = new int[segments.size() + 1];
        long total = 0;
        for (int i = 0; i < segments.size(); i++) {
            starts[i] = (int) total;
            total += segments.get(i).size();
            if (total > MAX_TARGETS) {
                throw new IllegalArgumentException(
                        "more than " + MAX_TARGETS + " targets; icmpj sweeps at most that many in one call");
            }
        }
        starts[segments.size()] = (int) total;
    }

    /**
     * Parses targets as a command line gives them: each an IPv4 or IPv6 address, a CIDR block
     * ({@code 198.18.0.0/24}, {@code fd00::/120}) or a host name (resolved when pinged).
     *
     * @param targets the targets
     * @return them, in order
     * @throws IllegalArgumentException for a malformed block, naming it
     */
    public static Targets of(String... targets) {
        return of(Arrays.asList(targets));
    }

    /**
     * Parses targets as {@link #of(String...)} does.
     *
     * @param targets the targets
     * @return them, in order
     * @throws IllegalArgumentException for a malformed block, naming it
     */
    public static Targets of(Collection<String> targets) {
        List<Segment> segments = new ArrayList<>(targets.size());
        for (String target : targets) {
            segments.add(parse(Objects.requireNonNull(target, "target")));
        }
        return new Targets(segments);
    }

    /**
     * Reads targets from text as fping's {@code -f} does: one per line, blank lines and lines starting with
     * {@code #} skipped, surrounding white space ignored. The reader is read to its end, not closed.
     *
     * @param lines the text
     * @return the targets, in order
     * @throws UncheckedIOException when reading fails
     * @throws IllegalArgumentException for a malformed block, naming it and its line
     */
    public static Targets read(BufferedReader lines) {
        List<Segment> segments = new ArrayList<>();
        int number = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                String target = line.strip();
                if (target.isEmpty() || target.startsWith("#")) {
                    continue;
                }
                try {
                    segments.add(parse(target));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Targets(segments);
    }

    /**
     * Returns a CIDR block, as fping's {@code -g 198.18.0.0/24}.
     *
     * @param block e.g. {@code 198.18.0.0/24} or {@code fd00::/112}
     * @return its addresses
     * @throws IllegalArgumentException when it is not a block of at most {@link #MAX_TARGETS} addresses
     */
    public static Targets cidr(String block) {
        if (block.indexOf('/') < 0) {
            throw new IllegalArgumentException(block + " is not a CIDR block (address/prefix length)");
        }
        return new Targets(List.of(parse(block)));
    }

    /**
     * Returns the addresses from one to another, both included, as fping's {@code -g START END}.
     *
     * @param first the first address
     * @param last the last address, of the same family, not before the first
     * @return the range
     * @throws IllegalArgumentException when the ends are not addresses of one family in order, or the range
     *     has more than {@link #MAX_TARGETS} addresses
     */
    public static Targets range(String first, String last) {
        byte[] from = literal(first, "range start");
        byte[] to = literal(last, "range end");
        if (from.length != to.length) {
            throw new IllegalArgumentException("range " + first + " to " + last + " mixes IPv4 and IPv6");
        }
        BigInteger count =
                new BigInteger(1, to).subtract(new BigInteger(1, from)).add(BigInteger.ONE);
        if (count.signum() <= 0) {
            throw new IllegalArgumentException("range " + first + " to " + last + " ends before it starts");
        }
        return new Targets(List.of(new Segment(from, checkedSize(count, first + " to " + last), null)));
    }

    /**
     * Returns these targets followed by others.
     *
     * @param more the others
     * @return both, in order
     */
    public Targets and(Targets more) {
        List<Segment> both = new ArrayList<>(segments);
        both.addAll(more.segments);
        return new Targets(both);
    }

    /**
     * Returns some of these targets, in the order given: what a retry of the unanswered ones pings.
     *
     * @param indices indices of these targets
     * @return those targets; index k of the subset is {@code indices[k]} here
     */
    public Targets subset(int[] indices) {
        List<Segment> picked = new ArrayList<>(indices.length);
        for (int index : indices) {
            InetAddress address = address(index);
            picked.add(
                    address != null ? new Segment(address.getAddress(), 1, null) : new Segment(null, 1, name(index)));
        }
        return new Targets(picked);
    }

    /** No target. */
    public static Targets empty() {
        return EMPTY;
    }

    /**
     * Returns the number of targets.
     *
     * @return 0..{@link #MAX_TARGETS}
     */
    public int size() {
        return starts[segments.size()];
    }

    /**
     * Returns a target as text: its address in RFC 5952 form, or its host name as given.
     *
     * @param index 0..size() - 1
     * @return the text
     */
    public String get(int index) {
        Segment segment = segments.get(segment(index));
        if (segment.isName()) {
            return segment.name();
        }
        // an IPv4 address from its bits: no InetAddress and getHostAddress per target, whose text a sweep's
        // output shows line by line (seven objects a line of a /16, three now)
        return segment.base().length == 4 ? ipv4Text((int) low(index)) : AddressText.of(address(index));
    }

    /** An IPv4 address in dotted decimal, as {@code Inet4Address.getHostAddress()} writes it. */
    private static String ipv4Text(int address) {
        byte[] text = new byte[15];
        int length = 0;
        for (int shift = 24; shift >= 0; shift -= 8) {
            int octet = address >>> shift & 0xFF;
            if (octet >= 100) {
                text[length++] = (byte) ('0' + octet / 100);
            }
            if (octet >= 10) {
                text[length++] = (byte) ('0' + octet / 10 % 10);
            }
            text[length++] = (byte) ('0' + octet % 10);
            if (shift > 0) {
                text[length++] = '.';
            }
        }
        return new String(text, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Returns a target's address, computed from its block, without any lookup.
     *
     * @param index 0..size() - 1
     * @return the address, or null when the target is a host name
     */
    InetAddress address(int index) {
        int s = segment(index);
        Segment segment = segments.get(s);
        if (segment.isName()) {
            return null;
        }
        byte[] bytes = segment.base().clone();
        long carry = index - starts[s];
        for (int i = bytes.length - 1; i >= 0 && carry != 0; i--) {
            long sum = (bytes[i] & 0xFF) + (carry & 0xFF);
            bytes[i] = (byte) sum;
            carry = (carry >>> 8) + (sum >>> 8);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /**
     * Returns the family of a target that is an address, computed without an object.
     *
     * @param index 0..size() - 1
     * @return IPV4 or IPV6, or null when the target is a host name
     */
    Family family(int index) {
        Segment segment = segments.get(segment(index));
        if (segment.isName()) {
            return null;
        }
        return segment.base().length == 4 ? Family.IPV4 : Family.IPV6;
    }

    /** The first half of an address target in the engine's form (as {@code AddressBits}), from its block. */
    long high(int index) {
        int s = segment(index);
        byte[] b = segments.get(s).base();
        if (b.length == 4) {
            return 0;
        }
        long second = AddressBits.bits(b, 8, 8);
        // the offset carries into the first half when the second wraps
        long carry = Long.compareUnsigned(second + (index - starts[s]), second) < 0 ? 1 : 0;
        return AddressBits.bits(b, 0, 8) + carry;
    }

    /** The second half of an address target in the engine's form (as {@code AddressBits}), from its block. */
    long low(int index) {
        int s = segment(index);
        byte[] b = segments.get(s).base();
        long offset = index - starts[s];
        return b.length == 4 ? (AddressBits.bits(b, 0, 4) + offset) & 0xFFFF_FFFFL : AddressBits.bits(b, 8, 8) + offset;
    }

    /**
     * Returns a target's host name, when it is one.
     *
     * @param index 0..size() - 1
     * @return the name, or null for an address
     */
    String name(int index) {
        return segments.get(segment(index)).name();
    }

    /** The indices of the targets that are host names, in order. */
    int[] nameIndices() {
        int names = 0;
        for (Segment segment : segments) {
            names += segment.isName() ? 1 : 0;
        }
        int[] indices = new int[names];
        int at = 0;
        for (int s = 0; s < segments.size(); s++) {
            if (segments.get(s).isName()) {
                indices[at++] = starts[s];
            }
        }
        return indices;
    }

    /** The families of the targets that are addresses. */
    Set<Family> addressFamilies() {
        Set<Family> families = EnumSet.noneOf(Family.class);
        for (Segment segment : segments) {
            if (!segment.isName()) {
                families.add(segment.base().length == 4 ? Family.IPV4 : Family.IPV6);
            }
        }
        return families;
    }

    private int segment(int index) {
        Objects.checkIndex(index, size());
        // every segment has at least one target, so the starts are strictly increasing
        int at = Arrays.binarySearch(starts, 0, segments.size(), index);
        return at >= 0 ? at : -at - 2;
    }

    @Override
    public String toString() {
        return "Targets[" + size() + " in " + segments.size() + " parts]";
    }

    private static Segment parse(String target) {
        int slash = target.indexOf('/');
        if (slash < 0) {
            try {
                return new Segment(InetAddress.ofLiteral(target).getAddress(), 1, null);
            } catch (IllegalArgumentException notALiteral) {
                if (target.isBlank() || target.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("\"" + target + "\" is not an address or a host name");
                }
                return new Segment(null, 1, target);
            }
        }
        byte[] base = literal(target.substring(0, slash), "block " + target);
        int prefix;
        try {
            prefix = Integer.parseInt(target.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        int bits = base.length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("block " + target + ": the prefix length must be between 0 and " + bits);
        }
        for (int bit = prefix; bit < bits; bit++) {
            base[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        BigInteger count = BigInteger.ONE.shiftLeft(bits - prefix);
        if (base.length == 4 && prefix <= 30) {
            // fping -g: neither the network nor the broadcast address
            base[3]++;
            count = count.subtract(BigInteger.TWO);
        }
        return new Segment(base, checkedSize(count, target), null);
    }

    private static int checkedSize(BigInteger count, String what) {
        if (count.compareTo(BigInteger.valueOf(MAX_TARGETS)) > 0) {
            throw new IllegalArgumentException(
                    what + " is " + count + " addresses; icmpj sweeps at most " + MAX_TARGETS + " targets in one call");
        }
        return count.intValueExact();
    }

    private static byte[] literal(String text, String what) {
        try {
            return InetAddress.ofLiteral(text).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": \"" + text + "\" is not an IP address");
        }
    }
}
