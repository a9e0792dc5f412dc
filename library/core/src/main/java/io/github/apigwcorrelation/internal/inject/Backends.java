package io.github.apigwcorrelation.internal.inject;

import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.LoggingBackend;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The logging backend adapters on the class path, found once with {@link ServiceLoader}. Every adapter hears
 * about scopes; the library's own lines go to the first one. No adapter, or several, is said once on standard
 * error, where it is seen even when no logging works.
 */
public final class Backends {
    private static volatile LoggingBackend instance;

    private Backends() {}

    /** @return the backend the core talks to: the one adapter, all of them, or one that does nothing */
    public static LoggingBackend get() {
        LoggingBackend backend = instance;
        if (backend == null) {
            synchronized (Backends.class) {
                backend = instance;
                if (backend == null) {
                    backend = select(load(), System.err);
                    instance = backend;
                }
            }
        }
        return backend;
    }

    private static List<LoggingBackend> load() {
        List<LoggingBackend> found = new ArrayList<>();
        Iterator<LoggingBackend> providers =
                ServiceLoader.load(LoggingBackend.class, Backends.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                found.add(providers.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // An adapter whose backend is missing from the class path: said below if nothing else works.
                found.add(new Broken(e));
            }
        }
    }

    /**
     * @param found the adapters found, in class path order
     * @param err where to say that there is none, or several
     * @return what the core talks to
     */
    static LoggingBackend select(List<LoggingBackend> found, PrintStream err) {
        List<LoggingBackend> working = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (LoggingBackend backend : found) {
            if (backend instanceof Broken) {
                broken.add(((Broken) backend).failure.toString());
            } else {
                working.add(backend);
            }
        }
        if (working.isEmpty()) {
            err.println("apigw-correlation ERROR no logging adapter on the class path, so no log line will carry the "
                    + "request IDs: depend on apigw-correlation-log4j2 or apigw-correlation-logback"
                    + (broken.isEmpty() ? "" : " (an adapter failed to load: " + String.join("; ", broken) + ")"));
            return new None();
        }
        if (working.size() == 1) {
            return working.get(0);
        }
        List<String> names = new ArrayList<>();
        working.forEach(backend -> names.add(backend.name()));
        err.println("apigw-correlation WARN " + working.size() + " logging adapters on the class path (" + String.join(
                ", ", names) + "): each gets the IDs, the library's own lines go to " + names.get(0)
                + "; depend on the adapter of the backend you log with only");
        return new All(working);
    }

    /** No adapter: nothing to tell, nowhere to write. */
    static class None implements LoggingBackend {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public boolean isEnabled(Level level) {
            return false;
        }

        @Override
        public void log(Level level, String message, Throwable thrown) {}
    }

    /** An adapter that could not be loaded, kept only to be named. */
    private static final class Broken extends None {
        private final Throwable failure;

        Broken(Throwable failure) {
            this.failure = failure;
        }
    }

    /** Several adapters: each hears about scopes, the first writes the library's own lines. */
    static final class All implements LoggingBackend {
        private final LoggingBackend[] backends;

        All(List<LoggingBackend> backends) {
            this.backends = backends.toArray(new LoggingBackend[0]);
        }

        @Override
        public String name() {
            return backends[0].name() + " and " + (backends.length - 1) + " more";
        }

        @Override
        public boolean isEnabled(Level level) {
            return backends[0].isEnabled(level);
        }

        @Override
        public void log(Level level, String message, Throwable thrown) {
            backends[0].log(level, message, thrown);
        }

        @Override
        public Object installed(ContextEntries entries) {
            Object[] states = new Object[backends.length];
            for (int i = 0; i < backends.length; i++) {
                states[i] = backends[i].installed(entries);
            }
            return states;
        }

        @Override
        public void restored(Object state) {
            Object[] states = (Object[]) state;
            for (int i = backends.length - 1; i >= 0; i--) {
                backends[i].restored(states[i]);
            }
        }

        @Override
        public void invocationEnded() {
            for (LoggingBackend backend : backends) {
                backend.invocationEnded();
            }
        }

        @Override
        public void write(List<Object> recorded, long dropped) {
            // Each adapter records its own copies: each writes the ones it recognises.
            for (LoggingBackend backend : backends) {
                backend.write(recorded, dropped);
            }
        }
    }
}
