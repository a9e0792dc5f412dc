package io.github.apigwcorrelation.e2e.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler whose constructor throws, so its execution environment never finishes initializing. */
public final class FailingInitProbe implements RequestStreamHandler {
    /** Fails as a handler whose configuration is missing would. */
    public FailingInitProbe() {
        throw new IllegalStateException("init failed on purpose\nsecond line");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new AssertionError("never called");
    }
}
