package io.github.apigwcorrelation.benchmarks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.CorrelatedSqsHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.RequestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.ThreadContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One SQS invocation of a consumer whose per-message work does nothing, for a batch of 1 and of 10 messages (the
 * event source mapping's default batch size), each message sent by the API function (an {@code OriginRequestId}
 * attribute). Log4j2 writes at INFO into the null sink with the README's pattern, so a line a contender logs is paid
 * for.
 *
 * <ul>
 *   <li>{@code plain}: a {@code RequestHandler<SQSEvent, SQSBatchResponse>} that loops over the messages, with
 *       {@code AWSRequestId} set and removed around it in the {@code ThreadContext}, as the Java runtime sets it;</li>
 *   <li>{@code plainByHand}: the same, and per message the two IDs a user who wants them on the message's lines puts
 *       in the {@code ThreadContext} by hand ({@code OriginRequestId} from the attribute, {@code MessageId}) and
 *       removes after;</li>
 *   <li>{@code oursNoLines}: {@link CorrelatedSqsHandler} with {@code logInvocationLine(false)}: a scope for the
 *       invocation and one per message, with plausibility checks, nothing logged;</li>
 *   <li>{@code ours}: {@link CorrelatedSqsHandler} with the defaults, which logs the batch's line and one line per
 *       message (its IDs and when it was sent).</li>
 * </ul>
 *
 * Per message = the figure ÷ {@code messages}; the batch of 1 shows what the invocation itself costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SqsHandlerBenchmark {
    /** How many messages the batch holds. */
    @Param({"1", "10"})
    public int messages;

    private final Context context = new BenchContext();
    private DiscardingSink sink;
    private SQSEvent event;
    private RequestHandler<SQSEvent, SQSBatchResponse> plain;
    private RequestHandler<SQSEvent, SQSBatchResponse> plainByHand;
    private RequestHandler<SQSEvent, SQSBatchResponse> oursNoLines;
    private RequestHandler<SQSEvent, SQSBatchResponse> ours;
    /** During the setup's checks: the IDs each message's work saw. */
    private List<String> seen;

    @Setup(Level.Trial)
    public void start() {
        sink = NullSinkLogging.startOnce(NullSinkLogging.Format.PATTERN, NullSinkLogging.OURS_PATTERN);
        event = Events.sqsBatch(messages);
        plain = new PlainHandler(false);
        plainByHand = new PlainHandler(true);
        oursNoLines = new OursHandler(Correlation.builder().logInvocationLine(false).build());
        ours = new OursHandler(Correlation.defaults());
        check();
    }

    /**
     * Runs each contender once and fails unless each message's work saw the IDs the contender claims, no failure was
     * reported, nothing was left in the {@code ThreadContext}, and only {@code ours} logged (its batch line and one line
     * per message).
     */
    private void check() {
        sink.clear();
        String origin = Events.REST_REQUEST_ID;
        String lambda = BenchContext.LAMBDA_REQUEST_ID;
        for (String contender : List.of("plain", "plainByHand", "oursNoLines", "ours")) {
            seen = new ArrayList<>();
            SQSBatchResponse response = switch (contender) {
                case "plain" -> plain();
                case "plainByHand" -> plainByHand();
                case "oursNoLines" -> oursNoLines();
                default -> ours();
            };
            require(response.getBatchItemFailures().isEmpty(), contender + " reported failures");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                expected.add(contender.equals("plain") ? lambda + "/-/-"
                        : lambda + "/" + origin + "/" + Events.sqsMessageId(i));
            }
            require(seen.equals(expected), contender + " showed its messages " + seen + ", expected " + expected);
            require(ThreadContext.isEmpty() && RequestIds.current().isEmpty(),
                    contender + " left context behind: " + ThreadContext.getContext());
            String written = sink.head();
            sink.clear();
            if (contender.equals("ours")) {
                require(written.lines().count() == messages + 1L
                        && written.contains("Lambda Request ID: " + lambda + " (" + messages + " SQS message")
                        && written.contains("Record: Message ID: " + Events.sqsMessageId(messages - 1)
                                + " Origin Request ID: " + origin), "ours logged [" + written + "]");
            } else {
                require(written.isEmpty(), contender + " logged [" + written + "]");
            }
        }
        seen = null;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    @Benchmark
    public SQSBatchResponse plain() {
        return runtimeInvokes(plain);
    }

    @Benchmark
    public SQSBatchResponse plainByHand() {
        return runtimeInvokes(plainByHand);
    }

    @Benchmark
    public SQSBatchResponse oursNoLines() {
        return runtimeInvokes(oursNoLines);
    }

    @Benchmark
    public SQSBatchResponse ours() {
        return runtimeInvokes(ours);
    }

    /** What the Java runtime does around every handler when {@code aws-lambda-java-log4j2} is loaded. */
    private SQSBatchResponse runtimeInvokes(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        ThreadContext.put("AWSRequestId", context.getAwsRequestId());
        try {
            return handler.handleRequest(event, context);
        } finally {
            ThreadContext.remove("AWSRequestId");
        }
    }

    /** The per-message work every contender shares: one field read; during the checks, what its lines would show. */
    private void work(SQSEvent.SQSMessage message) {
        if (seen != null) {
            String origin = RequestIds.current().flatMap(RequestIds::originRequestId)
                    .orElse(ThreadContext.get("OriginRequestId"));
            String messageId = RequestIds.current().flatMap(RequestIds::messageId).orElse(ThreadContext.get("MessageId"));
            seen.add(ThreadContext.get("AWSRequestId") + "/" + (origin == null ? "-" : origin) + "/"
                    + (messageId == null ? "-" : messageId));
        } else if (message.getMessageId() == null) {
            throw new IllegalStateException("a message without an ID");
        }
    }

    /** A consumer without the library; {@code byHand}: it puts the message's IDs in the ThreadContext itself. */
    private final class PlainHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final boolean byHand;

        PlainHandler(boolean byHand) {
            this.byHand = byHand;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent batch, Context lambda) {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : batch.getRecords()) {
                if (byHand) {
                    SQSEvent.MessageAttribute origin = message.getMessageAttributes().get("OriginRequestId");
                    if (origin != null) {
                        ThreadContext.put("OriginRequestId", origin.getStringValue());
                    }
                    ThreadContext.put("MessageId", message.getMessageId());
                }
                try {
                    work(message);
                } catch (RuntimeException e) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                } finally {
                    if (byHand) {
                        ThreadContext.remove("OriginRequestId");
                        ThreadContext.remove("MessageId");
                    }
                }
            }
            return new SQSBatchResponse(failures);
        }
    }

    /** The library's base class; the runtime's {@code AWSRequestId} stays as it is, the library sets its own. */
    private final class OursHandler extends CorrelatedSqsHandler {
        OursHandler(Correlation correlation) {
            super(correlation);
        }

        @Override
        protected void handleMessage(SQSEvent.SQSMessage message, Context lambda) {
            work(message);
        }
    }
}
