package io.github.apigwcorrelation.testing;

/** A logger of the backend under test, through the API its users log with ({@code {}} placeholders). */
public interface TestLogger {
    /**
     * @param format the message, with {@code {}} placeholders
     * @param arguments their values
     */
    void trace(String format, Object... arguments);

    /**
     * @param format the message, with {@code {}} placeholders
     * @param arguments their values
     */
    void debug(String format, Object... arguments);

    /** @return the backend's answer to {@code isDebugEnabled()}, as user code guards an expensive line */
    boolean isDebugEnabled();

    /** @param message computed only if the line is logged: Log4j2's {@code debug(Supplier)}, SLF4J's fluent API */
    void debugLazily(java.util.function.Supplier<String> message);

    /** @param message logged through the fluent API: {@code atDebug().log(message)} on both backends */
    void debugFluently(String message);

    /**
     * @param format the message, with {@code {}} placeholders
     * @param arguments their values
     */
    void info(String format, Object... arguments);

    /**
     * @param format the message, with {@code {}} placeholders
     * @param arguments their values
     */
    void warn(String format, Object... arguments);

    /**
     * @param message the message
     * @param thrown the exception to log with it
     */
    void error(String message, Throwable thrown);
}
