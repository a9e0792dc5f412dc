package io.github.apigwcorrelation.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.github.apigwcorrelation.CorrelatedRequestHandler;
import io.github.apigwcorrelation.CorrelatedStreamHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.corpus.CorpusManifest.Exclusion;
import io.github.apigwcorrelation.corpus.CorpusManifest.Expected;
import io.github.apigwcorrelation.corpus.CorpusManifest.Sample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every entry point of the library logs the IDs our manifest expects on every real event sample that AWS
 * and AWS's open-source libraries publish in their packages (issue 14 §1): the API Gateway request ID of
 * API Gateway events only, the X-Ray root of ALB events, and the placeholder for every other AWS event,
 * even one that carries a {@code requestContext.requestId} of its own (Function URLs, destination records,
 * AppSync authorizers).
 *
 * <p>The samples are read from the packages that {@code .ci/run} installs into {@code .ci/.venv/corpus}
 * ({@link CorpusPackage}); {@code corpus/samples.tsv} pins them and holds our expectations. A missing
 * package fails with the command that installs it.
 */
@Tag("needs-tools")
class RealEventCorpusTest {
    private static final String LAMBDA_REQUEST_ID = "6f1d9c3a-2b7e-4c15-9a08-d3e4f5a6b7c8";

    /** The ways in: how a handler can receive one and the same event. */
    enum EntryPoint {
        /** A {@link CorrelatedRequestHandler} of the events class, given the event as the runtime deserializes it. */
        TYPED_BASE_CLASS("CorrelatedRequestHandler<typed event>", true) {
            @Override
            RequestIds invoke(Sample sample, byte[] event, Context context) {
                TypedHandler<Object> handler = new TypedHandler<>();
                assertThat(handler.handleRequest(typed(sample, event), context)).isEqualTo("handled");
                return handler.seen.only();
            }
        },
        /** {@link Correlation#open} on the typed event, the way in for a scope the user manages. */
        TYPED_OPEN("Correlation.open(typed event)", true) {
            @Override
            RequestIds invoke(Sample sample, byte[] event, Context context) {
                Seen seen = new Seen();
                try (CorrelationScope scope = Correlation.defaults().open(typed(sample, event), context)) {
                    seen.record();
                    assertThat(scope.ids()).isEqualTo(seen.only());
                }
                return seen.only();
            }
        },
        /** A wrapped {@code RequestHandler<Map<String, Object>, ?>}, given the nested maps the runtime builds. */
        MAP_WRAPPER("Correlation.wrap(RequestHandler<Map>)", false) {
            @Override
            RequestIds invoke(Sample sample, byte[] event, Context context) {
                Seen seen = new Seen();
                RequestHandler<Map<String, Object>, String> handler = (input, ctx) -> {
                    seen.record();
                    return "handled";
                };
                assertThat(Correlation.defaults().wrap(handler).handleRequest(asMap(event), context)).isEqualTo("handled");
                return seen.only();
            }
        },
        /** A wrapped {@code RequestHandler<String, ?>}, given the event's JSON text. */
        STRING_WRAPPER("Correlation.wrap(RequestHandler<String>)", false) {
            @Override
            RequestIds invoke(Sample sample, byte[] event, Context context) {
                Seen seen = new Seen();
                RequestHandler<String, String> handler = (input, ctx) -> {
                    seen.record();
                    return "handled";
                };
                String json = new String(event, StandardCharsets.UTF_8);
                assertThat(Correlation.defaults().wrap(handler).handleRequest(json, context)).isEqualTo("handled");
                return seen.only();
            }
        },
        /** A wrapped {@link RequestStreamHandler}, given the raw bytes: it must read them back intact. */
        STREAM_WRAPPER("Correlation.wrap(RequestStreamHandler)", false) {
            @Override
            RequestIds invoke(Sample sample, byte[] event, Context context) throws IOException {
                Seen seen = new Seen();
                RequestStreamHandler handler = (input, output, ctx) -> {
                    seen.record();
                    input.transferTo(output);
                };
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Correlation.defaults().wrap(handler).handleRequest(new ByteArrayInputStream(event), out, context);
                assertThat(out.toByteArray()).as("the bytes the handler read").isEqualTo(event);
                return seen.only();
            }
        },
        /** A {@link CorrelatedStreamHandler}, given the raw bytes: it must read them back intact. */
        STREAM_BASE_CLASS("CorrelatedStreamHandler", false) {
            @Override
            RequestIds invoke(Sample sample, byte[] event, Context context) throws IOException {
                EchoStreamHandler handler = new EchoStreamHandler();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(event), out, context);
                assertThat(out.toByteArray()).as("the bytes the handler read").isEqualTo(event);
                return handler.seen.only();
            }
        };

