package io.github.apigwcorrelation.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what the function prints. Outside the runtime, {@code LambdaAppender} writes each formatted event
 * to {@code System.out} through {@code LambdaRuntime.getLogger()}, so the bytes captured here are exactly the
 * lines the sample's {@code log4j2.xml} produces.
 */
final class LambdaOutput {
    private static final ByteArrayOutputStream BUFFER = new ByteArrayOutputStream();
    private static boolean installed;

    private LambdaOutput() {}

    /** {@code @ExtendWith}: captures from the first test on and starts each test with nothing captured. */
    static final class Capture implements BeforeAllCallback, BeforeEachCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            install();
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            drain();
        }
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (BUFFER) {
                    BUFFER.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (BUFFER) {
                    BUFFER.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** @return the lines printed since the last call, and forgets them */
    static List<String> drain() {
        System.out.flush();
        String text;
        synchronized (BUFFER) {
            text = BUFFER.toString(StandardCharsets.UTF_8);
            BUFFER.reset();
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("output does not end with a newline: " + text);
        }
        return lines;
    }
}
