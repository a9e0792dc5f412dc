package io.github.apigwcorrelation.internal.scope;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.internal.inject.CurrentInvocation;
import io.github.apigwcorrelation.internal.inject.Invocation;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Installs an invocation on the current thread and, on close, restores exactly what was there before: the
 * previous invocation (scopes nest) and the previous {@code ThreadContext} value of {@code AWSRequestId}.
 *
 * <p>That one key is also written to the {@code ThreadContext} because Log4j2 merges its context data
 * providers in class-path order: the {@code ThreadContext}'s own provider may come last and win, and it
 * may hold a stale {@code AWSRequestId} (the Java runtime sets it and never removes it). The API Gateway
 * keys live only in the thread-local holder, so an inheritable {@code ThreadContext} cannot carry them
 * into a thread that outlives the invocation.
 *
 * <p>Scopes closed out of order are tolerated: closing the innermost open scope skips every scope under
 * it that was already closed, so no ID of a closed scope is ever reinstated.
 *
 * <p>The scope of an invocation (not of a propagated task) also makes sure, when it closes, that async loggers
 * have written every line logged before the close began (see {@code AsyncLogDrain}).
 */
public final class InvocationScope implements CorrelationScope {
    private static final String LAMBDA_KEY = Correlation.LAMBDA_REQUEST_ID_KEY;
    private static final ThreadLocal<InvocationScope> INNERMOST = new ThreadLocal<>();
    private static final Logger LOG = LogManager.getLogger(Correlation.class);

    private final Invocation invocation;
    private final InvocationScope outer;
    private final String previousLambdaId;
    private final Thread owner;
    private final boolean endsInvocation;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean closed;

    private InvocationScope(Invocation invocation, boolean endsInvocation) {
        this.invocation = invocation;
        this.endsInvocation = endsInvocation;
        this.outer = INNERMOST.get();
        this.owner = Thread.currentThread();
        this.previousLambdaId = ThreadContext.get(LAMBDA_KEY);
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
     * invocation, and waits until async loggers have written the lines logged before the close began.
     *
     * @param invocation what to install
     * @return the scope to close, in a {@code finally} or try-with-resources, on this thread
     */
    public static InvocationScope enterInvocation(Invocation invocation) {
        return install(new InvocationScope(invocation, true));
    }

    private static InvocationScope install(InvocationScope scope) {
        Invocation invocation = scope.invocation;
        ThreadContext.put(LAMBDA_KEY, invocation.ids().lambdaRequestId());
        CurrentInvocation.set(invocation);
        INNERMOST.set(scope);
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
                AsyncLogDrain.invocationEnded(LOG);
            }
        }
    }

    private void restore() {
        closed = true;
        if (Thread.currentThread() != owner) {
            try {
                LOG.warn("apigw-correlation: a scope of thread '{}' was closed on thread '{}'; close it on the "
                        + "thread that opened it", owner.getName(), Thread.currentThread().getName());
            } catch (RuntimeException e) {
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
        if (bottom.previousLambdaId == null) {
            ThreadContext.remove(LAMBDA_KEY);
        } else {
            ThreadContext.put(LAMBDA_KEY, bottom.previousLambdaId);
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