        private final String description;
        private final boolean typed;

        EntryPoint(String description, boolean typed) {
            this.description = description;
            this.typed = typed;
        }

        /** @return the IDs the handler saw, after checking it ran once and got the event */
        abstract RequestIds invoke(Sample sample, byte[] event, Context context) throws IOException;

        /** A typed entry point applies only to a sample that an events class fits. */
        boolean appliesTo(Sample sample) {
            return !typed || sample.typedClass() != null;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> samplesTimesEntryPoints() {
        List<Arguments> cases = new ArrayList<>();
        for (Sample sample : CorpusManifest.samples(Correlation.DEFAULT_PLACEHOLDER)) {
            for (EntryPoint entryPoint : EntryPoint.values()) {
                if (entryPoint.appliesTo(sample)) {
                    cases.add(Arguments.of(sample, entryPoint));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("samplesTimesEntryPoints")
    void logs_the_request_ids_the_manifest_expects(Sample sample, EntryPoint entryPoint) throws IOException {
        try {
            byte[] event = sample.read();

            RequestIds ids = entryPoint.invoke(sample, event, new FakeContext(LAMBDA_REQUEST_ID));

            assertThat(new Expected(ids.apiGatewayRequestId(), ids.extendedRequestId().orElse(null), ids.source()))
                    .as("IDs%s", sample.note().isEmpty() ? "" : " (" + sample.note() + ")")
                    .isEqualTo(sample.expected());
            assertThat(ids.lambdaRequestId()).as("Lambda request ID").isEqualTo(LAMBDA_REQUEST_ID);
            assertThat(RequestIds.current()).as("IDs after the handler returned").isEmpty();
        } catch (AssertionError | RuntimeException failure) {
            // Reports name a parameterized case by its index only: the message must name the case itself.
            throw new AssertionError(sample + " via " + entryPoint + ": " + failure.getMessage(), failure);
        }
    }

    @Test
    void the_pinned_packages_hold_exactly_the_samples_and_exclusions_the_manifest_names() {
        List<Sample> samples = CorpusManifest.samples(Correlation.DEFAULT_PLACEHOLDER);
        List<Exclusion> exclusions = CorpusManifest.exclusions();
        Map<CorpusPackage, Set<String>> named = new LinkedHashMap<>();
        samples.forEach(s -> named.computeIfAbsent(s.pkg(), p -> new LinkedHashSet<>()).add(s.path()));
        exclusions.forEach(e -> named.computeIfAbsent(e.pkg(), p -> new LinkedHashSet<>()).add(e.path()));
        named.keySet().forEach(CorpusPackage::assertInstalled);

        List<String> problems = new ArrayList<>();
        for (Map.Entry<CorpusPackage, Set<String>> entry : named.entrySet()) {
            CorpusPackage pkg = entry.getKey();
            Set<String> folders = entry.getValue().stream().map(CorpusPackage::folderOf)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Set<String> shipped = new LinkedHashSet<>();
            folders.forEach(folder -> shipped.addAll(pkg.samplesIn(folder)));
            for (String path : shipped) {
                if (!entry.getValue().contains(path)) {
                    problems.add(pkg + " " + path + " is neither a sample nor excluded");
                }
            }
            for (String path : entry.getValue()) {
                if (!shipped.contains(path)) {
                    problems.add(pkg + " has no " + path);
                }
            }
        }
        Set<String> both = samples.stream().map(s -> s.pkg() + " " + s.path()).collect(Collectors.toSet());
        exclusions.stream().map(e -> e.pkg() + " " + e.path()).filter(both::contains)
                .forEach(path -> problems.add(path + " is both a sample and excluded"));
        assertThat(problems).as("every JSON file of the sample folders is accounted for").isEmpty();
        assertThat(exclusions).allSatisfy(e -> assertThat(e.reason()).as("reason for %s", e.path()).isNotBlank());
    }

    @Test
    void the_corpus_covers_every_api_gateway_flavour_alb_function_urls_and_ten_other_aws_events() {
        List<Sample> samples = CorpusManifest.samples(Correlation.DEFAULT_PLACEHOLDER);
        Map<String, Long> byType = samples.stream()
                .collect(Collectors.groupingBy(Sample::eventType, TreeMap::new, Collectors.counting()));
        Set<String> apiGatewayAlbAndFunctionUrls = Set.of("rest-proxy", "rest-authorizer-request", "rest-authorizer-token",
                "http-api-2.0", "http-api-1.0", "http-api-authorizer-1.0", "http-api-authorizer-2.0",
                "websocket-connect", "websocket-message", "websocket-disconnect", "websocket-authorizer",
                "alb-single-value", "alb-multi-value", "function-url");
        Collection<String> others = byType.keySet().stream().filter(t -> !apiGatewayAlbAndFunctionUrls.contains(t)).toList();

        assertThat(samples).as("samples").hasSizeGreaterThanOrEqualTo(60);
        assertThat(byType).as("samples per event type").containsKeys(apiGatewayAlbAndFunctionUrls.toArray(String[]::new));
        assertThat(others).as("other AWS event types").hasSizeGreaterThanOrEqualTo(10).contains("sqs", "sns", "s3",
                "eventbridge-scheduled", "dynamodb-stream", "kinesis", "vpc-lattice-v1", "vpc-lattice-v2",
                "lambda-destination", "cognito-user-pool", "cloudformation-custom-resource");
        assertThat(samples).filteredOn(s -> !apiGatewayAlbAndFunctionUrls.contains(s.eventType()))
                .as("no event from outside API Gateway and ALB may yield an ID")
                .allSatisfy(s -> assertThat(s.expected().source()).isEqualTo(RequestIds.Source.NONE));
    }

    /** Deserializes as the Java runtime does for a {@code RequestHandler} of the sample's events class. */
    static Object typed(Sample sample, byte[] event) {
        Class<?> type;
        try {
            type = Class.forName("com.amazonaws.services.lambda.runtime.events." + sample.typedClass());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("samples.tsv names " + sample.typedClass() + " for " + sample
                    + ", which aws-lambda-java-events does not have", e);
        }
        Object typed;
        try {
            typed = serializerFor(type).fromJson(new ByteArrayInputStream(event));
        } catch (RuntimeException e) {
            throw new AssertionError("the runtime's serializer cannot read " + sample + " as " + type.getSimpleName(), e);
        }
        assertThat(typed).isInstanceOf(type);
        return typed;
    }

    /** The runtime's own event serializers for the events it knows, its Jackson configuration for the rest. */
    private static PojoSerializer<?> serializerFor(Class<?> type) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type);
    }

    /** Holds the generic type a {@code RequestHandler<Map<String, Object>, ?>} declares. */
    @SuppressWarnings("unused")
    private static Map<String, Object> mapInput;

    /** Deserializes as the Java runtime does for a {@code RequestHandler<Map<String, Object>, ?>}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(byte[] event) {
        try {
            Type mapType = RealEventCorpusTest.class.getDeclaredField("mapInput").getGenericType();
            return (Map<String, Object>) JacksonFactory.getInstance().getSerializer(mapType)
                    .fromJson(new ByteArrayInputStream(event));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the handler saw: one invocation, and the IDs current inside it. */
    static final class Seen {
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicReference<RequestIds> ids = new AtomicReference<>();

        void record() {
            calls.incrementAndGet();
            ids.set(RequestIds.current().orElseThrow(() -> new AssertionError("no IDs inside the handler")));
        }

        RequestIds only() {
            assertThat(calls.get()).as("times the handler ran").isEqualTo(1);
            return ids.get();
        }
    }

    /** A typed handler as a user writes it. */
    static final class TypedHandler<T> extends CorrelatedRequestHandler<T, String> {
        final Seen seen = new Seen();

        @Override
        protected String handle(T input, Context context) {
            assertThat(input).as("the event").isNotNull();
            seen.record();
            return "handled";
        }
    }

    /** A stream handler as a user writes it: echoes the event. */
    static final class EchoStreamHandler extends CorrelatedStreamHandler {
        final Seen seen = new Seen();

        @Override
        protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
            seen.record();
            input.transferTo(output);
        }
    }
}
