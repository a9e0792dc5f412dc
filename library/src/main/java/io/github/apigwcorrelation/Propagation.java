package io.github.apigwcorrelation;

import io.github.apigwcorrelation.internal.inject.CurrentInvocation;
import io.github.apigwcorrelation.internal.inject.Invocation;
import io.github.apigwcorrelation.internal.scope.InvocationScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Carries the current invocation's IDs to other threads. A wrapper captures the IDs on the thread that
 * wraps (or submits), installs them on the worker around the task, and restores the worker's previous
 * state afterwards, so a pooled thread never keeps an ID past the task.
 *
 * <p>Each kind has its own name, so a lambda never lands on the wrong overload.
 *
 * <pre>{@code
 * ExecutorService pool = Propagation.wrapExecutorService(Executors.newFixedThreadPool(4)); // once
 * pool.submit(() -> log.info("runs on a worker, carries both IDs"));
 * CompletableFuture.supplyAsync(this::load, pool);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Propagation {
    private Propagation() {}

    /**
     * @param task the task to run with the current invocation's IDs
     * @return a task that installs them around {@code task}; {@code task} itself outside any invocation
     */
    public static Runnable wrapRunnable(Runnable task) {
        Objects.requireNonNull(task, "task");
        Invocation captured = CurrentInvocation.get();
        if (captured == null) {
            return task;
        }
        return () -> {
            try (InvocationScope ignored = InvocationScope.enter(captured)) {
                task.run();
            }
        };
    }

    /**
     * @param task the task to run with the current invocation's IDs
     * @param <V> the result type
     * @return a task that installs them around {@code task}; {@code task} itself outside any invocation
     */
    public static <V> Callable<V> wrapCallable(Callable<V> task) {
        Objects.requireNonNull(task, "task");
        Invocation captured = CurrentInvocation.get();
        if (captured == null) {
            return task;
        }
        return () -> {
            try (InvocationScope ignored = InvocationScope.enter(captured)) {
                return task.call();
            }
        };
    }

    /**
     * @param executor an executor
     * @return an executor that wraps each task with the IDs of the thread that calls {@code execute}
     */
    public static Executor wrapExecutor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrapRunnable(task));
    }

    /**
     * @param service an executor service; shutting down the wrapper shuts it down. A
     *     {@code ScheduledExecutorService} loses its scheduling methods here: wrap its tasks with
     *     {@link #wrapRunnable} or {@link #wrapCallable} instead
     * @return an executor service that wraps each task with the IDs of the thread that submits it; its
     *     {@code shutdownNow()} returns the wrapped tasks
     */
    public static ExecutorService wrapExecutorService(ExecutorService service) {
        return new PropagatingExecutorService(Objects.requireNonNull(service, "service"));
    }

    /** Every submission path of {@link AbstractExecutorService} ends in {@link #execute}, which wraps. */
    private static final class PropagatingExecutorService extends AbstractExecutorService {
        private final ExecutorService delegate;

        PropagatingExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrapRunnable(command));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return new ArrayList<>(delegate.shutdownNow());
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
