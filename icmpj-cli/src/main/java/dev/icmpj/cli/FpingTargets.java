package dev.icmpj.cli;

import dev.icmpj.NameLookupException;
import dev.icmpj.Pinger;
import dev.icmpj.Targets;
import dev.icmpj.packet.AddressText;
import dev.icmpj.socket.Family;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The targets of {@code icmpj multiping} as fping reads and names them (5.1, {@code add_name}): every host name
 * is looked up before the first request, in parallel, and becomes its first address (every address with
 * {@code -m}); a name that does not resolve, or a target of the other family than {@code -4}/{@code -6} asks,
 * is reported as {@code name: reason}, counted as an unknown address and left out, and the run goes on. What
 * is pinged is then addresses only ({@link #targets()}), blocks kept as arithmetic, so a /16 costs no object
 * per address.
 *
 * <p>Each target is shown as fping shows it ({@link #display}): as the user wrote it, its address with
 * {@code -A}, its reverse name with {@code -d} (or with {@code -n} for a target given as an address), both as
 * {@code name (address)} with {@code -A} and {@code -d}/{@code -n}; {@link #width()} is fping's
 * {@code max_hostname_len}, to which count and loop lines pad the names.
 *
 * <p>Immutable and thread-safe once built.
 */
final class FpingTargets {

    /** How targets are shown. */
    enum Naming {
        /** As given (fping's default). */
        GIVEN,
        /** Reverse names of targets given as addresses ({@code -n}). */
        NAME_OF_ADDRESSES,
        /** Reverse names of every target ({@code -d}). */
        NAME_OF_ALL
    }

    /**
     * A target left out.
     *
     * @param before the index the next target pinged has: where it stood among them
     * @param target the target as given
     * @param reason fping's words after the name
     */
    record Unknown(int before, String target, String reason) {}

    /** Host names looked up at once. */
    private static final int PARALLEL_LOOKUPS = 64;

    private final Targets targets;
    /** Per entry (a name's address, an address, a block): its first target, and the text shown for it. */
    private final int[] starts;

    private final String[] shown;
    /** Whether an entry is a block, whose targets are shown by their own address. */
    private final boolean[] block;

    private final boolean byAddress;
    private final Map<Integer, String> reverseNames;
    private final int unknown;
    private final List<Unknown> failures;
    private final int width;

    private FpingTargets(
            Targets targets,
            int[] starts,
            String[] shown,
            boolean[] block,
            boolean byAddress,
            Map<Integer, String> reverseNames,
            int unknown,
            List<Unknown> failures,
            boolean padded) {
        this.targets = targets;
        this.starts = starts;
        this.shown = shown;
        this.block = block;
        this.byAddress = byAddress;
        this.reverseNames = reverseNames;
        this.unknown = unknown;
        this.failures = List.copyOf(failures);
        this.width = padded ? measure() : 0;
    }

    /**
     * Resolves the targets as fping adds them.
     *
     * @param given the targets in order: addresses, names, CIDR blocks; or, with {@code -g}, a block or a range
     * @param generate whether {@code given} is fping's {@code -g} operand: one block, or the two ends of a range
     * @param pinger looks names up
     * @param family {@code -4}, {@code -6} or neither
     * @param everyAddress {@code -m}: every address of a name, not its first
     * @param byAddress {@code -A}: show the address
     * @param naming {@code -n} or {@code -d}
     * @param padded whether lines pad names to one width (count and loop modes)
     * @param warn told {@code name: reason} for each target left out, in order
     * @return the targets
     * @throws IllegalArgumentException for a malformed block or range, naming it
     */
    static FpingTargets resolve(
            List<String> given,
            boolean generate,
            Pinger pinger,
            Family family,
            boolean everyAddress,
            boolean byAddress,
            Naming naming,
            boolean padded,
            Consumer<String> warn) {
        if (generate) {
            Targets block =
                    given.size() == 1 ? Targets.cidr(given.getFirst()) : Targets.range(given.get(0), given.get(1));
            if (block.size() > 0 && !fits(InetAddress.ofLiteral(block.get(0)), family)) {
                Unknown failure = new Unknown(0, String.join(" ", given), "Address family for hostname not supported");
                warn.accept(failure.target() + ": " + failure.reason());
                return new FpingTargets(
                        Targets.empty(),
                        new int[0],
                        new String[0],
                        new boolean[0],
                        byAddress,
                        Map.of(),
                        block.size(),
                        List.of(failure),
                        padded);
            }
            Map<Integer, String> names = new HashMap<>();
            if (naming != Naming.GIVEN) {
                for (int i = 0; i < block.size(); i++) {
                    names.put(i, reverseName(block.get(i)));
                }
            }
            return new FpingTargets(
                    block,
                    new int[] {0},
                    new String[] {null},
                    new boolean[] {true},
                    byAddress,
                    names,
                    0,
                    List.of(),
                    padded);
        }
        List<Lookup> lookups = lookUp(given, pinger, family, everyAddress);
        List<String> items = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Boolean> blocks = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>();
        Map<Integer, String> names = new HashMap<>();
        List<Unknown> failures = new ArrayList<>();
        int unknown = 0;
        int next = 0;
        for (int i = 0; i < given.size(); i++) {
            String target = given.get(i);
            Lookup lookup = lookups.get(i);
            if (lookup == null) {
                // an address or a block: no lookup
                Targets some = Targets.of(target);
                if (some.size() > 0 && !fits(InetAddress.ofLiteral(some.get(0)), family)) {
                    failures.add(new Unknown(next, target, "Address family for hostname not supported"));
                    warn.accept(target + ": Address family for hostname not supported");
                    unknown += some.size();
                    continue;
                }
                boolean isBlock = target.indexOf('/') >= 0;
                firsts.add(next);
                items.add(target);
                texts.add(isBlock ? null : target);
                blocks.add(isBlock);
                for (int k = 0; naming != Naming.GIVEN && k < some.size(); k++) {
                    names.put(next + k, reverseName(some.get(k)));
                }
                next += some.size();
                continue;
            }
            if (lookup.failure() != null) {
                failures.add(new Unknown(next, target, reason(lookup.failure())));
                warn.accept(target + ": " + reason(lookup.failure()));
                unknown++;
                continue;
            }
            for (InetAddress address : lookup.addresses()) {
                firsts.add(next);
                items.add(AddressText.of(address));
                texts.add(target);
                blocks.add(false);
                if (naming == Naming.NAME_OF_ALL) {
                    // -n names only the targets given as addresses; -d names all
                    names.put(next, reverseName(AddressText.of(address)));
                } else if (naming == Naming.NAME_OF_ADDRESSES) {
                    // a name under -n is shown as given, which -A makes "five.test (127.0.0.5)" (fping 5.1)
                    names.put(next, target);
                }
                next++;
            }
        }
        boolean[] isBlock = new boolean[blocks.size()];
        for (int k = 0; k < isBlock.length; k++) {
            isBlock[k] = blocks.get(k);
        }
        return new FpingTargets(
                Targets.of(items),
                firsts.stream().mapToInt(Integer::intValue).toArray(),
                texts.toArray(String[]::new),
                isBlock,
                byAddress,
                names,
                unknown,
                failures,
                padded);
    }

    /** A name's addresses, or why it has none. */
    private record Lookup(List<InetAddress> addresses, Throwable failure) {}

    /**
     * Looks the names among the targets up, 64 at a time: per target, its addresses (the first only without
     * {@code -m}) or the failure, or null for an address or a block.
     */
    private static List<Lookup> lookUp(List<String> given, Pinger pinger, Family family, boolean everyAddress) {
        if (given.stream().allMatch(FpingTargets::isAddressOrBlock)) {
            // no name: no thread (a JVM's first virtual thread starts its scheduler, a cold start's milliseconds)
            List<Lookup> none = new ArrayList<>(given.size());
            given.forEach(target -> none.add(null));
            return none;
        }
        List<Future<List<InetAddress>>> pending = new ArrayList<>(given.size());
        Semaphore slots = new Semaphore(PARALLEL_LOOKUPS);
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String target : given) {
                if (isAddressOrBlock(target)) {
                    pending.add(null);
                    continue;
                }
                slots.acquireUninterruptibly();
                pending.add(lookups.submit(() -> {
                    try {
                        List<InetAddress> all = pinger.resolveAll(target, family);
                        return everyAddress ? all : List.of(all.getFirst());
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        List<Lookup> resolved = new ArrayList<>(given.size());
        for (Future<List<InetAddress>> lookup : pending) {
            if (lookup == null) {
                resolved.add(null);
            } else if (lookup.state() == Future.State.SUCCESS) {
                resolved.add(new Lookup(lookup.resultNow(), null));
            } else {
                resolved.add(new Lookup(List.of(), lookup.exceptionNow()));
            }
        }
        return resolved;
    }

    /**
     * The reason fping prints after a name that did not resolve: the resolver's words, and getaddrinfo's
     * {@code Address family for hostname not supported} for a name with no address of the family asked for.
     *
     * @param failure the lookup's failure
     * @return e.g. {@code Name or service not known}
     */
    static String reason(Throwable failure) {
        if (failure instanceof NameLookupException lookup && lookup.getCause() == null) {
            // the library found the name, but no address of the family: what getaddrinfo says then
            return "Address family for hostname not supported";
        }
        return failure instanceof dev.icmpj.socket.IcmpLibException e
                ? FailureReporter.lookupReason(e)
                : String.valueOf(failure.getMessage());
    }

    /** The reverse name of an address, or the address when it has none. */
    private static String reverseName(String address) {
        try {
            return InetAddress.getByAddress(InetAddress.ofLiteral(address).getAddress())
                    .getHostName();
        } catch (UnknownHostException cannotHappenForARawAddress) {
            return address;
        }
    }

    private static boolean fits(InetAddress address, Family family) {
        return family == Family.ANY || Family.of(address) == family;
    }

    private static boolean isAddressOrBlock(String target) {
        int slash = target.indexOf('/');
        return isLiteral(slash < 0 ? target : target.substring(0, slash));
    }

    private static boolean isLiteral(String text) {
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What is pinged: addresses only. */
    Targets targets() {
        return targets;
    }

    /** The number of targets pinged. */
    int size() {
        return targets.size();
    }

    /** Targets left out: names that did not resolve, and addresses of the other family. */
    int unknown() {
        return unknown;
    }

    /** The targets left out, in the order given. */
    List<Unknown> failures() {
        return failures;
    }

    /** fping's {@code max_hostname_len}, or 0 when lines are not padded. */
    int width() {
        return width;
    }

    /**
     * Returns a target as fping shows it.
     *
     * @param index 0..size() - 1
     * @return e.g. {@code localhost}, {@code 127.0.0.1}, {@code localhost (127.0.0.1)}
     */
    String display(int index) {
        int entry = entry(index);
        String address = targets.get(index);
        String given = block[entry] || shown[entry] == null ? address : shown[entry];
        // most runs look no name up: no Integer per line then
        String reverse = reverseNames.isEmpty() ? null : reverseNames.get(index);
        if (byAddress) {
            return reverse != null ? reverse + " (" + address + ")" : address;
        }
        return reverse != null ? reverse : given;
    }

    /**
     * Returns a target's display padded as fping pads it in count and loop lines ({@code %-*s}).
     *
     * @param index 0..size() - 1
     * @return the display, with spaces up to {@link #width()}
     */
    String padded(int index) {
        String text = display(index);
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private int entry(int index) {
        int at = java.util.Arrays.binarySearch(starts, index);
        return at >= 0 ? at : -at - 2;
    }

    private int measure() {
        int longest = 0;
        for (int i = 0; i < targets.size(); i++) {
            longest = Math.max(longest, display(i).length());
        }
        return longest;
    }
}
