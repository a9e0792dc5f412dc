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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * <p>A {@code CompletableFuture} runs a non-async callback on whichever thread completes the future. When another
 * invocation completes it (a cache both share, a batch they wait on), the callback runs on that invocation's
 * thread and logs with its IDs. Wrap the callback where it is registered, so it carries the IDs of the invocation
 * that registered it:
 *
 * <pre>{@code
 * shared.thenApply(Propagation.wrapFunction(order -> price(order)))
 *       .whenComplete(Propagation.wrapBiConsumer((price, failure) -> log.info("priced {}", price)));
 * }</pre>
 *
 * A wrapped executor does not help there: {@code thenApplyAsync(f, pool)} submits {@code f} on the completing
 * thread, so the wrapper captures that thread's IDs.
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
     * @param task a task for {@code CompletableFuture.supplyAsync} or any other thread
     * @param <T> the result type
     * @return a supplier that installs the current invocation's IDs around {@code task}; {@code task} itself
     *     outside any invocation
     */
    public static <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        Invocation captured = CurrentInvocation.get();
        if (captured == null) {
            return task;
        }
        return () -> {
            try (InvocationScope ignored = InvocationScope.enter(captured)) {
                return task.get();
            }
        };
    }

    /**
     * @param callback a callback such as {@code CompletableFuture.thenApply}'s, which may run on another thread
     * @param <T> the argument type
     * @param <R> the result type
     * @return a function that installs the current invocation's IDs around {@code callback}; {@code callback}
     *     itself outside any invocation
     */
    public static <T, R> Function<T, R> wrapFunction(Function<T, R> callback) {
        Objects.requireNonNull(callback, "callback");
        Invocation captured = CurrentInvocation.get();
        if (captured == null) {
            return callback;
        }
        return argument -> {
            try (InvocationScope ignored = InvocationScope.enter(captured)) {
                return callback.apply(argument);
            }
        };
    }

    /**
     * @param callback a callback such as {@code CompletableFuture.thenAccept}'s, which may run on another thread
     * @param <T> the argument type
     * @return a consumer that installs the current invocation's IDs around {@code callback}; {@code callback}
     *     itself outside any invocation
     */
    public static <T> Consumer<T> wrapConsumer(Consumer<T> callback) {
        Objects.requireNonNull(callback, "callback");
        Invocation captured = CurrentInvocation.get();
        if (captured == null) {
            return callback;
        }
        return argument -> {
            try (InvocationScope ignored = InvocationScope.enter(captured)) {
                callback.accept(argument);
            }
        };
    }

    /**
     * @param callback a callback such as {@code CompletableFuture.whenComplete}'s, which may run on another thread
     * @param <T> the first argument's type
     * @param <U> the second argument's type
     * @return a consumer that installs the current invocation's IDs around {@code callback}; {@code callback}
     *     itself outside any invocation
     */
    public static <T, U> BiConsumer<T, U> wrapBiConsumer(BiConsumer<T, U> callback) {
        Objects.requireNonNull(callback, "callback");
        Invocation captured = CurrentInvocation.get();
        if (captured == null) {
            return callback;
        }
        return (first, second) -> {
            try (InvocationScope ignored = InvocationScope.enter(captured)) {
                callback.accept(first, second);
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
