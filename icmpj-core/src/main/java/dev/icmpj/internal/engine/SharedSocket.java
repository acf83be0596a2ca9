package dev.icmpj.internal.engine;

import dev.icmpj.IcmpSocketException;
import dev.icmpj.SocketUnavailableException;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.SentRequest;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * A socket shared by every ping with the same {@link SocketKey}, with its {@link ReplyMatcher} and its
 * receive thread: one platform daemon thread that blocks in {@link IcmpSocket#drain} and hands each
 * matching message to the ping it answers.
 *
 * <p>Thread-safe.
 */
final class SharedSocket implements AutoCloseable {

    /** How long one drain waits when idle; closing the socket wakes it sooner. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final IcmpSocket socket;
    private final ReplyMatcher matcher = new ReplyMatcher();
    private final Thread receiver;

    /**
     * Wraps an open socket and starts its receive thread.
     *
     * @param socket the socket, owned from now on
     * @param onFailure told once when receiving fails for another reason than closing
     */
    SharedSocket(IcmpSocket socket, BiConsumer<SharedSocket, IcmpSocketException> onFailure) {
        this.socket = socket;
        this.receiver = Thread.ofPlatform().daemon()
                .name("icmpj-receive-" + socket.family() + "-" + socket.privilege() + "-" + socket.identifier())
                .start(() -> receive(onFailure));
    }

    ReplyMatcher matcher() {
        return matcher;
    }

    int identifier() {
        return socket.identifier();
    }

    SentRequest send(IcmpRequest request) throws IcmpSocketException {
        return socket.send(request);
    }

    private void receive(BiConsumer<SharedSocket, IcmpSocketException> onFailure) {
        while (!socket.isClosed()) {
            try {
                socket.drain(IDLE_WAIT, this::dispatch);
            } catch (SocketUnavailableException e) {
                return;
            } catch (IcmpSocketException e) {
                if (!socket.isClosed()) {
                    onFailure.accept(this, e);
                }
                return;
            }
        }
    }

    private void dispatch(IcmpReply message) {
        Probe probe = matcher.match(message);
        if (probe != null) {
            probe.session.onMessage(probe, message);
        }
    }

    /** Closes the socket and waits for the receive thread to end. Idempotent. */
    @Override
    public void close() {
        socket.close();
        if (Thread.currentThread() != receiver) {
            ProbeScheduler.joinUninterruptibly(receiver);
        }
    }
}
