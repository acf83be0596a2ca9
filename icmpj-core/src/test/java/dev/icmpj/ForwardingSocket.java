package dev.icmpj;

import dev.icmpj.socket.EchoBatch;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.IcmpSocketException;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.ReplyHandler;
import dev.icmpj.socket.SentRequest;
import dev.icmpj.socket.SocketOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** An {@link IcmpSocket} that forwards every call to another; tests override what they want to break. */
class ForwardingSocket implements IcmpSocket {
    private final IcmpSocket delegate;

    ForwardingSocket(IcmpSocket delegate) {
        this.delegate = delegate;
    }

    @Override
    public Family family() {
        return delegate.family();
    }

    @Override
    public Privilege privilege() {
        return delegate.privilege();
    }

    @Override
    public int identifier() {
        return delegate.identifier();
    }

    @Override
    public SocketOptions options() {
        return delegate.options();
    }

    @Override
    public SentRequest send(IcmpRequest request) throws IcmpSocketException {
        return delegate.send(request);
    }

    @Override
    public IcmpReply receive(SentRequest request, Duration timeout) throws IcmpSocketException {
        return delegate.receive(request, timeout);
    }

    @Override
    public IcmpReply receive(Duration timeout) throws IcmpSocketException {
        return delegate.receive(timeout);
    }

    @Override
    public int drain(Duration timeout, Consumer<? super IcmpReply> sink) throws IcmpSocketException {
        return delegate.drain(timeout, sink);
    }

    @Override
    public CompletableFuture<IcmpReply> receiveAsync(SentRequest request, Duration timeout) {
        return delegate.receiveAsync(request, timeout);
    }

    @Override
    public void send(EchoBatch batch) throws IcmpSocketException {
        delegate.send(batch);
    }

    @Override
    public int receive(Duration timeout, ReplyHandler handler) throws IcmpSocketException {
        return delegate.receive(timeout, handler);
    }

    @Override
    public long receiveBufferBytes() {
        return delegate.receiveBufferBytes();
    }

    @Override
    public long kernelDrops() {
        return delegate.kernelDrops();
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
