package dev.icmpj.packet;

/**
 * One entry of an MPLS label stack (RFC 3032), as reported by an RFC 4950 extension object.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label the 20-bit label, 0..1048575
 * @param trafficClass the 3-bit traffic class (formerly EXP), 0..7
 * @param bottomOfStack the S bit: true for the last entry of the stack
 * @param ttl the entry's TTL, 0..255
 */
public record MplsLabel(int label, int trafficClass, boolean bottomOfStack, int ttl) {

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public MplsLabel {
        Bytes.requireRange("label", label, 0, 0xFFFFF);
        Bytes.requireRange("trafficClass", trafficClass, 0, 7);
        Bytes.requireRange("ttl", ttl, 0, 255);
    }

    /**
     * Decodes a 32-bit label stack entry.
     *
     * @param entry the entry: label (20 bits), traffic class (3), S (1), TTL (8)
     * @return the label
     */
    static MplsLabel ofEntry(long entry) {
        return new MplsLabel((int) (entry >>> 12), (int) (entry >>> 9) & 7, (entry & 0x100) != 0, (int) entry & 0xFF);
    }

    /**
     * Returns the 32-bit label stack entry.
     *
     * @return label (20 bits), traffic class (3), S (1), TTL (8)
     */
    long entry() {
        return (long) label << 12 | trafficClass << 9 | (bottomOfStack ? 0x100 : 0) | ttl;
    }
}
