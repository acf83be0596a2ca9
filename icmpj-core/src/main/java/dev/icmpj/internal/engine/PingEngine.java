package dev.icmpj.internal.engine;

import dev.icmpj.Host;
import dev.icmpj.IcmpLibException;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/** Skeleton. */
public final class PingEngine implements AutoCloseable {
    private final SocketFactory sockets;
    private final Ticker ticker;

    public PingEngine(SocketFactory sockets, Ticker ticker) {
        this.sockets = sockets;
        this.ticker = ticker;
    }

    public CompletableFuture<Host> start(InetAddress address, PingOptions options, PingListener listener)
            throws IcmpLibException {
        throw new IcmpLibException("not implemented yet: " + sockets + ticker + address + options + listener);
    }

    @Override
    public void close() {}
}
