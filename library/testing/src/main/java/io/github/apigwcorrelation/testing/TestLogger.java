package io.github.apigwcorrelation.testing;

/** A logger of the backend under test, through the API its users log with ({@code {}} placeholders). */
public interface TestLogger {
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
