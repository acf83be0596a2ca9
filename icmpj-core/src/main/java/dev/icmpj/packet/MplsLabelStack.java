package dev.icmpj.packet;

import java.util.List;

/**
 * The MPLS label stack of the datagram that provoked an error, as received by the router that reported it
 * (RFC 4950: extension class 1, C-Type 1). Traceroute shows it for the hops inside an MPLS tunnel.
 *
 * <p>Immutable and thread-safe.
 *
 * @param labels the entries, top of the stack first
 */
public record MplsLabelStack(List<MplsLabel> labels) implements ExtensionObject {

    /** RFC 4950's class number for the MPLS label stack. */
    public static final int CLASS_NUMBER = 1;
    /** RFC 4950's C-Type for the incoming MPLS label stack. */
    public static final int CLASS_TYPE = 1;

    /** Copies the labels. */
    public MplsLabelStack {
        labels = List.copyOf(labels);
    }

    /**
     * Returns 1, the class number of an MPLS label stack.
     *
     * @return 1
     */
    @Override
    public int classNumber() {
        return CLASS_NUMBER;
    }

    /**
     * Returns 1, the C-Type of an incoming MPLS label stack.
     *
     * @return 1
     */
    @Override
    public int classType() {
        return CLASS_TYPE;
    }
}
