package dev.icmpj.internal.engine;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;

/**
 * A scripted network for engine tests: a {@link SocketFactory} whose {@link FakeIcmpSocket}s answer each
 * request as the script says (echo replies after delays, duplicates, ICMP errors, or nothing).
 * Close it after the test to stop its delivery thread.
 */
public final class FakeNetwork implements SocketFactory, AutoCloseable {

    /**
     * One message the network returns for a request, or the failure of its send.
     *
     * @param delay how long after the send it arrives
     * @param errorType 0 for an echo reply, else the ICMPv4 type of an error (3: unreachable, 11: time exceeded)
     * @param errorCode the error's code
     * @param from the source: the reporting router of an error, another responder of an echo reply, or null for
     *     the probed destination
     * @param sendError the failure of the request's send (then nothing arrives), or null
     * @param refused with a {@code sendError}: the kernel refused the request but it counts as sent (a local
     *     firewall's EPERM); the other deliveries of the script still arrive
     */
    public record Delivery(
            Duration delay, int errorType, int errorCode, InetAddress from, IOException sendError, boolean refused) {
        /** An echo reply after {@code millis}. */
        public static Delivery echo(long millis) {
            return echo(Duration.ofMillis(millis));
        }

        /** An echo reply after a delay. */
        public static Delivery echo(Duration delay) {
            return new Delivery(delay, 0, 0, null, null, false);
        }

        /** An echo reply from another source after {@code millis} (a broadcast's responder). */
        public static Delivery echoFrom(long millis, InetAddress from) {
            return new Delivery(Duration.ofMillis(millis), 0, 0, from, null, false);
        }

        /** A destination unreachable error of a code after {@code millis}. */
        public static Delivery unreachable(long millis, int code) {
            return new Delivery(Duration.ofMillis(millis), 3, code, null, null, false);
        }

        /** A time exceeded error from a router after {@code millis}. */
        public static Delivery timeExceeded(long millis, InetAddress router) {
            return new Delivery(Duration.ofMillis(millis), 11, 0, router, null, false);
        }

        /** A send that fails with this exception. */
        public static Delivery sendFails(IOException cause) {
            return new Delivery(Duration.ZERO, 0, 0, null, cause, false);
        }

        /** A send the kernel refuses with this exception although it counts as sent (a local firewall's EPERM). */
        public static Delivery sendRefused(IOException cause) {
            return new Delivery(Duration.ZERO, 0, 0, null, cause, true);
        }

        boolean isEcho() {
            return errorType == 0;
        }
    }

    private final Function<IcmpRequest, List<Delivery>> script;
    private final ScheduledExecutorService deliveries = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "fake-network");
        t.setDaemon(true);
        return t;
    });
    private final List<FakeIcmpSocket> opened = new CopyOnWriteArrayList<>();
    private final List<Thread> openingThreads = new CopyOnWriteArrayList<>();
    private volatile int nextIdentifier = 4242;
    private final FakeClock clock;

    /**
     * Creates a network.
     *
     * @param script the messages returned for each request (called on the sending thread)
     */
    public FakeNetwork(Function<IcmpRequest, List<Delivery>> script) {
        this(null, script);
    }

    /**
     * Creates a network whose answers arrive in a fake clock's virtual time.
     *
     * @param clock the clock, or null for real time
     * @param script the messages returned for each request (called on the sending thread)
     */
    public FakeNetwork(FakeClock clock, Function<IcmpRequest, List<Delivery>> script) {
        this.clock = clock;
        this.script = script;
    }

    /** A network that answers every request once after {@code millis}. */
    public static FakeNetwork echoAfter(long millis) {
        return new FakeNetwork(request -> List.of(Delivery.echo(millis)));
    }

    @Override
    public FakeIcmpSocket open(SocketOptions options) {
        FakeIcmpSocket socket = new FakeIcmpSocket(
                options,
                options.privilege() == Privilege.AUTO ? Privilege.UNPRIVILEGED : options.privilege(),
                options.identifier().orElse(nextIdentifier++),
                script,
                deliveries,
                clock);
        opened.add(socket);
        openingThreads.add(Thread.currentThread());
        return socket;
    }

    /** The sockets opened so far, in order. */
    public List<FakeIcmpSocket> opened() {
        return List.copyOf(opened);
    }

    /** The threads that opened the sockets, in order. */
    public List<Thread> openingThreads() {
        return List.copyOf(openingThreads);
    }

    /** The first socket opened for a family. */
    public FakeIcmpSocket socket(Family family) {
        return opened.stream().filter(s -> s.family() == family).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
    }
}
