package dev.icmpj.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the BPF programs on crafted packets with a small classic-BPF interpreter. */
class PacketFiltersTest {
    private static final int ID = 0xBEEF;

    /** Executes the subset of classic BPF the programs use; returns the accepted length (0 = drop). */
    private static int run(int[][] program, byte[] packet) {
        int a = 0;
        int x = 0;
        for (int pc = 0; pc < program.length; pc++) {
            int[] insn = program[pc];
            int k = insn[3];
            switch (insn[0]) {
                case 0x30 -> a = k < packet.length ? packet[k] & 0xFF : -1;
                case 0x28 -> a = k + 1 < packet.length ? ((packet[k] & 0xFF) << 8) | (packet[k + 1] & 0xFF) : -1;
                case 0x50 -> a = x + k < packet.length ? packet[x + k] & 0xFF : -1;
                case 0x48 ->
                    a = x + k + 1 < packet.length ? ((packet[x + k] & 0xFF) << 8) | (packet[x + k + 1] & 0xFF) : -1;
                case 0xb1 -> x = k < packet.length ? (packet[k] & 0xF) * 4 : -1;
                case 0x54 -> a &= k;
                case 0x64 -> a <<= k;
                case 0x0c -> a += x;
                case 0x07 -> x = a;
                case 0x15 -> pc += a == k ? insn[1] : insn[2];
                case 0x06 -> {
                    return k;
                }
                default -> throw new AssertionError("opcode " + insn[0]);
            }
            if (a == -1 || x == -1) {
                return 0; // a load beyond the packet drops it, as in the kernel
            }
        }
        throw new AssertionError("fell off the end of the program");
    }

    private static byte[] ipv4(int optionWords, byte[] icmp) {
        int ihl = 20 + optionWords * 4;
        byte[] p = new byte[ihl + icmp.length];
        p[0] = (byte) (0x40 | (ihl / 4));
        p[9] = 1;
        System.arraycopy(icmp, 0, p, ihl, icmp.length);
        return p;
    }

    private static byte[] echo(int type, int id) {
        return new byte[] {(byte) type, 0, 0, 0, (byte) (id >> 8), (byte) id, 0, 1};
    }

    private static byte[] v4Error(int type, byte[] quotedDatagram) {
        byte[] p = new byte[8 + quotedDatagram.length];
        p[0] = (byte) type;
        System.arraycopy(quotedDatagram, 0, p, 8, quotedDatagram.length);
        return p;
    }

    @Test
    void ipv4Program_echoReplies_passOnlyOurIdentifier() {
        int[][] program = PacketFilters.ipv4Program(ID);
        assertThat(run(program, ipv4(0, echo(0, ID)))).isPositive();
        assertThat(run(program, ipv4(2, echo(0, ID)))).isPositive();
        assertThat(run(program, ipv4(0, echo(0, ID + 1)))).isZero();
        assertThat(run(program, ipv4(0, echo(8, ID))))
                .as("our own request looped back")
                .isZero();
    }

    @Test
    void ipv4Program_errors_passOnlyWhenQuotingOurEchoRequest() {
        int[][] program = PacketFilters.ipv4Program(ID);
        assertThat(run(program, ipv4(0, v4Error(3, ipv4(0, echo(8, ID)))))).isPositive();
        assertThat(run(program, ipv4(1, v4Error(11, ipv4(3, echo(8, ID))))))
                .as("options in both headers")
                .isPositive();
        assertThat(run(program, ipv4(0, v4Error(3, ipv4(0, echo(8, ID + 1)))))).isZero();
        assertThat(run(program, ipv4(0, v4Error(3, ipv4(0, echo(0, ID)))))).isZero();
        assertThat(run(program, ipv4(0, v4Error(13, ipv4(0, echo(8, ID))))))
                .as("timestamp type")
                .isZero();
        assertThat(run(program, ipv4(0, new byte[] {3, 1, 0, 0})))
                .as("truncated")
                .isZero();
    }

    @Test
    void ipv6Program_passesOurRepliesAndErrorsQuotingOurRequests() {
        int[][] program = PacketFilters.ipv6Program(ID);
        assertThat(run(program, echo(129, ID))).isPositive();
        assertThat(run(program, echo(129, 1))).isZero();
        assertThat(run(program, echo(128, ID))).isZero();
        byte[] error = new byte[8 + 40 + 8];
        error[0] = 3;
        System.arraycopy(echo(128, ID), 0, error, 48, 8);
        assertThat(run(program, error)).isPositive();
        System.arraycopy(echo(128, 7), 0, error, 48, 8);
        assertThat(run(program, error)).isZero();
    }

    @Test
    void typeFilters_blockEverythingButRepliesAndErrors() {
        int v4 = PacketFilters.icmpFilter();
        for (int type = 0; type < 32; type++) {
            boolean passes = (v4 & (1 << type)) == 0;
            assertThat(passes)
                    .as("ICMPv4 type %d", type)
                    .isEqualTo(java.util.Set.of(0, 3, 4, 5, 11, 12).contains(type));
        }
        int[] v6 = PacketFilters.icmp6Filter();
        for (int type = 0; type < 256; type++) {
            boolean passes = (v6[type >>> 5] & (1 << (type & 31))) == 0;
            assertThat(passes)
                    .as("ICMPv6 type %d", type)
                    .isEqualTo(java.util.Set.of(1, 2, 3, 4, 129).contains(type));
        }
    }
}
