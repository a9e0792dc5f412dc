package io.github.apigwcorrelation.internal.scope;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.internal.inject.Backends;
import io.github.apigwcorrelation.internal.inject.CurrentInvocation;
import io.github.apigwcorrelation.internal.inject.Invocation;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Installs an invocation on the current thread and, on close, restores exactly what was there before: the
 * previous invocation (scopes nest) and whatever the logging backend adapter changed for it
 * ({@link LoggingBackend#installed}, {@link LoggingBackend#restored}).
 *
 * <p>Scopes closed out of order are tolerated: closing the innermost open scope skips every scope under
 * it that was already closed, so no ID of a closed scope is ever reinstated.
 *
 * <p>The scope of an invocation (not of a propagated task) also tells the adapter when it closes
 * ({@link LoggingBackend#invocationEnded}), so that lines still queued by async logging are written before the
 * handler returns.
 */
public final class InvocationScope implements CorrelationScope {
    private static final ThreadLocal<InvocationScope> INNERMOST = new ThreadLocal<>();

    private final Invocation invocation;
    private final InvocationScope outer;
    private final Thread owner;
    private final boolean endsInvocation;
    private final AtomicBoolean ended = new AtomicBoolean();
    private Object backendState;
    private volatile boolean closed;

    private InvocationScope(Invocation invocation, boolean endsInvocation) {
        this.invocation = invocation;
        this.endsInvocation = endsInvocation;
        this.outer = INNERMOST.get();
        this.owner = Thread.currentThread();
    }

    /**
     * Installs {@code invocation} on the current thread for a task that works for it (propagation).
     *
     * @param invocation what to install
     * @return the scope to close, in a {@code finally} or try-with-resources, on this thread
     */
    public static InvocationScope enter(Invocation invocation) {
        return install(new InvocationScope(invocation, false));
    }

    /**
     * Installs {@code invocation} on the current thread for the invocation itself: closing it ends the
     * invocation, and the adapter then makes sure the lines logged before are written.
     *
     * @param invocation what to install
     * @return the scope to close, in a {@code finally} or try-with-resources, on this thread
     */
    public static InvocationScope enterInvocation(Invocation invocation) {
        return install(new InvocationScope(invocation, true));
    }

    private static InvocationScope install(InvocationScope scope) {
        CurrentInvocation.set(scope.invocation);
        INNERMOST.set(scope);
        try {
            scope.backendState = Backends.get().installed(scope.invocation.entries());
        } catch (RuntimeException | LinkageError e) {
            scope.backendState = null; // an adapter that fails must not keep the handler from running
        }
        return scope;
    }

    @Override
    public RequestIds ids() {
        return invocation.ids();
    }

    /**
     * Restores the previous state; idempotent; never throws. Thread state is per thread, so a close on another
     * thread only marks the scope closed (the owner's next scope then skips it) and warns.
     */
    @Override
    public void close() {
        try {
            restore();
        } finally {
            if (endsInvocation && ended.compareAndSet(false, true)) {
                if (invocation.entries().recorder() != null) {
                    invocation.entries().recorder().discard(); // a failure flushed it already
                }
                try {
                    Backends.get().invocationEnded();
                } catch (RuntimeException | LinkageError e) {
                    // the handler's result matters more than a late line
                }
            }
        }
    }

    private void restore() {
        closed = true;
        LoggingBackend backend = Backends.get();
        if (Thread.currentThread() != owner) {
            try {
                if (backend.isEnabled(LoggingBackend.Level.WARN)) {
                    backend.log(LoggingBackend.Level.WARN, "apigw-correlation: a scope of thread '" + owner.getName()
                            + "' was closed on thread '" + Thread.currentThread().getName()
                            + "'; close it on the thread that opened it", null);
                }
            } catch (RuntimeException | LinkageError e) {
                // An appender that throws (ignoreExceptions="false") must not make close() throw.
            }
            return;
        }
        if (INNERMOST.get() != this) {
            return; // an inner scope is still open: it will skip this one when it closes
        }
        InvocationScope bottom = this;
        while (bottom.outer != null && bottom.outer.closed) {
            bottom = bottom.outer;
        }
        // Undo the adapter's changes innermost first, down to the bottom scope being unwound.
        for (InvocationScope scope = this; ; scope = scope.outer) {
            try {
                backend.restored(scope.backendState);
            } catch (RuntimeException | LinkageError e) {
                // nothing better to do: the thread-local below is the source of truth
            }
            if (scope == bottom) {
                break;
            }
        }
        InvocationScope restored = bottom.outer;
        if (restored == null) {
            INNERMOST.set(null); // not remove(): see CurrentInvocation.set
            CurrentInvocation.set(null);
        } else {
            INNERMOST.set(restored);
            CurrentInvocation.set(restored.invocation);
        }
    }
}
