package io.github.apigwcorrelation.internal.inject;

/**
 * The source of truth: which invocation the current thread is working for. Per thread, never process-wide,
 * because Lambda Managed Instances run several invocations at once in one JVM, one per thread.
 */
public final class CurrentInvocation {
    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    private CurrentInvocation() {}

    /** @return the current thread's invocation, or null outside any */
    public static Invocation get() {
        return CURRENT.get();
    }

    /**
     * @param invocation the invocation to install on this thread, or null for none. Null is stored, not
     *     removed: {@code ThreadLocal.remove} clears a weak reference and expunges slots, a measurable part
     *     of an invocation's cost, and this thread-local is static, so its entry holds nothing once null.
     */
    public static void set(Invocation invocation) {
        CURRENT.set(invocation);
    }
}
