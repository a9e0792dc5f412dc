package io.github.apigwcorrelation.localapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A function on the real Java runtime, one JVM per execution environment: invocations reuse an idle environment
 * (warm) or start a new one (cold), at most {@value #MAX_ENVIRONMENTS} at once, as Lambda scales out. Environments
 * share nothing: not the JVM, not system properties, not environment variables, not {@code /tmp}.
 */
final class RuntimeFunction implements FunctionRunner, AutoCloseable {
    static final int MAX_ENVIRONMENTS = 8;
    private final FunctionDef function;
    private final Path taskRoot;
    private final RuntimeClient runtime;
    private final Path work;
    private final OutputRelay relay;
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final List<ExecutionEnvironment> all = new ArrayList<>();
    private int started;
    private int count;
    private boolean closed;

    RuntimeFunction(FunctionDef function, Path taskRoot, RuntimeClient runtime, Path work, OutputRelay relay) {
        this.function = function;
        this.taskRoot = taskRoot;
        this.runtime = runtime;
        this.work = work;
        this.relay = relay;
    }

    @Override
    public Result invoke(Call call) {
        ExecutionEnvironment environment = acquire();
        try {
            return environment.invoke(call);
        } finally {
            release(environment);
        }
    }

    private ExecutionEnvironment acquire() {
        int number;
        synchronized (idle) {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("the local API is stopping");
                }
                idle.removeIf(e -> !e.alive());
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                if (count < MAX_ENVIRONMENTS) {
                    count++;
                    number = ++started;
                    break;
                }
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        try {
            Path tmp = Files.createDirectories(work.resolve(function.logicalId() + "-" + number + "-tmp"));
            ExecutionEnvironment environment = new ExecutionEnvironment(function, taskRoot, runtime, tmp, relay);
            synchronized (idle) {
                all.add(environment);
            }
            return environment;
        } catch (IOException | RuntimeException e) {
            synchronized (idle) {
                count--;
                idle.notifyAll();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void release(ExecutionEnvironment environment) {
        synchronized (idle) {
            if (environment.alive() && !closed) {
                idle.push(environment);
            } else {
                count--;
                all.remove(environment);
                environment.close();
            }
            idle.notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            all.forEach(ExecutionEnvironment::close);
            all.clear();
            idle.clear();
            idle.notifyAll();
        }
    }
}
