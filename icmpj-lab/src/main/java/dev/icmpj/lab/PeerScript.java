package dev.icmpj.lab;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link PeerAction} a {@link TunPeer} takes for each echo request, looked up by the most specific rule:
 * destination address and sequence number, then sequence number, then destination address, then the default
 * ({@link PeerAction#reply()} unless set).
 *
 * <pre>{@code
 * PeerScript script = PeerScript.builder()
 *         .forAddress(slow, PeerAction.delay(Duration.ofMillis(20)))
 *         .forSequence(3, PeerAction.drop())
 *         .forProbe(slow, 5, PeerAction.duplicate(2))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class PeerScript {
    private record Probe(InetAddress destination, int sequence) {}

    private final PeerAction fallback;
    private final Map<InetAddress, PeerAction> byAddress;
    private final Map<Integer, PeerAction> bySequence;
    private final Map<Probe, PeerAction> byProbe;
    private final Map<Integer, PeerAction> byHopLimit;

    private PeerScript(Builder b) {
        this.fallback = b.fallback;
        this.byAddress = Map.copyOf(b.byAddress);
        this.bySequence = Map.copyOf(b.bySequence);
        this.byProbe = Map.copyOf(b.byProbe);
        this.byHopLimit = Map.copyOf(b.byHopLimit);
    }

    /** A script that answers every probe with one action. */
    public static PeerScript always(PeerAction action) {
        return builder().byDefault(action).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The action for a probe.
     *
     * @param destination the probe's destination address
     * @param sequence its sequence number
     * @return the action
     */
    public PeerAction actionFor(InetAddress destination, int sequence) {
        return actionFor(destination, sequence, -1);
    }

    /**
     * Returns the action for a probe that arrived with a hop limit: by probe, then sequence, then hop limit,
     * then destination, then the default.
     *
     * @param destination the probe's destination
     * @param sequence its sequence number
     * @param hopLimit the TTL / hop limit it arrived with, or -1
     * @return the action
     */
    public PeerAction actionFor(InetAddress destination, int sequence, int hopLimit) {
        PeerAction a = byProbe.get(new Probe(destination, sequence));
        if (a == null) {
            a = bySequence.get(sequence);
        }
        if (a == null) {
            a = byHopLimit.get(hopLimit);
        }
        if (a == null) {
            a = byAddress.get(destination);
        }
        return a == null ? fallback : a;
    }

    /** Builds a {@link PeerScript}; each setter replaces an earlier rule for the same key. Not thread-safe. */
    public static final class Builder {
        private PeerAction fallback = PeerAction.reply();
        private final Map<InetAddress, PeerAction> byAddress = new HashMap<>();
        private final Map<Integer, PeerAction> bySequence = new HashMap<>();
        private final Map<Probe, PeerAction> byProbe = new HashMap<>();
        private final Map<Integer, PeerAction> byHopLimit = new HashMap<>();

        private Builder() {}

        /** The action for probes no rule matches. */
        public Builder byDefault(PeerAction action) {
            fallback = Objects.requireNonNull(action, "action");
            return this;
        }

        /** The action for every probe to an address. */
        public Builder forAddress(InetAddress destination, PeerAction action) {
            byAddress.put(Objects.requireNonNull(destination, "destination"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /** The action for every probe with a sequence number (0..65535), whatever its address. */
        public Builder forSequence(int sequence, PeerAction action) {
            bySequence.put(checkSequence(sequence), Objects.requireNonNull(action, "action"));
            return this;
        }

        /** The action for one probe: an address and a sequence number. */
        public Builder forProbe(InetAddress destination, int sequence, PeerAction action) {
            byProbe.put(
                    new Probe(Objects.requireNonNull(destination, "destination"), checkSequence(sequence)),
                    Objects.requireNonNull(action, "action"));
            return this;
        }

        /**
         * Sets the action for probes that arrive with a TTL / hop limit: a peer right after the client sees
         * a probe's TTL as sent, so TTL n acts as the n-th router of a path (with {@link PeerAction#from}).
         *
         * @param hopLimit 1..255
         * @param action what to do
         * @return this builder
         */
        public Builder forHopLimit(int hopLimit, PeerAction action) {
            if (hopLimit < 1 || hopLimit > 255) {
                throw new IllegalArgumentException("hopLimit must be in 1..255: " + hopLimit);
            }
            byHopLimit.put(hopLimit, Objects.requireNonNull(action, "action"));
            return this;
        }

        private static int checkSequence(int sequence) {
            if (sequence < 0 || sequence > 65535) {
                throw new IllegalArgumentException("sequence must be in 0..65535: " + sequence);
            }
            return sequence;
        }

        /** The script. */
        public PeerScript build() {
            return new PeerScript(this);
        }
    }
}
