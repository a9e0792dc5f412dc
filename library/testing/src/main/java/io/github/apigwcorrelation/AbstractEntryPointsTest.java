package io.github.apigwcorrelation;

import io.github.apigwcorrelation.fixtures.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Role 4: the base classes and wrappers run the handler always, log the optional lines, rethrow unchanged. */
public abstract class AbstractEntryPointsTest {
    /** The logger of the handlers below: set from the harness before each test (the handlers are static). */
    private static volatile TestLogger log;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @BeforeEach
    void handlersLogThroughTheBackend() {
        log = harness().logger(AbstractEntryPointsTest.class.getName());
    }

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    /** A typed handler as a user writes it. */
    static final class EchoHandler extends CorrelatedRequestHandler<Map<String, Object>, String> {
        EchoHandler() {}

        EchoHandler(Correlation correlation) {
            super(correlation);
        }

        @Override
        protected String handle(Map<String, Object> input, Context context) {
            log.info("handling");
            if (input != null && input.containsKey("fail")) {
                throw (RuntimeException) input.get("fail");
            }
            return "done";
        }
    }

    /** A stream handler as a user writes it: echoes the event. */
    static final class EchoStreamHandler extends CorrelatedStreamHandler {
        @Override
        protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
            log.info("streaming");
            input.transferTo(output);
        }
    }

    static Map<String, Object> mappingTemplate(String requestId) {
        return Map.of("body-json", Map.of(), "context", Map.of("request-id", requestId));
    }

    @Test
    void the_first_line_names_both_ids_then_the_handler_runs() {
        FakeContext context = new FakeContext();
        String result = new EchoHandler().handleRequest(mappingTemplate("req-1"), context);

        assertThat(result).isEqualTo("done");
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).extracting(CapturedLogs.Line::message).containsExactly(
                "API Gateway Request ID: req-1 Lambda Request ID: " + context.getAwsRequestId(), "handling");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.apiGatewayId()).isEqualTo("req-1");
            assertThat(line.lambdaId()).isEqualTo(context.getAwsRequestId());
        });
    }

    @Test
    void the_first_line_can_be_switched_off() {
        new EchoHandler(Correlation.builder().logInvocationLine(false).build())
                .handleRequest(mappingTemplate("req-2"), new FakeContext());
        assertThat(logs.drain()).extracting(CapturedLogs.Line::message).containsExactly("handling");
    }

    @Test
    void a_throwing_handler_gets_one_error_line_with_both_ids_and_the_same_exception_rethrown() {
        IllegalStateException failure = new IllegalStateException("boom");
        FakeContext context = new FakeContext();

        assertThatThrownBy(() -> new EchoHandler().handleRequest(Map.of("fail", failure,
                "context", Map.of("request-id", "req-3")), context)).isSameAs(failure);

        List<CapturedLogs.Line> errors = logs.drain().stream().filter(l -> l.level().equals("ERROR")).toList();
        assertThat(errors).singleElement().satisfies(line -> {
            assertThat(line.message()).isEqualTo(
                    "Handler failed: API Gateway Request ID: req-3 Lambda Request ID: " + context.getAwsRequestId());
            assertThat(line.thrown()).isSameAs(failure);
            assertThat(line.apiGatewayId()).isEqualTo("req-3");
        });
        assertThat(RequestIds.current()).isEmpty();
        assertThat(harness().context().map()).isEmpty();
    }

    @Test
    void the_error_line_can_be_switched_off_and_the_exception_still_propagates() {
        IllegalStateException failure = new IllegalStateException("boom");
        EchoHandler handler = new EchoHandler(Correlation.builder().logHandlerErrors(false).build());
        assertThatThrownBy(() -> handler.handleRequest(Map.of("fail", failure), new FakeContext())).isSameAs(failure);
        assertThat(logs.drain()).noneMatch(line -> line.level().equals("ERROR"));
    }

    @Test
    void a_null_event_and_a_null_context_still_reach_the_handler_with_one_warning() {
        String result = new EchoHandler().handleRequest(null, null);

        assertThat(result).isEqualTo("done");
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).filteredOn(line -> line.level().equals("WARN")).singleElement()
                .satisfies(warn -> assertThat(warn.message()).isEqualTo(
                        "apigw-correlation: the event is null; the Lambda context is null; logging '-' in its place"));
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.apiGatewayId()).isEqualTo("-");
            assertThat(line.lambdaId()).isEqualTo("-");
        });
    }

    @Test
    void the_wrapper_correlates_a_handler_that_cannot_extend_the_base_class() {
        AtomicReference<RequestIds> seen = new AtomicReference<>();
        RequestHandler<Map<String, Object>, String> existing = (input, context) -> {
            seen.set(RequestIds.current().orElseThrow());
            return "ok";
        };
        FakeContext context = new FakeContext();

        String result = Correlation.defaults().wrap(existing).handleRequest(mappingTemplate("req-4"), context);

        assertThat(result).isEqualTo("ok");
        assertThat(seen.get().apiGatewayRequestId()).isEqualTo("req-4");
        assertThat(seen.get().source()).isEqualTo(RequestIds.Source.MAPPING_TEMPLATE);
        assertThat(seen.get().lambdaRequestId()).isEqualTo(context.getAwsRequestId());
        assertThat(RequestIds.current()).isEmpty();
    }

    @Test
    void the_stream_handler_reads_the_exact_bytes_that_were_sent() throws IOException {
        String event = "{\"requestContext\":{\"requestId\":\"req-5\",\"extendedRequestId\":\"ext5=\",\"apiId\":\"a1\"},"
                + "\"body\":\"" + "x".repeat(100_000) + "\"}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FakeContext context = new FakeContext();

        new EchoStreamHandler().handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(event);
        assertThat(logs.drain()).extracting(CapturedLogs.Line::apiGatewayId).containsOnly("req-5");
    }

    @Test
    void a_truncated_stream_event_reaches_the_handler_byte_for_byte_with_one_warning() throws IOException {
        byte[] truncated = "{\"requestContext\":{\"requestId\":\"req-6".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new EchoStreamHandler().handleRequest(new ByteArrayInputStream(truncated), out, new FakeContext());

        assertThat(out.toByteArray()).isEqualTo(truncated);
        List<CapturedLogs.Line> lines = logs.drain();
        assertThat(lines).filteredOn(line -> line.level().equals("WARN")).singleElement()
                .satisfies(warn -> assertThat(warn.message()).startsWith("apigw-correlation: the event is not valid JSON"));
        assertThat(lines).extracting(CapturedLogs.Line::apiGatewayId).containsOnly("-");
    }

    @Test
    void the_stream_wrapper_propagates_the_handlers_io_exception_unchanged() {
        IOException failure = new IOException("disk full");
        RequestStreamHandler failing = (input, output, context) -> {
            throw failure;
        };
        assertThatThrownBy(() -> Correlation.defaults().wrap(failing).handleRequest(
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                new FakeContext())).isSameAs(failure);
        assertThat(logs.drain()).filteredOn(line -> line.level().equals("ERROR")).singleElement()
                .satisfies(line -> assertThat(line.thrown()).isSameAs(failure));
    }

    @Test
    void builder_rejects_bad_settings_with_a_message_naming_them() {
        assertThatThrownBy(() -> Correlation.builder().requestIdKey("AWSRequestId"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requestIdKey cannot be 'AWSRequestId': that key holds the Lambda request ID");
        assertThatThrownBy(() -> Correlation.builder().extendedRequestIdKey("has space"))
                .hasMessage("extendedRequestIdKey must be non-empty printable ASCII without spaces, was 'has space'");
        assertThatThrownBy(() -> Correlation.builder().requestIdKey("same").extendedRequestIdKey("same").build())
                .hasMessage("requestIdKey and extendedRequestIdKey are both 'same': they must differ");
        assertThatThrownBy(() -> Correlation.builder().placeholder("a\nb"))
                .hasMessageStartingWith("placeholder is not usable: it contains the control character U+000A");
        assertThatThrownBy(() -> Correlation.builder().requestIdPointers("meta/id"))
                .hasMessageStartingWith("request ID pointer 'meta/id' is not a JSON Pointer (RFC 6901)");
    }
}
