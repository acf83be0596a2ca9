package dev.icmpj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing, validation and error reporting of {@code icmpj ping}: nothing here opens a socket. */
class PingCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -c 0 127.0.0.1 | 1 | icmpj: ping: -c: count is 0; it must be between 1 and 2147483647
            -c -5 127.0.0.1 | 1 | icmpj: ping: -c: count is -5; it must be between 1 and 2147483647
            -i -1 127.0.0.1 | 2 | icmpj: ping: -i: interval is -1 s; it must be zero or more
            -W 0 127.0.0.1 | 2 | icmpj: ping: -W: timeout is 0 s; it must be positive
            -w 0 127.0.0.1 | 2 | icmpj: ping: -w: the deadline is 0 s; it must be positive
            -s 65508 127.0.0.1 | 1 | icmpj: ping: -s: 65508 data bytes is more than the largest IPv4 echo payload, 65507 bytes
            -Q 0x100 127.0.0.1 | 2 | icmpj: ping: -Q: TOS is 256; it must be between 0 and 255
            -s 70000 127.0.0.1 | 1 | icmpj: ping: -s: 70000 data bytes is more than the largest IPv4 echo payload, 65507 bytes
            -s 70000 ::1 | 1 | icmpj: ping: -s: 70000 data bytes is more than the largest IPv6 echo payload, 65527 bytes
            -s -1 127.0.0.1 | 1 | icmpj: ping: -s: -1 data bytes; it must be 0 or more
            -t 0 127.0.0.1 | 1 | icmpj: ping: -t: ttl is 0; it must be between 1 and 255
            -t 256 127.0.0.1 | 1 | icmpj: ping: -t: ttl is 256; it must be between 1 and 255
            -Q 256 127.0.0.1 | 2 | icmpj: ping: -Q: TOS is 256; it must be between 0 and 255
            -4 ::1 | 2 | icmpj: ping: ::1 is an IPv6 address; it has no IPv4 address
            -6 127.0.0.1 | 2 | icmpj: ping: 127.0.0.1 is an IPv4 address; it has no IPv6 address
            -l 0 127.0.0.1 | 1 | icmpj: ping: -l: preload is 0; it must be between 1 and 65536
            -l 70000 127.0.0.1 | 1 | icmpj: ping: -l: preload is 70000; it must be between 1 and 65536
            -S 0 127.0.0.1 | 1 | icmpj: ping: -S: send buffer size is 0; it must be between 1 and 2147483647
            -S -1 127.0.0.1 | 1 | icmpj: ping: -S: send buffer size is -1; it must be between 1 and 2147483647
            -m -1 127.0.0.1 | 1 | icmpj: ping: -m: mark is -1; it must be between 0 and 4294967295
            -m 4294967296 127.0.0.1 | 1 | icmpj: ping: -m: mark is 4294967296; it must be between 0 and 4294967295
            """)
    void call_invalidValueIsOneLineWithIputilsExitCode(String args, int exitCode, String expected) {
        // each message names the option that gave the bad value; iputils exits 1 where its number parser
        // refuses the value (-c, -l, -m, -s, -S, -t) and 2 for the rest (measured, iputils 20221126)
        CliRun run = CliRun.of(("ping " + args).split(" "));

        assertThat(run.exitCode()).isEqualTo(exitCode);
        assertThat(run.errLines()).containsExactly(expected);
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ping -i fast 127.0.0.1         | icmpj: ping: Invalid value for option '-i': 'fast' is not a number of seconds (see 'icmpj ping --help')
            ping -z 127.0.0.1              | icmpj: ping: unknown option '-z' (see 'icmpj ping --help')
            ping -z -c 2 127.0.0.1         | icmpj: ping: unknown option '-z' (see 'icmpj ping --help')
            ping -p xyz 127.0.0.1          | icmpj: ping: Invalid value for option '-p': 'xyz' is not a pattern: 1 to 32 hex digits (up to 16 bytes) (see 'icmpj ping --help')
            ping -M maybe 127.0.0.1        | icmpj: ping: Invalid value for option '-M': 'maybe' is not one of do, dont, want (see 'icmpj ping --help')
            ping -Q ten 127.0.0.1          | icmpj: ping: Invalid value for option '-Q': 'ten' is not a number (decimal, or hex as 0x10) (see 'icmpj ping --help')
            ping -4 -6 127.0.0.1           | icmpj: ping: -4 and -6 are mutually exclusive (see 'icmpj ping --help')
            ping --privileged --unprivileged 127.0.0.1 | icmpj: ping: --privileged and --unprivileged are mutually exclusive (see 'icmpj ping --help')
            frobnicate                     | icmpj: unknown command 'frobnicate'; the commands are ping, multiping, traceroute, exporter (see 'icmpj --help')
            ping -W 1 -W x 127.0.0.1       | icmpj: ping: Invalid value for option '-W': 'x' is not a number of seconds (see 'icmpj ping --help')
            multiping -t abc 127.0.0.1     | icmpj: multiping: Invalid value for option '-t': 'abc' is not a number (see 'icmpj multiping --help')
            """)
    void execute_usageErrorIsOneLineWithTheToolsExitCode(String args, String expected) {
        CliRun run = CliRun.of(args.split(" "));

        assertThat(run.errLines()).containsExactly(expected);
        assertThat(run.exitCode()).isEqualTo(args.startsWith("multiping") ? 1 : 2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ping -c x 127.0.0.1     | icmpj: ping: Invalid value for option '-c': 'x' is not a whole number (see 'icmpj ping --help')
            ping -t 1x 127.0.0.1    | icmpj: ping: Invalid value for option '-t': '1x' is not a whole number (see 'icmpj ping --help')
            ping                    | icmpj: ping: Missing required parameter: 'HOST' (see 'icmpj ping --help')
            ping -l many 127.0.0.1         | icmpj: ping: Invalid value for option '-l': 'many' is not a whole number (see 'icmpj ping --help')
            ping -S abc 127.0.0.1          | icmpj: ping: Invalid value for option '-S': 'abc' is not a whole number (see 'icmpj ping --help')
            ping -m 0x10 127.0.0.1         | icmpj: ping: Invalid value for option '-m': '0x10' is not a whole number (see 'icmpj ping --help')
            ping -q                 | icmpj: ping: Missing required parameter: 'HOST' (see 'icmpj ping --help')
            """)
    void execute_badNumberOrNoHostExits1AsIputils(String args, String expected) {
        // iputils 20221126: `ping -c x 127.0.0.1` and `ping` alone exit 1 (its number parser, its usage error)
        CliRun run = CliRun.of(args.split(" "));

        assertThat(run.errLines()).containsExactly(expected);
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ping -t 5 -t 0 127.0.0.1                     | icmpj: ping: -t: ttl is 0; it must be between 1 and 255
            ping -Q 1 -Q 300 127.0.0.1                   | icmpj: ping: -Q: TOS is 300; it must be between 0 and 255
            traceroute -q 3 -q 11 127.0.0.1              | icmpj: traceroute: no more than 10 probes per hop
            multiping -c 1 -c 0 127.0.0.1                | icmpj: multiping: -c: count is 0; it must be 1 or more
            """)
    void execute_optionGivenTwice_lastValueWins(String args, String expected) {
        // as in iputils, fping and traceroute, which aliases such as `alias ping='ping -c 4'` rely on
        CliRun run = CliRun.of(args.split(" "));

        assertThat(run.errLines()).containsExactly(expected);
    }

    @Test
    void call_unknownName_oneLineWithTheResolversReasonAndExit2() {
        CliRun run = CliRun.of("ping", "-c", "1", "no-such-host.invalid");

        assertThat(run.exitCode()).isEqualTo(2);
        // the test JVMs resolve from scripts/test-hosts only: its reason is what the resolver says
        assertThat(run.errLines())
                .containsExactly("icmpj: ping: cannot resolve no-such-host.invalid: Unable to resolve host"
                        + " no-such-host.invalid in hosts file " + System.getProperty("jdk.net.hosts.file"));
    }

    @Test
    void execute_versionOnTheSubcommand() {
        CliRun run = CliRun.of("ping", "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines().getFirst()).matches("icmpj \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void execute_noCommandIsUsageError() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("icmpj: missing command (see 'icmpj --help')");
    }

    @Test
    void execute_debugAddsStackTrace() {
        CliRun run = CliRun.of("ping", "--debug", "-Q", "300", "127.0.0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().getFirst()).isEqualTo("icmpj: ping: -Q: TOS is 300; it must be between 0 and 255");
        assertThat(run.err()).contains("java.lang.IllegalArgumentException", "\tat dev.icmpj.");
    }

    @Test
    void execute_versionNamesIcmpjAndJava() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(0)).matches("icmpj \\d+\\.\\d+\\.\\d+.*");
        assertThat(run.outLines().get(1)).startsWith("Java " + Runtime.version().feature());
    }

    @Test
    void execute_helpListsTheCommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: icmpj", "ping", "multiping", "Exit codes (each command lists its own):");
        // the launcher runs the exporter from its own module; the help lists it after traceroute all the same
        assertThat(run.outLines())
                .containsSubsequence(
                        "Commands:",
                        "  traceroute  Trace the route to HOST with ICMP echo probes (traceroute -I), -N",
                        "  exporter    Probe targets forever for Prometheus: see 'icmpj exporter --help'.",
                        "",
                        "Exit codes (each command lists its own):");
    }

    @Test
    void execute_pingHelpListsIputilsOptions() {
        CliRun run = CliRun.of("ping", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("[-c N]", "[-i SEC]", "[-I SRC]", "[-Q TOS]", "[-s BYTES]", "[-t TTL]", "--json")
                .containsPattern("\\[-W\\s+SEC]");
    }
}
