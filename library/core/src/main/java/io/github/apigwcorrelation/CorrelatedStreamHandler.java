package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Base class for {@link RequestStreamHandler}s. The raw event is read and scanned with a streaming parser, as the
 * runtime's Jackson would read it (the last of two repeated keys wins);
 * {@link #handle(InputStream, OutputStream, Context)} then receives the exact bytes that were sent, in the same
 * kind of stream the runtime passes (a {@code ByteArrayInputStream}: {@code available()}, {@code mark}/{@code reset}
 * and every read behave as they would without this class).
 *
 * @since 0.1.0
 */
public abstract class CorrelatedStreamHandler implements RequestStreamHandler {
    private final Correlation correlation;

    /** Uses {@link Correlation#defaults()}. */
    protected CorrelatedStreamHandler() {
        this(Correlation.defaults());
    }

    /** @param correlation the configuration to use */
    protected CorrelatedStreamHandler(Correlation correlation) {
        this.correlation = Objects.requireNonNull(correlation, "correlation");
    }

    /** Scans the event, opens the invocation's scope, runs {@link #handle}, and closes it whatever happens. */
    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        correlation.invokeStream(input, output, context, this::handle);
    }

    /**
     * The handler's own work.
     *
     * @param input the event, byte for byte as sent
     * @param output where to write the response
     * @param context the Lambda context
     * @throws IOException as the handler sees fit; rethrown unchanged
     */
    protected abstract void handle(InputStream input, OutputStream output, Context context) throws IOException;
}
