package dev.icmpj;

import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ProbeSocket;
import dev.icmpj.internal.transport.ReplyHandler;
import java.io.IOException;

/** A {@link ProbeSocket} that forwards every call to another; tests override what they want to break. */
class ForwardingSocket implements ProbeSocket {
    private final ProbeSocket delegate;

    ForwardingSocket(ProbeSocket delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean isIpv6() {
        return delegate.isIpv6();
    }

    @Override
    public boolean isRaw() {
        return delegate.isRaw();
    }

    @Override
    public int identifier() {
        return delegate.identifier();
    }

    @Override
    public void send(EchoBatch batch) throws IOException {
        delegate.send(batch);
    }

    @Override
    public boolean receive(long timeoutNanos, ReplyHandler handler) throws IOException {
        return delegate.receive(timeoutNanos, handler);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
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
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
