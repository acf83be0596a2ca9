package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import dev.icmpj.socket.SocketOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PingOptionsTest {

    @Test
    void api_noPublicConstructor_soOptionsCanGrowWithoutBreakingCallers() {
        // a record's canonical constructor would be public API: every new option would break every caller
        assertThat(PingOptions.class.isRecord()).isFalse();
        assertThat(PingOptions.class.getConstructors()).isEmpty();
        assertThat(dev.icmpj.socket.SocketOptions.class.getConstructors()).isEmpty();
        assertThat(PingOptions.builder().count(3).build())
                .isEqualTo(PingOptions.builder().count(3).build())
                .hasSameHashCodeAs(PingOptions.builder().count(3).build())
                .isNotEqualTo(PingOptions.defaults());
    }

    @Test
    void defaults_areIcmplibs() {
        PingOptions o = PingOptions.defaults();
        assertThat(o.count()).isEqualTo(4);
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.payloadSize()).isEqualTo(56);
        assertThat(o.payload()).isEmpty();
        assertThat(o.ttl()).isEqualTo(64);
        assertThat(o.trafficClass()).isZero();
        assertThat(o.family()).isEqualTo(Family.ANY);
        assertThat(o.privilege()).isEqualTo(Privilege.AUTO);
        assertThat(o.identifier()).isEqualTo(OptionalInt.empty());
        assertThat(o.sourceAddress()).isEmpty();
        assertThat(o.interfaceName()).isEmpty();
        assertThat(o.dontFragment()).isFalse();
        assertThat(o.preload()).isEqualTo(1);
        assertThat(o.adaptive()).isFalse();
        assertThat(o.minimumAdaptiveInterval()).isZero();
        assertThat(o.rttClock()).isEqualTo(RttClock.KERNEL_TX_RX);
        assertThat(o.mark()).isEmpty();
        assertThat(o.sendBufferSize()).isZero();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("count 0", b -> b.count(0), "count is 0; it must be between 1 and 2147483647"),
                bad("count negative", b -> b.count(-3), "count is -3; it must be between 1 and 2147483647"),
                bad(
                        "negative interval",
                        b -> b.interval(Duration.ofMillis(-1)),
                        "interval is -0.001 s; it must be zero or more"),
                bad("zero timeout", b -> b.timeout(Duration.ZERO), "timeout is 0 s; it must be positive"),
                bad(
                        "payload size over IPv4",
                        b -> b.family(Family.IPV4).payloadSize(65_508),
                        "payloadSize is 65508; it must be between 0 and 65507 (the largest ICMPv4 echo payload)"),
                bad(
                        "payload over IPv4",
                        b -> b.family(Family.IPV4).payload(new byte[65_508]),
                        "payloadSize is 65508; it must be between 0 and 65507"),
                bad(
                        "IPv4 after a large payload",
                        b -> b.payloadSize(65_508).family(Family.IPV4),
                        "payloadSize is 65508; it must be between 0 and 65507"),
                bad(
                        "payload size over IPv6",
                        b -> b.payloadSize(65_528),
                        "payloadSize is 65528; it must be between 0 and 65527 (the largest echo payload: 65507 for IPv4,"
                                + " 65527 for IPv6)"),
                bad(
                        "negative payload size",
                        b -> b.payloadSize(-1),
                        "payloadSize is -1; it must be between 0 and 65527"),
                bad("ttl 0", b -> b.ttl(0), "ttl is 0; it must be between 1 and 255"),
                bad("ttl 256", b -> b.ttl(256), "ttl is 256; it must be between 1 and 255"),
                bad("traffic class 256", b -> b.trafficClass(256), "trafficClass is 256; it must be between 0 and 255"),
                bad("dscp 64", b -> b.dscp(64), "dscp is 64; it must be between 0 and 63"),
                bad(
                        "identifier 65536",
                        b -> b.identifier(65_536),
                        "identifier is 65536; it must be between 0 and 65535"),
                bad(
                        "interface name too long",
                        b -> b.interfaceName("a-very-long-name"),
                        "interfaceName \"a-very-long-name\""),
                bad("preload 0", b -> b.preload(0), "preload is 0; it must be between 1 and 65536"),
                bad("preload 65537", b -> b.preload(65_537), "preload is 65537; it must be between 1 and 65536"),
                bad(
                        "negative adaptive minimum",
                        b -> b.minimumAdaptiveInterval(Duration.ofMillis(-2)),
                        "minimumAdaptiveInterval is -0.002 s; it must be zero or more"),
                bad("negative mark", b -> b.mark(-1), "mark is -1; it must be between 0 and 4294967295"),
                bad(
                        "mark over 32 bits",
                        b -> b.mark(1L << 32),
                        "mark is 4294967296; it must be between 0 and 4294967295"),
                bad(
                        "send buffer 0",
                        b -> b.sendBufferSize(0),
                        "sendBufferSize is 0; it must be between 1 and 1073741824"),
                bad(
                        "IPv6 source with IPv4 family",
                        b -> b.family(Family.IPV4).sourceAddress(InetAddress.ofLiteral("fd00::1")),
                        "sourceAddress fd00::1 is not an IPv4 address"));
    }

    private static Arguments bad(String name, Consumer<PingOptions.Builder> setter, String message) {
        return Arguments.of(name, setter, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void builder_badInput_throwsIllegalArgumentNamingTheProblem(
            String name, Consumer<PingOptions.Builder> setter, String message) {
        assertThatThrownBy(() -> setter.accept(PingOptions.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void builder_nulls_throwNullPointerNamingTheField() {
        PingOptions.Builder b = PingOptions.builder();
        assertThatThrownBy(() -> b.interval(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("interval");
        assertThatThrownBy(() -> b.timeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
        assertThatThrownBy(() -> b.family(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("family");
        assertThatThrownBy(() -> b.privilege(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("privilege");
        assertThatThrownBy(() -> b.payload(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("payload");
        assertThatThrownBy(() -> b.sourceAddress(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("sourceAddress");
        assertThatThrownBy(() -> b.interfaceName(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("interfaceName");
        assertThatThrownBy(() -> b.rttClock(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("rttClock");
        assertThatThrownBy(() -> b.minimumAdaptiveInterval(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("minimumAdaptiveInterval");
    }

    @Test
    void dscp_setsTrafficClassShiftedLeftTwo() {
        PingOptions o = PingOptions.builder().dscp(46).build();
        assertThat(o.trafficClass()).isEqualTo(184);
        assertThat(o.dscp()).isEqualTo(46);
    }

    @Test
    void payload_isCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        PingOptions o = PingOptions.builder().payload(data).build();
        data[0] = 9;
        o.payload().orElseThrow()[1] = 9;
        assertThat(o.payload()).hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2, 3));
        assertThat(o.payloadSize()).isEqualTo(3);
    }

    @Test
    void payloadSize_afterPayload_replacesIt() {
        PingOptions o =
                PingOptions.builder().payload(new byte[] {1}).payloadSize(100).build();
        assertThat(o.payload()).isEmpty();
        assertThat(o.payloadSize()).isEqualTo(100);
    }

    @Test
    void toBuilder_roundTrip_equalOptions() {
        PingOptions o = PingOptions.builder()
                .count(7)
                .interval(Duration.ZERO)
                .timeout(Duration.ofMillis(300))
                .identifier(9)
                .sourceAddress(InetAddress.ofLiteral("127.0.0.1"))
                .family(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .payload(new byte[] {4, 5})
                .ttl(3)
                .trafficClass(12)
                .dontFragment(true)
                .interfaceName("lo")
                .keepReplies(false)
                .preload(3)
                .adaptive(true)
                .minimumAdaptiveInterval(Duration.ofMillis(2))
                .rttClock(RttClock.MONOTONIC)
                .mark(0xFFFF_FFFFL)
                .sendBufferSize(4096)
                .build();
        assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
        assertThat(o.toBuilder().preload(4).build()).isNotEqualTo(o);
        assertThat(o.toBuilder().adaptive(false).build()).isNotEqualTo(o);
        assertThat(o.toBuilder().rttClock(RttClock.KERNEL_RECEIVE).build()).isNotEqualTo(o);
        assertThat(o.toBuilder().mark(1).build()).isNotEqualTo(o);
        assertThat(o.toString())
                .contains("preload=3", "adaptive=true", "minimumAdaptiveInterval=0.002 s", "rttClock=MONOTONIC")
                .contains("mark=4294967295", "sendBufferSize=4096");
        assertThat(o.toBuilder().build().keepReplies()).isFalse();
        assertThat(o.toBuilder().keepReplies(true).build()).isNotEqualTo(o);
        assertThat(PingOptions.defaults().keepReplies()).isTrue();
        assertThat(o.sourceAddress()).isEqualTo(Optional.of(InetAddress.ofLiteral("127.0.0.1")));
        assertThat(o.toBuilder().count(8).build().count()).isEqualTo(8);
    }

    @Test
    void socketOptions_holdEverySocketSettingSetOnThePing() throws Exception {
        InetAddress source = InetAddress.ofLiteral("127.0.0.1");
        PingOptions options = PingOptions.builder()
                .family(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .sourceAddress(source)
                .interfaceName("lo")
                .identifier(77)
                .ttl(9)
                .dscp(46)
                .dontFragment(true)
                .broadcast(true)
                .build();

        SocketOptions socket = options.socketOptions();
        assertThat(socket.family()).isEqualTo(Family.IPV4).isEqualTo(options.family());
        assertThat(socket.privilege()).isEqualTo(Privilege.PRIVILEGED).isEqualTo(options.privilege());
        assertThat(socket.sourceAddress()).hasValue(source).isEqualTo(options.sourceAddress());
        assertThat(socket.interfaceName()).hasValue("lo").isEqualTo(options.interfaceName());
        assertThat(socket.identifier()).hasValue(77).isEqualTo(options.identifier());
        assertThat(socket.ttl()).isEqualTo(9).isEqualTo(options.ttl());
        assertThat(socket.trafficClass()).isEqualTo(46 << 2).isEqualTo(options.trafficClass());
        assertThat(socket.dontFragment()).isTrue();
        assertThat(socket.broadcast()).isTrue().isEqualTo(options.broadcast());
        // what a socket of that family opens with: TTL and traffic class travel with each request
        SocketOptions opened = options.socketOptions(Family.IPV4, true);
        assertThat(opened.ttl()).isZero();
        assertThat(opened.trafficClass()).isZero();
        assertThat(opened.identifier()).hasValue(77);
        assertThat(opened.transmitTimestamps()).isTrue();
        assertThat(opened.receiveTimestamps()).isTrue();
        assertThat(opened.mark()).isEmpty();
        // the clocks of the round trip decide the kernel's timestamps; mark and send buffer are the socket's
        SocketOptions userSpace = options.toBuilder()
                .rttClock(RttClock.MONOTONIC)
                .mark(42)
                .sendBufferSize(8192)
                .build()
                .socketOptions(Family.IPV4, true);
        assertThat(userSpace.transmitTimestamps()).isFalse();
        assertThat(userSpace.receiveTimestamps()).isFalse();
        assertThat(userSpace.mark()).hasValue(42);
        assertThat(userSpace.sendBufferSize()).isEqualTo(8192);
        SocketOptions receiveOnly =
                options.toBuilder().rttClock(RttClock.KERNEL_RECEIVE).build().socketOptions(Family.IPV4, true);
        assertThat(receiveOnly.transmitTimestamps()).isFalse();
        assertThat(receiveOnly.receiveTimestamps()).isTrue();
        assertThat(PingOptions.defaults().socketOptions().family()).isEqualTo(Family.ANY);
        assertThat(PingOptions.defaults().ttl()).isEqualTo(64);
    }

    @Test
    void family_ipv6WithBroadcast_refusedAsSocketOptionsRefuseIt() {
        assertThatThrownBy(() -> PingOptions.builder().broadcast(true).family(Family.IPV6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("family is IPv6 but broadcast is set; IPv6 has no broadcast");
    }
}
