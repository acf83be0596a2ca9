package dev.icmpj;

import dev.icmpj.internal.engine.Operation;
import dev.icmpj.internal.engine.ProbeEngine;
import dev.icmpj.internal.engine.ProbeLoop;
import java.util.concurrent.CompletableFuture;

/**
 * An operation whose caller waits on a future (a ping, a trace): the future fails with the loop's failure,
 * and cancelling it ends the operation at once.
 *
 * <p>Thread-safety: as {@link Operation}; the future may be cancelled from any thread.
 *
 * @param <T> the result
 */
abstract class FutureOperation<T> extends Operation {

    private final CompletableFuture<T> future = new CompletableFuture<>();

    FutureOperation(long timeoutNanos, long lingerNanos) {
        super(timeoutNanos, lingerNanos);
        future.whenComplete((result, failure) -> {
            ProbeLoop loop = loop();
            if (future.isCancelled() && loop != null) {
                // stop sending at once; an operation not started yet finds its future done at its first run
                loop.execute(() -> loop.finish(this));
            }
        });
    }

    /** The result, for the caller. */
    final CompletableFuture<T> future() {
        return future;
    }

    /** Ends the operation when its future is done already (cancelled); on the loop's thread, in {@code run}. */
    final boolean endedByCaller() {
        if (!future.isDone()) {
            return false;
        }
        loop().finish(this);
        return true;
    }

    /** Ends the operation with its result, completed on a virtual thread. */
    final void succeed(ProbeEngine engine, T result) {
        loop().finish(this);
        engine.complete(future, result);
    }

    /** Ends the operation with a failure of its own. */
    final void fail(Throwable cause) {
        loop().finish(this);
        future.completeExceptionally(cause);
    }

    @Override
    protected final void onFailed(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
