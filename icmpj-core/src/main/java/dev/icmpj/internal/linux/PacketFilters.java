package dev.icmpj.internal.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel filters of a raw ICMP socket: the {@code ICMP_FILTER} / {@code ICMP6_FILTER} type masks and a
 * classic BPF program that accepts only echo replies with our identifier and ICMP errors quoting one of
 * our echo requests. See raw(7), icmp(7), RFC 3542 and the kernel's Documentation/networking/filter.rst.
 *
 * <p>Thread-safe: stateless.
 */
final class PacketFilters {
    /** The ICMPv4 types a raw socket passes: echo reply, unreachable, source quench, redirect, time exceeded, parameter problem. */
    static final int[] V4_TYPES = {0, 3, 4, 5, 11, 12};
    /** The ICMPv6 types a raw socket passes: unreachable, packet too big, time exceeded, parameter problem, echo reply. */
    static final int[] V6_TYPES = {1, 2, 3, 4, 129};

    private static final int LD_B_ABS = 0x30;
    private static final int LD_H_ABS = 0x28;
    private static final int LD_B_IND = 0x50;
    private static final int LD_H_IND = 0x48;
    private static final int LDX_B_MSH = 0xb1;
    private static final int ALU_AND_K = 0x54;
    private static final int ALU_LSH_K = 0x64;
    private static final int ALU_ADD_X = 0x0c;
    private static final int MISC_TAX = 0x07;
    private static final int JMP_JEQ_K = 0x15;
    private static final int RET_K = 0x06;
    private static final int ACCEPT_BYTES = 0x40000;

    private PacketFilters() {}

    /**
     * Returns the {@code struct icmp_filter} mask: a set bit drops that type.
     *
     * @return the mask passing only {@link #V4_TYPES}
     */
    static int icmpFilter() {
        int pass = 0;
        for (int type : V4_TYPES) {
            pass |= 1 << type;
        }
        return ~pass;
    }

    /**
     * Returns the eight words of {@code struct icmp6_filter}: a set bit blocks that type.
     *
     * @return the words passing only {@link #V6_TYPES}
     */
    static int[] icmp6Filter() {
        int[] words = {-1, -1, -1, -1, -1, -1, -1, -1};
        for (int type : V6_TYPES) {
            words[type >>> 5] &= ~(1 << (type & 31));
        }
        return words;
    }

    /**
     * Returns the BPF program for raw ICMPv4, where the packet starts with an IP header of variable length.
     *
     * @param identifier our echo identifier
     * @return instructions as {@code {code, jt, jf, k}} quadruples
     */
    static int[][] ipv4Program(int identifier) {
        Program p = new Program();
        p.op(LDX_B_MSH, 0); // X = outer IP header length
        p.op(LD_B_IND, 0); // A = ICMP type
        p.jeq(0, "echo", null);
        for (int type : new int[] {3, 4, 5, 11}) {
            p.jeq(type, "error", null);
        }
        p.jeq(12, "error", "reject");
        p.label("echo");
        p.op(LD_H_IND, 4); // echo identifier
        p.jeq(identifier, "accept", "reject");
        p.label("error");
        p.op(LD_B_IND, 8); // quoted IP version/IHL
        p.op(ALU_AND_K, 0xf);
        p.op(ALU_LSH_K, 2);
        p.op(ALU_ADD_X, 0);
        p.op(MISC_TAX, 0); // X = outer + quoted IP header lengths
        p.op(LD_B_IND, 8); // quoted ICMP type
        p.jeq(8, null, "reject");
        p.op(LD_H_IND, 12); // quoted echo identifier
        p.jeq(identifier, "accept", "reject");
        return p.finish();
    }

    /**
     * Returns the BPF program for raw ICMPv6, where the packet starts with the ICMPv6 header.
     *
     * @param identifier our echo identifier
     * @return instructions as {@code {code, jt, jf, k}} quadruples
     */
    static int[][] ipv6Program(int identifier) {
        Program p = new Program();
        p.op(LD_B_ABS, 0);
        p.jeq(129, "echo", null);
        for (int type : new int[] {1, 2, 3}) {
            p.jeq(type, "error", null);
        }
        p.jeq(4, "error", "reject");
        p.label("echo");
        p.op(LD_H_ABS, 4);
        p.jeq(identifier, "accept", "reject");
        p.label("error");
        p.op(LD_B_ABS, 8 + 40); // quoted ICMPv6 type after the quoted IPv6 header
        p.jeq(128, null, "reject");
        p.op(LD_H_ABS, 8 + 40 + 4);
        p.jeq(identifier, "accept", "reject");
        return p.finish();
    }

    /**
     * Writes a program as {@code struct sock_fprog} pointing at its {@code struct sock_filter} array.
     *
     * @param arena where to allocate both
     * @param program instructions as {@code {code, jt, jf, k}} quadruples
     * @return the {@code sock_fprog}, for {@code SO_ATTACH_FILTER}
     */
    static MemorySegment socketFilterProgram(Arena arena, int[][] program) {
        long size = Structs.SOCK_FILTER.byteSize();
        MemorySegment filter = arena.allocate(size * program.length, 8);
        for (int pc = 0; pc < program.length; pc++) {
            long at = pc * size;
            filter.set(JAVA_SHORT, at, (short) program[pc][0]);
            filter.set(JAVA_BYTE, at + 2, (byte) program[pc][1]);
            filter.set(JAVA_BYTE, at + 3, (byte) program[pc][2]);
            filter.set(JAVA_INT, at + 4, program[pc][3]);
        }
        MemorySegment fprog = arena.allocate(Structs.SOCK_FPROG);
        fprog.set(JAVA_SHORT, 0, (short) program.length);
        fprog.set(ADDRESS, Structs.FPROG_FILTER, filter);
        return fprog;
    }

    /** A tiny assembler resolving jump labels; a {@code null} target means the next instruction. */
    private static final class Program {
        private final List<Object[]> code = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();

        void op(int opcode, int k) {
            code.add(new Object[] {opcode, null, null, k});
        }

        void jeq(int k, String whenEqual, String otherwise) {
            code.add(new Object[] {JMP_JEQ_K, whenEqual, otherwise, k});
        }

        void label(String name) {
            labels.put(name, code.size());
        }

        int[][] finish() {
            label("accept");
            code.add(new Object[] {RET_K, null, null, ACCEPT_BYTES});
            label("reject");
            code.add(new Object[] {RET_K, null, null, 0});
            int[][] out = new int[code.size()][];
            for (int pc = 0; pc < out.length; pc++) {
                Object[] insn = code.get(pc);
                out[pc] = new int[] {
                    (int) insn[0], offset(pc, (String) insn[1]), offset(pc, (String) insn[2]), (int) insn[3]
                };
            }
            return out;
        }

        private int offset(int pc, String label) {
            if (label == null) {
                return 0;
            }
            int distance = labels.get(label) - pc - 1;
            if (distance < 0 || distance > 255) {
                throw new IllegalStateException("jump to " + label + " out of range: " + distance);
            }
            return distance;
        }
    }
}
