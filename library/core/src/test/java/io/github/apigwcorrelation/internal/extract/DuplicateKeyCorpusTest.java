package io.github.apigwcorrelation.internal.extract;

import static io.github.apigwcorrelation.internal.extract.EventFixtures.asHandlerInput;
import static io.github.apigwcorrelation.internal.extract.EventFixtures.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.internal.extract.EventFixtures.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Duplicate keys, the hole a client could use behind a mapping template that writes its text before the IDs:
 * every reader must resolve a repeated key exactly as the Lambda runtime's Jackson does (the last value wins,
 * whole, at every depth). A generated corpus repeats each key that leads to an ID, at every depth, as object
 * then object, scalar then object, object then scalar, null then object and object then null, with the forged
 * value first or last, with and without a large body between the two. For every event the truth is the
 * runtime's own {@code Map} of it: the string and stream readers, the {@code Map} reader and, where the runtime
 * can deserialize it, the typed reader must all give the same IDs.
 */
class DuplicateKeyCorpusTest {
    private static final String REAL = "5b8e0f3c-2a47-4d91-b6c2-7e19a04d3f58";
    private static final String FORGED = "11111111-1111-4111-8111-111111111111";
    private static final String REAL_EXT = "RtZ3kjQ2IAMEV5g=";
    private static final String FORGED_EXT = "FORGEDforgedFRG=";
    private static final String REAL_ROOT = "1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c";
    private static final String FORGED_ROOT = "1-11111111-111111111111111111111111";
    private static final String FILLER = "\"body\": \"" + "x".repeat(200_000) + "\", ";

    /** One shape of event: where the duplicated value lives, and the typed class that can hold it. */
    private enum Shape {
        REST_CONTEXT(APIGatewayProxyRequestEvent.class) {
            @Override
            String object(String id, String ext) {
                return "{\"requestId\": \"" + id + "\", \"extendedRequestId\": \"" + ext
                        + "\", \"apiId\": \"w4hd8ru2l1\", \"stage\": \"prod\"}";
            }

            @Override
            String idKey() {
                return "requestId";
            }

            @Override
            String top() {
                return "requestContext";
            }
        },
        HTTP_CONTEXT(APIGatewayV2HTTPEvent.class) {
            @Override
            String object(String id, String ext) {
                return "{\"requestId\": \"" + id + "\", \"apiId\": \"z7yx3vu9ts\", \"http\": {\"method\": \"GET\"}}";
            }

            @Override
            String idKey() {
                return "requestId";
            }

            @Override
            String top() {
                return "requestContext";
            }
        },
        MAPPING_TEMPLATE(null) {
            @Override
            String object(String id, String ext) {
                return "{\"request-id\": \"" + id + "\", \"extended-request-id\": \"" + ext + "\"}";
            }

            @Override
            String idKey() {
                return "request-id";
            }

            @Override
            String top() {
                return "context";
            }
        },
        ALB_HEADERS(ApplicationLoadBalancerRequestEvent.class) {
            @Override
            String object(String id, String ext) {
                return "{\"x-amzn-trace-id\": \"Root=" + (id.equals(REAL) ? REAL_ROOT : FORGED_ROOT)
                        + ";Sampled=0\", \"host\": \"orders.example.com\"}";
            }

            @Override
            String idKey() {
                return "x-amzn-trace-id";
            }

            @Override
            String top() {
                return "headers";
            }

            @Override
            String prefix() {
                return "\"requestContext\": {\"elb\": {\"targetGroupArn\": \"arn:aws:elasticloadbalancing:us-east-1:"
                        + "123456789012:targetgroup/orders/1a2b\"}}, ";
            }
        };

        final Class<?> typed;

        Shape(Class<?> typed) {
            this.typed = typed;
        }

        abstract String object(String id, String ext);

        abstract String idKey();

        abstract String top();

        String prefix() {
            return "";
        }
    }

    /** How the key is repeated. */
    private enum Repeat {
        /** {@code "top": {forged}, "top": {real}}, or the reverse. */
        OBJECT_THEN_OBJECT,
        /** {@code "top": "scalar", "top": {...}}. */
        SCALAR_THEN_OBJECT,
        /** {@code "top": {...}, "top": "scalar"}: the object is gone. */
        OBJECT_THEN_SCALAR,
        /** {@code "top": null, "top": {...}}. */
        NULL_THEN_OBJECT,
        /** {@code "top": {...}, "top": null}. */
        OBJECT_THEN_NULL,
        /** One object, the ID key inside it twice. */
        INNER_KEY_TWICE,
        /** {@code "top": {forged}, "top": {real with its ID key twice}}: both depths at once. */
        BOTH_DEPTHS
    }

