package io.github.apigwcorrelation.benchmarks;

/** Checks that a benchmark's lines were really formatted and written, with the IDs they claim to carry. */
public final class LineChecks {
    /** The short message of every measured line. */
    public static final String MESSAGE = "Order 42 looked up";

    private LineChecks() {}

    /**
     * Fails unless the sink holds exactly one line with the message and every one of {@code ids}; then clears
     * the sink's kept bytes.
     *
     * @param sink the benchmark's sink
     * @param format the layout that wrote the line
     * @param ids values the line must contain
     * @return the line
     */
    public static String requireOneLine(DiscardingSink sink, NullSinkLogging.Format format, String... ids) {
        return requireOneLine(sink, format == NullSinkLogging.Format.JSON, ids);
    }

    /**
     * Fails unless the sink holds exactly one line with the message and every one of {@code ids}; then clears
     * the sink's kept bytes. For either backend.
     *
     * @param sink the benchmark's sink
     * @param json whether the line is a JSON object (else a pattern's text)
     * @param ids values the line must contain
     * @return the line
     */
    public static String requireOneLine(DiscardingSink sink, boolean json, String... ids) {
        String text = sink.head();
        sink.clear();
        if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
            throw new IllegalStateException("expected one line, got: " + text);
        }
        String message = json ? "\"message\":\"" + MESSAGE + "\"" : " - " + MESSAGE;
        if (!text.contains(message)) {
            throw new IllegalStateException("the line lacks the message: " + text);
        }
        for (String id : ids) {
            if (!text.contains(id)) {
                throw new IllegalStateException("the line lacks '" + id + "': " + text);
            }
        }
        return text;
    }

    /**
     * Fails unless the sink received output during the measurement.
     *
     * @param sink the benchmark's sink
     */
    public static void requireWritten(DiscardingSink sink) {
        if (sink.total() == 0 || sink.head().isEmpty()) {
            throw new IllegalStateException("no line reached the sink");
        }
    }
}
