package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.apigwcorrelation.internal.extract.EventExtractor;
import io.github.apigwcorrelation.internal.extract.Extracted;
import io.github.apigwcorrelation.internal.extract.Plausibility;
import io.github.apigwcorrelation.internal.extract.PointerPath;
import io.github.apigwcorrelation.internal.extract.StreamScanner;
import io.github.apigwcorrelation.internal.inject.Backends;
import io.github.apigwcorrelation.internal.inject.Invocation;
import io.github.apigwcorrelation.internal.scope.InvocationScope;
import io.github.apigwcorrelation.internal.extract.Origins;
import io.github.apigwcorrelation.internal.extract.SampleHeader;
import io.github.apigwcorrelation.internal.extract.ServerErrors;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.spi.FlightRecorder;
import io.github.apigwcorrelation.spi.LoggingBackend;
import io.github.apigwcorrelation.spi.LoggingBackend.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How invocations are correlated: the context keys, the placeholder, extra ID paths and the optional lines,
 * plus the ways in: {@link #open(Object, Context)} for a scope you manage, {@link #wrap(RequestHandler)} and
 * {@link #wrap(RequestStreamHandler)} for handlers that cannot extend the base classes.
 *
 * <p>Instances are immutable and thread-safe; build one per handler class and keep it in a field.
 * {@link #defaults()} is a convenience, never the only way in.
 *
 * <p>The library's own lines (the invocation line, the WARN about a missing ID, the ERROR when a handler
 * throws) are logged by the logger {@code io.github.apigwcorrelation.Correlation}.
 *
 * @since 0.1.0
 */
public final class Correlation {
    /** The key of the Lambda request ID: the one the Java runtime and {@code aws-lambda-java-log4j2} use. */
    public static final String LAMBDA_REQUEST_ID_KEY = "AWSRequestId";
    /** The default key of the API Gateway request ID. */
    public static final String DEFAULT_REQUEST_ID_KEY = "ApiGatewayRequestId";
    /** The default key of the API Gateway extended request ID. */
    public static final String DEFAULT_EXTENDED_REQUEST_ID_KEY = "ApiGatewayExtendedRequestId";
    /** The default value written when an ID is missing or was rejected. */
    public static final String DEFAULT_PLACEHOLDER = "-";
    /** The key of the request ID that started the chain an invocation continues (a message, an invoke, a call). */
    public static final String ORIGIN_REQUEST_ID_KEY = "OriginRequestId";
    /** The key of the message ID of the SQS message or SNS record a record's scope works on. */
    public static final String MESSAGE_ID_KEY = "MessageId";
    /** The HTTP header that carries the origin's request ID from one API to the next. */
    public static final String ORIGIN_HEADER = Origins.HEADER;
    /** The SQS/SNS message attribute and the client context entry that carry the origin's request ID. */
    public static final String ORIGIN_ATTRIBUTE = Origins.ATTRIBUTE;
    /** The default byte limit of one invocation's flight recorder: 256 KiB. */
    public static final long DEFAULT_RECORDER_BYTES = 256 * 1024;

    private static final Correlation DEFAULTS = builder().build();

    private final String requestIdKey;
    private final String extendedRequestIdKey;
    private final String placeholder;
    private final List<PointerPath> pointers;
    /** The time a record was sent, in its line. */
    private static final java.time.format.DateTimeFormatter SENT = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    private final boolean invocationLine;
    private final boolean errorLine;
    private final StandardField[] fields;
    private final LogLevel recordUpTo;
    private final LogLevel flushFrom;
    private final long recorderBytes;
    private final double sampleRate;
    private final LogLevel sampleLevel;
    private final String sampleHeader;
    private final String eventBridgeOriginField;

    private Correlation(Builder builder) {
        this.requestIdKey = builder.requestIdKey;
        this.extendedRequestIdKey = builder.extendedRequestIdKey;
        this.placeholder = builder.placeholder;
        this.pointers = Collections.unmodifiableList(new ArrayList<>(builder.pointers));
        this.invocationLine = builder.invocationLine;
        this.errorLine = builder.errorLine;
        this.fields = builder.fields.toArray(new StandardField[0]);
        this.recordUpTo = builder.recordUpTo;
        this.flushFrom = builder.flushFrom;
        this.recorderBytes = builder.recorderBytes;
        this.sampleRate = builder.sampleRate;
        this.sampleLevel = builder.sampleLevel;
        this.sampleHeader = builder.sampleHeader;
        this.eventBridgeOriginField = builder.eventBridgeOriginField;
    }

    /** @return the default configuration: default keys, {@code -} as placeholder, both optional lines on */
    public static Correlation defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the IDs from {@code event} and {@code context} and installs them on the current thread until the
     * scope is closed. Never throws: a missing or implausible ID becomes the placeholder and one WARN line.
     *
     * <pre>{@code
     * try (CorrelationScope scope = correlation.open(event, context)) {
     *     return handle(event);
     * }
     * }</pre>
     *
     * @param event the handler's input, of any type, may be null; for an {@code InputStream} use
     *     {@link #wrap(RequestStreamHandler)}, which can replay the bytes it reads
     * @param context the Lambda context, may be null (the Lambda ID is then the placeholder)
     * @return the scope to close on this thread
     */
    public CorrelationScope open(Object event, Context context) {
        Extracted extracted = EventExtractor.extract(event, pointers);
        if (extracted.originRequestId() == null && eventBridgeOriginField != null) {
            extracted = extracted.withOrigin(Origins.ofEventBridge(event, eventBridgeOriginField),
                    "detail." + eventBridgeOriginField + " of the EventBridge event");
        }
        return enter(extracted, context, sampleRequested(event));
    }

    /**
     * Installs the IDs of one SQS message or SNS record on the current thread, inside the invocation's scope,
     * until the returned scope is closed: the consumer's own Lambda request ID, the record's {@code MessageId},
     * and the {@code OriginRequestId} of the request that sent it (a message attribute; inside the body of an SNS
     * notification delivered to SQS without raw delivery). {@link CorrelatedSqsHandler} and
     * {@link CorrelatedSnsHandler} do this for each record.
     *
     * @param record an {@code SQSEvent.SQSMessage} or {@code SNSEvent.SNSRecord}, typed or as a {@code Map}
     * @param context the Lambda context, may be null
     * @return the scope to close on this thread; its lines carry the record's IDs
     */
    public CorrelationScope openRecord(Object record, Context context) {
        Origins.Found found = Origins.ofRecord(record);
        Extracted extracted = Extracted.ofRecord(found);
        String lambdaId = lambdaRequestId(context);
        RequestIds ids = new RequestIds(placeholder, null, lambdaId == null ? placeholder : lambdaId,
                RequestIds.Source.NONE, extracted.originRequestId(), extracted.messageId());
        CorrelationScope scope = InvocationScope.enter(new Invocation(entries(ids, context, false)));
        if (extracted.originProblem() != null) {
            warn(extracted.originProblem());
        }
        if (invocationLine) {
            logRecordLine(ids, found.sentAt());
        }
        return scope;
    }

    /**
     * The record's line: its IDs and, when the service says, when it was sent and how long it waited, by the
     * service's clock against this one (what a reader of the chain needs to see the queue's share of the time).
     */
    private static void logRecordLine(RequestIds ids, long sentAt) {
        try {
            LoggingBackend backend = Backends.get();
            if (!backend.isEnabled(Level.INFO)) {
                return;
            }
            StringBuilder line = new StringBuilder(160).append("Record: Message ID: ")
                    .append(ids.messageId().orElse("-")).append(" Origin Request ID: ")
                    .append(ids.originRequestId().orElse("-")).append(" Lambda Request ID: ")
                    .append(ids.lambdaRequestId());
            if (sentAt >= 0) {
                line.append(" Sent: ").append(SENT.format(java.time.Instant.ofEpochMilli(sentAt))).append(" (")
                        .append(System.currentTimeMillis() - sentAt).append(" ms ago)");
            }
            backend.log(Level.INFO, line.toString(), null);
        } catch (RuntimeException | LinkageError ignored) {
            // the record is handled whatever happens to this line
        }
    }

    /**
     * The invocation's scope of a batch of records: no API Gateway ID is expected, so none is missing; the
     * invocation line says what the batch is.
     */
    CorrelationScope openBatch(int records, String kind, Context context) {
        String lambdaId = lambdaRequestId(context);
        RequestIds ids = new RequestIds(placeholder, null, lambdaId == null ? placeholder : lambdaId,
                RequestIds.Source.NONE, null, null);
        CorrelationScope scope = InvocationScope.enterInvocation(new Invocation(entries(ids, context, false)));
        if (invocationLine) {
            try {
                LoggingBackend backend = Backends.get();
                if (backend.isEnabled(Level.INFO)) {
                    backend.log(Level.INFO, "Lambda Request ID: " + ids.lambdaRequestId() + " (" + records + " "
                            + kind + (records == 1 ? "" : "s") + ")", null);
                }
            } catch (RuntimeException | LinkageError ignored) {
                // the batch is handled whatever happens to this line
            }
        }
        return scope;
    }

    /** The library's own ERROR line; never throws. */
    static void logError(String message, Throwable failure) {
        try {
            LoggingBackend backend = Backends.get();
            if (backend.isEnabled(Level.ERROR)) {
                backend.log(Level.ERROR, message, failure);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // the handler's outcome is what matters
        }
    }

    private void warn(String problem) {
        try {
            LoggingBackend backend = Backends.get();
            if (backend.isEnabled(Level.WARN)) {
                backend.log(Level.WARN, "apigw-correlation: " + problem, null);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // the record is handled whatever happens to this line
        }
    }

    private static Object clientContextOrigin(Context context) {
        try {
            ClientContext client = context.getClientContext();
            Map<String, String> custom = client == null ? null : client.getCustom();
            return custom == null ? null : custom.get(Origins.ATTRIBUTE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return the context's plausible Lambda request ID, or null */
    private static String lambdaRequestId(Context context) {
        try {
            String candidate = context == null ? null : context.getAwsRequestId();
            return Plausibility.problem(candidate) == null ? candidate : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes what the current invocation's flight recorder holds, now, as if the invocation had failed: for a
     * failure the library cannot see (a handled exception, a business error in a 200 response). Does nothing
     * outside an invocation or when the flight recorder is off.
     */
    public static void flushRecordedLines() {
        ContextEntries entries = ContextEntries.current();
        if (entries != null && entries.recorder() != null) {
            entries.recorder().flush();
        }
    }

    /**
     * Wraps a typed handler, for those who cannot extend {@link CorrelatedRequestHandler}.
     *
     * @param handler the handler to run inside the scope
     * @param <I> input type
     * @param <O> output type
     * @return a handler that correlates, then delegates
     */
    public <I, O> RequestHandler<I, O> wrap(RequestHandler<I, O> handler) {
        Objects.requireNonNull(handler, "handler");
        return (input, context) -> invoke(input, context, handler);
    }

    /**
     * Wraps a stream handler, for those who cannot extend {@link CorrelatedStreamHandler}. The event is read
     * and scanned first, as the runtime's Jackson would read it; the handler then reads the exact bytes that were
     * sent, from the same kind of stream the runtime passes (a {@code ByteArrayInputStream}).
     *
     * @param handler the handler to run inside the scope
     * @return a handler that correlates, then delegates
     */
    public RequestStreamHandler wrap(RequestStreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return (input, output, context) -> invokeStream(input, output, context, handler);
    }

    <I, O> O invoke(I input, Context context, RequestHandler<I, O> handler) {
        try (CorrelationScope scope = open(input, context)) {
            O output;
            try {
                output = handler.handleRequest(input, context);
            } catch (Throwable failure) {
                flushRecorder();
                logFailure(scope, failure);
                throw failure;
            }
            int status = ServerErrors.status(output);
            if (status >= 500) {
                failedResponse(scope, status);
            }
            return output;
        }
    }

    void invokeStream(InputStream input, OutputStream output, Context context, RequestStreamHandler handler)
            throws IOException {
        StreamScanner.Scan scan = input == null ? null : StreamScanner.scan(input, pointers);
        Extracted ids = scan == null ? Extracted.missing("the event stream is null") : scan.ids();
        boolean sampleRequested = scan != null && sampleHeader != null && scan.sampleRequested(sampleHeader);
        try (CorrelationScope scope = enter(ids, context, sampleRequested)) {
            // With the recorder on, a 5xx response of an API Gateway or ALB request fails the invocation as it
            // does for typed handlers: the response's first bytes tell its status (frameworks answer this way).
            ServerErrors.StatusOfStream sniffed = recordUpTo != null && output != null && answersHttp(ids.source())
                    ? new ServerErrors.StatusOfStream(output) : null;
            try {
                handler.handleRequest(scan == null ? null : scan.replay(), sniffed == null ? output : sniffed,
                        context);
            } catch (Throwable failure) {
                flushRecorder();
                logFailure(scope, failure);
                throw failure;
            }
            int status = sniffed == null ? -1 : sniffed.status();
            if (status >= 500) {
                failedResponse(scope, status);
            }
        }
    }

    private static boolean answersHttp(RequestIds.Source source) {
        return source == RequestIds.Source.REST_API || source == RequestIds.Source.HTTP_API
                || source == RequestIds.Source.ALB_TRACE_HEADER || source == RequestIds.Source.JSON_POINTER;
    }

    private CorrelationScope enter(Extracted extracted, Context context, boolean sampleRequested) {
        if (extracted.originRequestId() == null && context != null) {
            extracted = extracted.withOrigin(clientContextOrigin(context), "the client context of the invoke");
        }
        // An event that continues a chain (a synchronous invoke, an EventBridge event) need not come from API
        // Gateway: its missing API Gateway ID is no problem then.
        String problem = extracted.originRequestId() != null && extracted.source() == RequestIds.Source.NONE
                ? null : extracted.problem();
        problem = extracted.originProblem() == null ? problem : join(problem, extracted.originProblem());
        String lambdaId = null;
        if (context == null) {
            problem = join(problem, "the Lambda context is null");
        } else {
            String candidate = null;
            String lambdaProblem;
            try {
                candidate = context.getAwsRequestId();
                lambdaProblem = Plausibility.problem(candidate);
            } catch (RuntimeException e) {
                lambdaProblem = "Context.getAwsRequestId() threw " + e.getClass().getName();
            }
            if (lambdaProblem == null) {
                lambdaId = candidate;
            } else {
                problem = join(problem, "ignored the Lambda request ID: " + lambdaProblem);
            }
        }
        String requestId = extracted.requestId() == null ? placeholder : extracted.requestId();
        RequestIds ids = new RequestIds(requestId, extracted.extendedRequestId(),
                lambdaId == null ? placeholder : lambdaId, extracted.source(), extracted.originRequestId(),
                extracted.messageId());
        boolean sampled = sampleRequested || sampleRate > 0 && ThreadLocalRandom.current().nextDouble() < sampleRate;
        CorrelationScope scope = InvocationScope.enterInvocation(new Invocation(entries(ids, context, sampled)));
        // The library's own lines must never keep the handler from running, even with an appender that
        // throws (ignoreExceptions="false"): a failure to log is swallowed here.
        LoggingBackend backend = Backends.get();
        try {
            if (problem != null && backend.isEnabled(Level.WARN)) {
                backend.log(Level.WARN, "apigw-correlation: " + problem + "; logging '" + placeholder
                        + "' in its place", null);
            }
            if (invocationLine && backend.isEnabled(Level.INFO)) {
                backend.log(Level.INFO, "API Gateway Request ID: " + requestId + " Lambda Request ID: "
                        + ids.lambdaRequestId() + (sampled ? " (sampled: " + sampleLevel + " lines written)" : ""),
                        null);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // nothing better to do: logging itself is what failed
        }
        return scope;
    }

    /** The keys in a fixed order: the Lambda request ID, the API Gateway IDs, then the standard fields. */
    private ContextEntries entries(RequestIds ids, Context context, boolean sampled) {
        String[] keys = new String[5 + fields.length];
        String[] values = new String[keys.length];
        int n = 0;
        keys[n] = LAMBDA_REQUEST_ID_KEY;
        values[n++] = ids.lambdaRequestId();
        keys[n] = requestIdKey;
        values[n++] = ids.apiGatewayRequestId();
        if (ids.extendedRequestId().isPresent()) {
            keys[n] = extendedRequestIdKey;
            values[n++] = ids.extendedRequestId().get();
        }
        if (ids.originRequestId().isPresent()) {
            keys[n] = ORIGIN_REQUEST_ID_KEY;
            values[n++] = ids.originRequestId().get();
        }
        if (ids.messageId().isPresent()) {
            keys[n] = MESSAGE_ID_KEY;
            values[n++] = ids.messageId().get();
        }
        for (StandardField field : fields) {
            String value;
            try {
                value = field.read(context);
            } catch (RuntimeException e) {
                value = null; // a Context whose getter throws (a test double, a framework's) costs the field only
            }
            if (value != null) {
                keys[n] = field.key();
                values[n++] = value;
            }
        }
        FlightRecorder recorder = recordUpTo == null ? null : new FlightRecorder(recordUpTo, flushFrom, recorderBytes);
        return new ContextEntries(ids, java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(values, n),
                recorder, sampled ? sampleLevel : null);
    }

    private static void flushRecorder() {
        flushRecordedLines();
    }

    /** A 5xx response is a failure too: what the flight recorder holds is written, then one line says why. */
    private void failedResponse(CorrelationScope scope, int status) {
        ContextEntries entries = ContextEntries.current();
        if (entries == null || entries.recorder() == null) {
            return;
        }
        entries.recorder().flush();
        RequestIds ids = scope.ids();
        try {
            LoggingBackend backend = Backends.get();
            if (backend.isEnabled(Level.ERROR)) {
                backend.log(Level.ERROR, "Handler returned status " + status + ": API Gateway Request ID: "
                        + ids.apiGatewayRequestId() + " Lambda Request ID: " + ids.lambdaRequestId(), null);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // the response matters more than the line
        }
    }

    private boolean sampleRequested(Object event) {
        return sampleHeader != null && SampleHeader.requested(event, sampleHeader);
    }

    /** Never replaces the handler's exception with one from logging. */
    private void logFailure(CorrelationScope scope, Throwable failure) {
        if (errorLine) {
            RequestIds ids = scope.ids();
            try {
                LoggingBackend backend = Backends.get();
                if (backend.isEnabled(Level.ERROR)) {
                    backend.log(Level.ERROR, "Handler failed: API Gateway Request ID: " + ids.apiGatewayRequestId()
                            + " Lambda Request ID: " + ids.lambdaRequestId(), failure);
                }
            } catch (RuntimeException | LinkageError ignored) {
                // the handler's exception is what matters, and it is rethrown
            }
        }
    }

    private static String join(String first, String second) {
        return first == null ? second : first + "; " + second;
    }

    /**
     * Builds a {@link Correlation}. Every setter checks its argument at once and names it in the message.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String requestIdKey = DEFAULT_REQUEST_ID_KEY;
        private String extendedRequestIdKey = DEFAULT_EXTENDED_REQUEST_ID_KEY;
        private String placeholder = DEFAULT_PLACEHOLDER;
        private final List<PointerPath> pointers = new ArrayList<>();
        private boolean invocationLine = true;
        private boolean errorLine = true;
        private EnumSet<StandardField> fields = EnumSet.of(StandardField.COLD_START, StandardField.XRAY_TRACE_ID);
        private LogLevel recordUpTo;
        private LogLevel flushFrom = LogLevel.ERROR;
        private long recorderBytes = DEFAULT_RECORDER_BYTES;
        private double sampleRate;
        private LogLevel sampleLevel = LogLevel.DEBUG;
        private String sampleHeader;
        private String eventBridgeOriginField;

        private Builder() {}

        /**
         * Reads the origin's request ID from this top-level field of an EventBridge event's {@code detail}.
         * EventBridge entries have no attributes, so a sender can only put it inside the detail, which changes
         * the payload: off by default at both ends.
         *
         * @param field the detail field, for example {@code OriginRequestId}
         * @return this builder
         */
        public Builder eventBridgeOriginField(String field) {
            if (field == null || field.isEmpty()) {
                throw new IllegalArgumentException("eventBridgeOriginField must name a detail field, was '" + field
                        + "'");
            }
            this.eventBridgeOriginField = field;
            return this;
        }

        /**
         * Turns the flight recorder on: the lines at {@code upTo} or finer that an invocation logs, on its thread
         * and on propagated workers, are kept in a buffer of that invocation instead of being written, whatever the
         * configured level. When the invocation fails (the handler throws, returns a 5xx API Gateway or ALB
         * response, logs a line at {@link #flushRecorderOn} or above, or calls {@link #flushRecordedLines()}), they
         * are written first, in order, with their own time, thread, logger and IDs, then what made it fail. When
         * it succeeds, they are dropped. Off by default: it makes every such log call build its line, which a
         * disabled level otherwise skips.
         *
         * @param upTo the coarsest level recorded, for example {@link LogLevel#DEBUG} (which records TRACE too)
         * @return this builder
         */
        public Builder flightRecorder(LogLevel upTo) {
            LogLevel level = Objects.requireNonNull(upTo, "upTo");
            if (level.compareTo(LogLevel.INFO) > 0) {
                throw new IllegalArgumentException("flightRecorder records TRACE, DEBUG or INFO lines, not " + level
                        + ": a line at that level is what a failure looks like");
            }
            this.recordUpTo = level;
            return this;
        }

        /**
         * @param level a line at this level or above flushes the flight recorder before it is written; default
         *     {@link LogLevel#ERROR}
         * @return this builder
         */
        public Builder flushRecorderOn(LogLevel level) {
            this.flushFrom = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param bytes the most one invocation's recorded lines may take (by estimate); past it the oldest go and
         *     the flush starts with a line saying how many; default 256 KiB
         * @return this builder
         */
        public Builder flightRecorderBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("flightRecorderBytes must be at least 1024, was " + bytes);
            }
            this.recorderBytes = bytes;
            return this;
        }

        /**
         * Writes every line of a fraction of the invocations down to {@link #debugSampleLevel} (DEBUG by default),
         * whatever the configured level, decided once per invocation and said in its invocation line. No logger's
         * level changes, so the other invocations running at the same time in the same JVM are unaffected.
         *
         * @param rate from 0 (none, the default) to 1 (all)
         * @return this builder
         */
        public Builder debugSampleRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("debugSampleRate must be between 0 and 1, was " + rate);
            }
            this.sampleRate = rate;
            return this;
        }

        /**
         * @param level the finest level a sampled invocation writes; default {@link LogLevel#DEBUG}
         * @return this builder
         */
        public Builder debugSampleLevel(LogLevel level) {
            this.sampleLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Samples every invocation whose request carries this header with the value {@code 1} or {@code true}, for
         * example {@code x-debug-sample}. Off by default: whoever calls the API controls its headers, and can make
         * every one of its requests log at DEBUG.
         *
         * @param name the header's name, matched in any case
         * @return this builder
         */
        public Builder debugSampleHeader(String name) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
                throw new IllegalArgumentException("debugSampleHeader must be a header name, was '" + name + "'");
            }
            this.sampleHeader = name;
            return this;
        }

        /**
         * The standard fields on every line of an invocation, besides the IDs, with the keys Powertools for AWS
         * Lambda uses. Default: {@link StandardField#COLD_START} and {@link StandardField#XRAY_TRACE_ID}, the two
         * that differ from one invocation to the next; the others are the same on every line of a log group and
         * cost about 150 bytes a line together.
         *
         * @param fields the fields to add; none for the IDs alone
         * @return this builder
         */
        public Builder standardFields(StandardField... fields) {
            EnumSet<StandardField> chosen = EnumSet.noneOf(StandardField.class);
            for (StandardField field : fields) {
                chosen.add(Objects.requireNonNull(field, "field"));
            }
            this.fields = chosen;
            return this;
        }

        /**
         * @param key the context key of the API Gateway request ID, default {@value #DEFAULT_REQUEST_ID_KEY}
         * @return this builder
         */
        public Builder requestIdKey(String key) {
            this.requestIdKey = checkKey("requestIdKey", key);
            return this;
        }

        /**
         * @param key the context key of the extended request ID, default
         *     {@value #DEFAULT_EXTENDED_REQUEST_ID_KEY}; the key is absent when an event has no extended ID
         * @return this builder
         */
        public Builder extendedRequestIdKey(String key) {
            this.extendedRequestIdKey = checkKey("extendedRequestIdKey", key);
            return this;
        }

        /**
         * @param placeholder what to write when an ID is missing or rejected, default {@value #DEFAULT_PLACEHOLDER};
         *     it must itself be a plausible ID
         * @return this builder
         */
        public Builder placeholder(String placeholder) {
            String problem = Plausibility.problem(placeholder);
            if (problem != null) {
                throw new IllegalArgumentException("placeholder is not usable: " + problem);
            }
            this.placeholder = placeholder;
            return this;
        }

        /**
         * JSON Pointers (RFC 6901) to the request ID in custom payloads, tried in order before the built-in
         * sources, for example {@code /meta/correlationId} or {@code /headers/x-correlation-id}. They apply to
         * {@code Map}s, POJOs (property names match loosely), JSON strings and raw streams. A value found
         * there is client-controlled: it is written only if plausible.
         *
         * @param pointers the pointers
         * @return this builder
         * @throws IllegalArgumentException naming the first pointer that is not valid
         */
        public Builder requestIdPointers(String... pointers) {
            List<PointerPath> compiled = new ArrayList<>();
            for (String pointer : pointers) {
                compiled.add(PointerPath.compile(pointer));
            }
            this.pointers.clear();
            this.pointers.addAll(compiled);
            return this;
        }

        /**
         * @param enabled whether to log {@code API Gateway Request ID: <id> Lambda Request ID: <id>} at INFO
         *     when each invocation starts; default on
         * @return this builder
         */
        public Builder logInvocationLine(boolean enabled) {
            this.invocationLine = enabled;
            return this;
        }

        /**
         * @param enabled whether to log an ERROR line with both IDs and the exception when the handler throws
         *     (the exception is rethrown unchanged either way); default on
         * @return this builder
         */
        public Builder logHandlerErrors(boolean enabled) {
            this.errorLine = enabled;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException when two keys are the same
         */
        public Correlation build() {
            if (requestIdKey.equals(extendedRequestIdKey)) {
                throw new IllegalArgumentException("requestIdKey and extendedRequestIdKey are both '" + requestIdKey
                        + "': they must differ");
            }
            return new Correlation(this);
        }

        private static String checkKey(String name, String key) {
            if (key == null || key.isEmpty() || !key.chars().allMatch(c -> c > ' ' && c < 127)) {
                throw new IllegalArgumentException(name + " must be non-empty printable ASCII without spaces, was '"
                        + key + "'");
            }
            if (LAMBDA_REQUEST_ID_KEY.equals(key)) {
                throw new IllegalArgumentException(name + " cannot be '" + LAMBDA_REQUEST_ID_KEY
                        + "': that key holds the Lambda request ID");
            }
            return key;
        }
    }
}
