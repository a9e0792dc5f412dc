package io.github.apigwcorrelation.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What a shared proof needs from the logging backend under test. Each adapter's tests implement it once, with the
 * backend's real API and real layouts; every abstract test of this module then runs unchanged on it.
 */
public interface LoggingHarness {
    /** @return the backend's name, for messages */
    String name();

    /**
     * @param name a logger name
     * @return a logger of that name, through the API the backend's users log with
     */
    TestLogger logger(String name);

    /** The user's own context, through the backend's native API ({@code ThreadContext}, SLF4J's {@code MDC}). */
    UserContext context();

    /**
     * @return whether the adapter writes the Lambda request ID into the user's context while a scope is open (the
     *     Log4j2 adapter does, for a reason of its own; see its {@code Log4j2Backend})
     */
    boolean mirrorsLambdaRequestId();

    /** @return starts capturing every event at the root logger, with its context as the backend built it */
    CapturedLogs.Capture capture();

    /**
     * Attaches the shipped Text and JSON layouts, writing their real bytes into {@code output}, plus an event
     * counter, to the root logger ({@code loggerName} null) or to one logger.
     *
     * @return what detaches and stops them
     */
    Attached attach(RealOutput output, String loggerName);

    /**
     * Makes every event of {@code loggerName} also go to an appender that throws, as one configured with
     * {@code ignoreExceptions="false"} does.
     *
     * @return what removes it
     */
    Attached throwingAppenderOn(String loggerName);

    /**
     * Attaches, at the root, the backend's {@code AsyncAppender} (blocking, discarding nothing) in front of the
     * shipped layouts writing into {@code output}.
     *
     * @return what stops it, writing what is still queued, and detaches it
     */
    Attached asyncAppenderInFrontOf(RealOutput output);

    /**
     * Attaches, at the root, the backend's {@code AsyncAppender} in front of an appender that waits for
     * {@code gate}, then adds each event's formatted message to {@code messages} (synchronized on it).
     *
     * @return what stops it, writing what is still queued, and detaches it
     */
    Attached asyncAppenderInFrontOfGated(CountDownLatch gate, List<String> messages);

    /** Something attached for a test; closing it detaches it. */
    interface Attached extends AutoCloseable {
        @Override
        void close();
    }

    /** The user's context map as user code sees it. */
    interface UserContext {
        void put(String key, String value);

        String get(String key);

        /** @return a copy of the whole map, empty rather than null */
        Map<String, String> map();

        /** The usual "clear" of user code: {@code ThreadContext.clearMap()}, {@code MDC.clear()}. */
        void clear();

        /** Everything the test may have left: {@code ThreadContext.clearAll()}, {@code MDC.clear()}. */
        void clearAll();

        /**
         * @return the ways real user code wipes the context on this backend, each named (two or more), for the
         *     proofs that the IDs survive all of them
         */
        List<Way> clears();

        /**
         * @return the ways user code puts a key of its own, each named (two): the native API and SLF4J's
         *     {@code MDC} where the backend has both, else two calls user code makes
         */
        List<Writer> writers();
    }

    /** A named way to wipe the user's context. */
    interface Way {
        String name();

        void run();
    }

    /** A named way to put a key into the user's context. */
    interface Writer {
        String name();

        void put(String key, String value);
    }
}
