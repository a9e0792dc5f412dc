package io.github.apigwcorrelation.internal.scope;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.internal.inject.CurrentInvocation;
import io.github.apigwcorrelation.internal.inject.Invocation;
import org.apache.logging.log4j.ThreadContext;

/**
 * Installs an invocation on the current thread and, on close, restores exactly what was there before: the
 * previous invocation (scopes nest) and the previous {@code ThreadContext} values of its keys.
 *
 * <p>The keys are written to the {@code ThreadContext} as well as to the holder because Log4j2 merges the
 * context data providers in class-path order: the {@code ThreadContext}'s own provider may come last and
 * win, and it may hold a stale {@code AWSRequestId} (the Java runtime sets it and never removes it; a pool
 * thread may have inherited one). With both written, the order no longer matters.
 */
public final class InvocationScope implements CorrelationScope {
    private final Invocation invocation;
    private final Invocation previous;
    private final String[] previousValues;
    private final Thread owner;
    private boolean closed;

    private InvocationScope(Invocation invocation) {
        this.invocation = invocation;
        this.previous = CurrentInvocation.get();
        this.owner = Thread.currentThread();
        this.previousValues = new String[invocation.size()];
        for (int i = 0; i < invocation.size(); i++) {
            previousValues[i] = ThreadContext.get(invocation.key(i));
        }
    }

    /**
     * Installs {@code invocation} on the current thread.
     *
     * @param invocation what to install
     * @return the scope to close, in a {@code finally} or try-with-resources, on this thread
     */
    public static InvocationScope enter(Invocation invocation) {
        InvocationScope scope = new InvocationScope(invocation);
        for (int i = 0; i < invocation.size(); i++) {
            ThreadContext.put(invocation.key(i), invocation.value(i));
        }
        CurrentInvocation.set(invocation);
        return scope;
    }

    @Override
    public RequestIds ids() {
        return invocation.ids();
    }

    /** Restores the previous state; idempotent, and a no-op on any thread but the one that opened it. */
    @Override
    public void close() {
        if (closed || Thread.currentThread() != owner) {
            return;
        }
        closed = true;
        for (int i = 0; i < invocation.size(); i++) {
            if (previousValues[i] == null) {
                ThreadContext.remove(invocation.key(i));
            } else {
                ThreadContext.put(invocation.key(i), previousValues[i]);
            }
        }
        CurrentInvocation.set(previous);
    }
}
