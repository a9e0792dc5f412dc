package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.spi.ContextEntries;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the flight recorder, sampling, the incoming chain and the JSON layout's keys, run on each adapter: a
 * question mistaken for a line, oversized lines and exceptions, parameters kept alive or logging themselves, loggers
 * the configuration turned off, reconfiguration mid-invocation, 5xx from a stream handler, an Error in a record,
 * a client-written body dressed as an SNS envelope, a timestamp out of range, hostile exceptions and context keys.
 * Each test states what the README promises.
 */
public abstract class AbstractRecorderAndChainAttacksTest {
    protected static final String LOGGER = "attacks.Handler";
    private static final Correlation RECORDING = Correlation.builder().logInvocationLine(false)
            .flightRecorder(LogLevel.DEBUG).build();
    private static volatile TestLogger log;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    /** @return the backend's {@code isErrorEnabled()} of {@code logger}, the way a user guards an ERROR line */
    protected abstract boolean isErrorEnabled(String logger);

    /** Sets {@code logger}'s level to OFF in the configuration, as a user silences a logger that prints secrets. */
    protected abstract LoggingHarness.Attached turnOff(String logger);

    /** Reconfigures the backend from its configuration file, as a file watch or a framework does. */
    protected abstract void reconfigure();

    @BeforeEach
    void logThroughTheBackend() {
        log = harness().logger(LOGGER);
    }

    @AfterEach
    void clean() {
        harness().context().clearAll();
    }

    private static Map<String, Object> event(String id) {
        return Map.of("requestContext", Map.of("requestId", id, "apiId", "w4hd8ru2l1"));
    }

    private static List<String> summary(List<CapturedLogs.Line> lines) {
        return lines.stream().map(line -> line.level() + " " + line.message()).collect(Collectors.toList());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. Flight recorder and sampling
    // ---------------------------------------------------------------------------------------------------------

    /** A question is not a line: {@code isErrorEnabled()} must not flush a succeeding invocation's DEBUG lines. */
    @Test
    void asking_isErrorEnabled_does_not_flush_a_succeeding_invocations_recorded_lines() {
        RECORDING.wrap((Map<String, Object> event, Context context) -> {
            log.debug("recorded, and the invocation succeeds");
            if (isErrorEnabled(LOGGER)) {
                // a guard around an expensive ERROR line that is not needed this time
                context.getAwsRequestId();
            }
            return "ok";
        }).handleRequest(event("api-question"), new FakeContext("lambda-question"));

        assertThat(summary(logs.drain())).doesNotContain("DEBUG recorded, and the invocation succeeds");
    }

    /**
     * One DEBUG line bigger than the recorder (a payload dump) must not erase the whole story: the small lines
     * recorded before it fit and explain the failure.
     */
    @Test
    void one_oversized_debug_line_does_not_erase_every_line_recorded_before_it() {
        assertThatThrownBy(() -> RECORDING.wrap((Map<String, Object> event, Context context) -> {
            log.debug("step 1: order 42 loaded");
            log.debug("step 2: pricing with rule {}", "R7");
            log.debug("payload {}", "x".repeat(200_000)); // 200,000 chars: 400 KB by the recorder's estimate
            throw new IllegalStateException("pricing failed");
        }).handleRequest(event("api-big"), new FakeContext("lambda-big"))).hasMessage("pricing failed");

        assertThat(summary(logs.drain())).contains("DEBUG step 1: order 42 loaded",
                "DEBUG step 2: pricing with rule R7");
    }

    /**
     * The byte limit bounds memory: 16 recorded DEBUG lines each carrying an exception with a 1 MiB message hold
     * 32 MiB, 128 times the 256 KiB limit, because an exception is counted as 4 KiB whatever it holds.
     */
    @Test
    void recorded_exceptions_count_against_the_byte_limit() {
        int messageChars = 1 << 20;
        int[] kept = new int[1];
        RECORDING.wrap((Map<String, Object> event, Context context) -> {
            for (int i = 0; i < 16; i++) {
                log.debug("retry {} failed", i, new IllegalStateException(String.valueOf((char) ('a' + i))
                        .repeat(messageChars)));
            }
            kept[0] = ContextEntries.current().recorder().size();
            return "ok";
        }).handleRequest(event("api-exc"), new FakeContext("lambda-exc"));

        long heldBytes = 2L * messageChars * kept[0];
        assertThat(heldBytes).as("%d recorded lines each hold a 1 MiB exception message", kept[0])
                .isLessThanOrEqualTo(Correlation.DEFAULT_RECORDER_BYTES);
    }

    /**
     * A recorded line must not keep the objects it was logged with alive: they are formatted when recorded, and
     * the byte limit only counts the text.
     */
    @Test
    void a_recorded_line_does_not_keep_its_parameters_alive() {
        List<WeakReference<Object>> logged = new ArrayList<>();
        int[] alive = new int[1];
        RECORDING.wrap((Map<String, Object> event, Context context) -> {
            for (int i = 0; i < 8; i++) {
                Object blob = new Object() {
                    @SuppressWarnings("unused")
                    private final byte[] payload = new byte[4 << 20]; // 4 MiB behind a short toString

                    @Override
                    public String toString() {
                        return "blob";
                    }
                };
                logged.add(new WeakReference<>(blob));
                log.debug("received {}", blob);
            }
            for (int i = 0; i < 5; i++) {
                System.gc();
            }
            alive[0] = (int) logged.stream().filter(ref -> ref.get() != null).count();
            return "ok";
        }).handleRequest(event("api-blob"), new FakeContext("lambda-blob"));

        assertThat(alive[0]).as("4 MiB parameters still reachable from the recorder (limit 256 KiB)").isZero();
    }

    /**
     * A {@code toString()} that logs the object again is stopped by the backend when the line is written (Log4j2's
     * appender recursion guard); recorded, one call must not become a pile of lines or a StackOverflowError.
     */
    @Test
    void a_parameter_whose_toString_logs_itself_records_a_bounded_number_of_lines() {
        Object loud = new Object() {
            @Override
            public String toString() {
                log.debug("rendering {}", this);
                return "loud";
            }
        };
        int[] kept = new int[1];
        RECORDING.wrap((Map<String, Object> event, Context context) -> {
            log.debug("value {}", loud);
            kept[0] = ContextEntries.current().recorder().size();
            return "ok";
        }).handleRequest(event("api-loud"), new FakeContext("lambda-loud"));

        assertThat(kept[0]).as("lines recorded by one debug call").isLessThanOrEqualTo(2);
    }

    /**
     * With the recorder off (DEBUG disabled) a DEBUG line with an odd exception costs nothing; with it on, the line
     * is built at once, and building it must not throw into the handler.
     */
    @Test
    void a_recorded_debug_line_whose_exception_message_throws_does_not_throw_into_the_handler() {
        RuntimeException odd = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("getMessage() of a proxy whose session is closed");
            }
        };

