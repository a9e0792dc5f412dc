package io.github.apigwcorrelation.e2e;

import java.util.Map;
import java.util.Set;

/**
 * The sample's two builds: {@code sample-function/} on Log4j2 and {@code sample-function-logback/} on Logback, the
 * same handlers behind the same routes ({@code /orders...} and {@code /logback/orders...}). The in-process tests run
 * on the one whose jar Surefire put on the class path ({@code -Dsample.backend}, set by each execution); the tests
 * that start their own processes (local API, emulator) run on both.
 */
enum Backend {
    LOG4J2("", ""),
    LOGBACK("Logback", "/logback");

    private final String functionSuffix;
    private final String routePrefix;

    Backend(String functionSuffix, String routePrefix) {
        this.functionSuffix = functionSuffix;
        this.routePrefix = routePrefix;
    }

    /** @return the backend of the sample on this JVM's class path */
    static Backend inProcess() {
        return "logback".equalsIgnoreCase(System.getProperty("sample.backend", "log4j2")) ? LOGBACK : LOG4J2;
    }

    /** @return the function's logical ID in {@code template.yaml}, such as {@code GetOrderLogbackFunction} */
    String function(Class<?> handler) {
        return handler.getSimpleName().replace("Handler", "") + functionSuffix + "Function";
    }

    /** @return a route of the sample for this backend, such as {@code /logback/orders/42} */
    String route(String path) {
        return routePrefix + path;
    }

    /** @return the keys user code sees in its context map now (ThreadContext or SLF4J's MDC), on this JVM */
    Set<String> userContextKeys() {
        if (this == LOG4J2) {
            return Log4j2Api.keys();
        }
        Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
        return mdc == null ? Set.of() : mdc.keySet();
    }

    /** Logs one line through the backend's API, outside any invocation. */
    void logOutsideInvocation(String logger, String message) {
        if (this == LOG4J2) {
            Log4j2Api.info(logger, message);
        } else {
            org.slf4j.LoggerFactory.getLogger(logger).info(message);
        }
    }

    /** Loaded only on the Log4j2 sample's class path. */
    private static final class Log4j2Api {
        static Set<String> keys() {
            return org.apache.logging.log4j.ThreadContext.getContext().keySet();
        }

        static void info(String logger, String message) {
            org.apache.logging.log4j.LogManager.getLogger(logger).info(message);
        }
    }
}