    static Stream<Arguments> corpus() {
        List<Arguments> all = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Repeat repeat : Repeat.values()) {
                for (boolean realLast : new boolean[] {true, false}) {
                    for (boolean filler : new boolean[] {false, true}) {
                        String json = event(shape, repeat, realLast, filler);
                        String name = shape + " " + repeat + (realLast ? " real last" : " forged last")
                                + (filler ? " with a 200 KB body between" : "");
                        boolean lastIsObject = repeat != Repeat.OBJECT_THEN_SCALAR && repeat != Repeat.OBJECT_THEN_NULL;
                        String expected = !lastIsObject ? null : shape == Shape.ALB_HEADERS
                                ? (realLast ? REAL_ROOT : FORGED_ROOT) : (realLast ? REAL : FORGED);
                        for (Mode mode : Mode.values()) {
                            if (mode != Mode.TYPED || shape.typed != null) {
                                all.add(Arguments.of(name, mode, shape, json, expected));
                            }
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    private static String event(Shape shape, Repeat repeat, boolean realLast, boolean filler) {
        String first = realLast ? FORGED : REAL;
        String last = realLast ? REAL : FORGED;
        String firstObject = shape.object(first, first.equals(REAL) ? REAL_EXT : FORGED_EXT);
        String lastObject = shape.object(last, last.equals(REAL) ? REAL_EXT : FORGED_EXT);
        String between = filler ? FILLER : "";
        String top = "\"" + shape.top() + "\": ";
        String body;
        switch (repeat) {
            case OBJECT_THEN_OBJECT:
                body = top + firstObject + ", " + between + top + lastObject;
                break;
            case SCALAR_THEN_OBJECT:
                body = top + "\"" + first + "\", " + between + top + lastObject;
                break;
            case OBJECT_THEN_SCALAR:
                body = top + firstObject + ", " + between + top + "\"" + last + "\"";
                break;
            case NULL_THEN_OBJECT:
                body = top + "null, " + between + top + lastObject;
                break;
            case OBJECT_THEN_NULL:
                body = top + firstObject + ", " + between + top + "null";
                break;
            case INNER_KEY_TWICE:
                body = top + innerTwice(shape, firstObject, lastObject);
                break;
            default:
                body = top + firstObject + ", " + between + top + innerTwice(shape, firstObject, lastObject);
        }
        return "{" + shape.prefix() + body + "}";
    }

    /** The last object with the first object's ID entry put in front of its own: {@code {"id": 1, ..., "id": 2}}. */
    private static String innerTwice(Shape shape, String firstObject, String lastObject) {
        String key = "\"" + shape.idKey() + "\": ";
        int start = firstObject.indexOf(key);
        int end = firstObject.indexOf("\"", firstObject.indexOf("\"", start + key.length()) + 1) + 1;
        return "{" + firstObject.substring(start, end) + ", " + lastObject.substring(1);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("corpus")
    void every_reader_resolves_a_repeated_key_as_the_lambda_runtime_does(String name, Mode mode, Shape shape,
            String json, String lastId) {
        // The truth is the runtime's own Map of the event, and it holds the last value of every repeated key.
        Map<String, Object> asTheRuntimeSeesIt = asMap(json);
        Extracted truth = EventExtractor.extract(asTheRuntimeSeesIt, List.of());
        assertThat(truth.requestId()).as("the runtime's view of %s", name).isEqualTo(lastId);

        Extracted read;
        if (mode == Mode.TYPED) {
            Object typed = typedOrNull(shape, json);
            if (typed == null) {
                // A scalar where the typed event has an object: the runtime cannot build the typed event, so no
                // typed handler ever runs on it, and there is nothing to compare.
                assertThat(json).contains("\"" + shape.top() + "\": \"");
                return;
            }
            read = EventExtractor.extract(typed, List.of());
        } else {
            read = mode.extract(json, Map.class);
        }

        assertThat(List.of(String.valueOf(read.requestId()), String.valueOf(read.extendedRequestId()), read.source()))
                .as("%s read as %s: %s; the runtime's Map gives %s", name, mode, read, truth)
                .isEqualTo(List.of(String.valueOf(truth.requestId()), String.valueOf(truth.extendedRequestId()),
                        truth.source()));
        assertThat(truth.source() == Source.NONE).isEqualTo(lastId == null);
        if (REAL.equals(lastId) && shape != Shape.HTTP_CONTEXT) {
            assertThat(read.extendedRequestId()).isEqualTo(REAL_EXT);
        }
    }

    private static Object typedOrNull(Shape shape, String json) {
        if (shape.typed == null) {
            return null;
        }
        try {
            return asHandlerInput(json, shape.typed);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