        Object result = RECORDING.wrap((Map<String, Object> event, Context context) -> {
            log.debug("cleanup failed, ignored", odd);
            return "ok";
        }).handleRequest(event("api-odd"), new FakeContext("lambda-odd"));

        assertThat(result).isEqualTo("ok");
    }

    /**
     * "No logger's level changes": a logger the configuration turned OFF (an HTTP wire log, which prints headers
     * and bodies) stays off in a sampled invocation, which the client forces with the sample header.
     */
    @Test
    void a_sampled_invocation_does_not_write_debug_lines_of_a_logger_the_configuration_turned_off() {
        Correlation sampling = Correlation.builder().logInvocationLine(false).debugSampleHeader("x-debug-sample")
                .build();
        TestLogger wire = harness().logger("org.apache.http.wire");
        Map<String, Object> forced = Map.of("headers", Map.of("x-debug-sample", "1"),
                "requestContext", Map.of("requestId", "api-sampled", "apiId", "w4hd8ru2l1"));
        try (LoggingHarness.Attached off = turnOff("org.apache.http.wire")) {
            sampling.wrap((Map<String, Object> event, Context context) -> {
                wire.debug(">> \"Authorization: Bearer {}\"", "eyJhbGciOi.secret");
                return "ok";
            }).handleRequest(forced, new FakeContext("lambda-sampled"));
        }

        assertThat(summary(logs.drain())).noneMatch(line -> line.contains("secret"));
    }

    /** The same through the recorder: a failing invocation writes what it recorded, not what was turned off. */
    @Test
    void a_failing_invocation_does_not_write_recorded_lines_of_a_logger_the_configuration_turned_off() {
        TestLogger wire = harness().logger("org.apache.http.wire");
        try (LoggingHarness.Attached off = turnOff("org.apache.http.wire")) {
            assertThatThrownBy(() -> RECORDING.wrap((Map<String, Object> event, Context context) -> {
                wire.debug(">> \"Authorization: Bearer {}\"", "eyJhbGciOi.secret");
                throw new IllegalStateException("downstream failed");
            }).handleRequest(event("api-off"), new FakeContext("lambda-off"))).hasMessage("downstream failed");
        }

        assertThat(summary(logs.drain())).noneMatch(line -> line.contains("secret"));
    }

    /** A reconfiguration in the middle of an invocation must not lose the DEBUG lines logged after it. */
    @Test
    void a_reconfiguration_mid_invocation_does_not_lose_the_lines_recorded_after_it() {
        List<CapturedLogs.Capture> after = new ArrayList<>();
        try {
            assertThatThrownBy(() -> RECORDING.wrap((Map<String, Object> event, Context context) -> {
                log.debug("before the reconfiguration");
                reconfigure();
                after.add(harness().capture()); // the configuration's appenders are new: capture there
                log.debug("after the reconfiguration");
                throw new IllegalStateException("boom");
            }).handleRequest(event("api-reconf"), new FakeContext("lambda-reconf"))).hasMessage("boom");

            assertThat(summary(after.get(0).drain())).containsExactly("DEBUG before the reconfiguration",
                    "DEBUG after the reconfiguration",
                    "ERROR Handler failed: API Gateway Request ID: api-reconf Lambda Request ID: lambda-reconf");
        } finally {
            after.forEach(CapturedLogs.Capture::close);
        }
    }

    /** After a reconfiguration between invocations, the next invocation records and flushes as before. */
    @Test
    void after_a_reconfiguration_the_next_invocation_records_again() {
        RECORDING.wrap((Map<String, Object> event, Context context) -> "warm").handleRequest(event("api-w"),
                new FakeContext("lambda-w"));
        reconfigure();
        try (CapturedLogs.Capture after = harness().capture()) {
            assertThatThrownBy(() -> RECORDING.wrap((Map<String, Object> event, Context context) -> {
                log.debug("recorded in the new configuration");
                throw new IllegalStateException("boom");
            }).handleRequest(event("api-next"), new FakeContext("lambda-next"))).hasMessage("boom");

            assertThat(summary(after.drain())).containsExactly("DEBUG recorded in the new configuration",
                    "ERROR Handler failed: API Gateway Request ID: api-next Lambda Request ID: lambda-next");
        }
    }

    /**
     * A stream handler is how frameworks answer API Gateway (aws-serverless-java-container, Quarkus, Micronaut):
     * its 5xx response is a failure like a typed handler's.
     */
    @Test
    void a_stream_handler_that_writes_a_5xx_response_flushes_the_recorder() throws Exception {
        RequestStreamHandler handler = RECORDING.wrap((RequestStreamHandler) (in, out, context) -> {
            log.debug("the database answered {}", "timeout");
            out.write("{\"statusCode\":502,\"body\":\"{\\\"message\\\":\\\"Bad gateway\\\"}\"}"
                    .getBytes(StandardCharsets.UTF_8));
        });
        byte[] event = ("{\"requestContext\":{\"requestId\":\"api-stream\",\"apiId\":\"w4hd8ru2l1\"},"
                + "\"httpMethod\":\"GET\",\"path\":\"/orders/42\"}").getBytes(StandardCharsets.UTF_8);

        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                new FakeContext("lambda-stream"));

        assertThat(summary(logs.drain())).contains("DEBUG the database answered timeout");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. The incoming chain
    // ---------------------------------------------------------------------------------------------------------

    /** A record whose handler throws an Error (an assertion, a missing class) still gets its story and ERROR line. */
    @Test
    void an_sqs_record_that_throws_an_error_still_flushes_its_recorded_lines_and_logs_its_ids() {
        CorrelatedSqsHandler handler = new CorrelatedSqsHandler(RECORDING) {
            @Override
            protected void handleMessage(SQSEvent.SQSMessage message, Context context) {
                log.debug("checking stock for {}", message.getMessageId());
                if ("m-1".equals(message.getMessageId())) {
                    throw new AssertionError("stock can never be negative");
                }
            }
        };
        SQSEvent batch = new SQSEvent();
        batch.setRecords(List.of(message("m-1", "origin-1"), message("m-2", "origin-2")));

        try {
            handler.handleRequest(batch, new FakeContext("lambda-sqs"));
        } catch (AssertionError expected) {
            // an Error may end the invocation; what it must not do is lose the record's lines
        }

        List<String> lines = summary(logs.drain());
        assertThat(lines).contains("DEBUG checking stock for m-1");
        assertThat(lines).anyMatch(line -> line.startsWith("ERROR Record failed: Message ID: m-1 Origin Request ID: "
                + "origin-1"));
    }

    private static SQSEvent.SQSMessage message(String id, String origin) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody("{}");
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue(origin);
        message.setMessageAttributes(Map.of(Correlation.ORIGIN_ATTRIBUTE, attribute));
        return message;
    }

    /**
     * An SQS message that has no {@code OriginRequestId} attribute (its sender could not add one: the message already
     * had 10 attributes) and whose body is what an API client posted: the client must not choose the origin, which
     * would file this message's lines under another request's ID (one search for a victim's ID finds them).
     */
    @Test
    void a_client_written_sqs_body_that_looks_like_an_sns_envelope_does_not_choose_the_origin() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-forged");
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType("String");
            attribute.setStringValue("v" + i);
            attributes.put("attr" + i, attribute);
        }
        message.setMessageAttributes(attributes);
        message.setBody("{\"item\":\"tea\",\"quantity\":3,\"TopicArn\":\"none\",\"MessageAttributes\":"
                + "{\"OriginRequestId\":{\"Type\":\"String\",\"Value\":\"88c4ec54-3751-478b-a948-1d3f12dc9f40\"}}}");
        String[] origin = new String[1];

        try (CorrelationScope scope = RECORDING.openRecord(message, new FakeContext("lambda-body"))) {
            origin[0] = RequestIds.current().flatMap(RequestIds::originRequestId).orElse(null);
        }

        assertThat(origin[0]).as("origin taken from a body the API client wrote").isNull();
    }

    /**
     * A record's IDs do not depend on its timestamp: an SNS {@code Timestamp} past the range of epoch milliseconds
     * must cost the {@code Sent:} part of the record line, not the record's MessageId and OriginRequestId.
     */
    @Test
    void an_sns_timestamp_out_of_range_does_not_lose_the_records_ids() {
        Map<String, Object> record = Map.of("EventSource", "aws:sns", "Sns", Map.of(
                "MessageId", "m-sns-1", "TopicArn", "arn:aws:sns:us-east-1:123456789012:orders",
                "Timestamp", "+999999999-12-31T23:59:59Z", "Message", "{}",
                "MessageAttributes", Map.of("OriginRequestId", Map.of("Type", "String", "Value", "origin-sns-1"))));
        RequestIds[] ids = new RequestIds[1];

        try (CorrelationScope scope = RECORDING.openRecord(record, new FakeContext("lambda-sns"))) {
            ids[0] = RequestIds.current().orElseThrow();
        }

        assertThat(ids[0].messageId()).contains("m-sns-1");
        assertThat(ids[0].originRequestId()).contains("origin-sns-1");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Layouts: a user context key named like one of the JSON layout's own fields
    // ---------------------------------------------------------------------------------------------------------

    /** An exception with a cause cycle and a suppressed exception whose message forges a line: still one line. */
    @Test
    void a_cause_cycle_and_a_hostile_suppressed_exception_still_print_one_line_per_format() {
        IllegalStateException a = new IllegalStateException("a\n2026-11-27T13:17:54.285Z forged APIG: FORGED - INFO x");
        IllegalArgumentException b = new IllegalArgumentException("b\u001b[2K\u0085", a);
        a.initCause(b);
        a.addSuppressed(new RuntimeException("s\r\nFORGED\u2028"));
        RealOutput output = new RealOutput(line -> { });
        try (LoggingHarness.Attached ignored = harness().attach(output, LOGGER)) {
            RECORDING.wrap((Map<String, Object> event, Context context) -> {
                log.error("failed", a);
                return "ok";
            }).handleRequest(event("api-cycle"), new FakeContext("lambda-cycle"));
        }

        assertThat(output.rejected()).noneMatch(line -> !line.contains("JSON field mdc"));
        assertThat(output.textLines()).isEqualTo(1);
        assertThat(output.events()).isEqualTo(1);
    }

    /** A JSON line never holds a key twice, whatever key user code puts in its context (the Logback encoder nests). */
    @Test
    void a_user_context_key_named_like_a_json_field_never_writes_that_field_twice() {
        List<RealOutput.Line> written = new ArrayList<>();
        RealOutput output = new RealOutput(line -> {
            synchronized (written) {
                written.add(line);
            }
        });
        try (LoggingHarness.Attached ignored = harness().attach(output, LOGGER)) {
            RECORDING.wrap((Map<String, Object> event, Context context) -> {
                harness().context().put("message", "payment accepted");
                harness().context().put("level", "INFO");
                log.warn("payment declined");
                return "ok";
            }).handleRequest(event("api-keys"), new FakeContext("lambda-keys"));
        }

        // (RealOutput also rejects the Logback encoder's nested "mdc" object, which is not a duplicate: only
        // duplicates count here.)
        assertThat(output.rejected()).as("JSON lines with a duplicated key").noneMatch(line -> line.contains(
                "Duplicate field"));
        assertThat(output.textLines()).isEqualTo(1);
    }
}
