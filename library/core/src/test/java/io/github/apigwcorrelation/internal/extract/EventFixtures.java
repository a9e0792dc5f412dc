package io.github.apigwcorrelation.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.github.apigwcorrelation.RequestIds.Source;
import io.github.apigwcorrelation.fixtures.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures for extraction: the event files under {@code src/test/resources/events/}, turned into exactly
 * what a handler receives from the Java runtime, and the ways an event can reach the extractor.
 */
public final class EventFixtures {
    private EventFixtures() {}

    /** The ways a handler can receive one and the same event. */
    enum Mode {
        /** The runtime deserializes the event into the handler's typed input class (events class or user POJO). */
        TYPED {
            @Override
            Extracted extract(String json, Class<?> type, List<PointerPath> pointers) {
                Object event = asHandlerInput(json, type);
                assertThat(event).isInstanceOf(type);
                return EventExtractor.extract(event, pointers);
            }
        },
        /** The handler takes {@code Map<String, Object>}: the runtime builds nested maps and lists. */
        MAP {
            @Override
            Extracted extract(String json, Class<?> type, List<PointerPath> pointers) {
                return EventExtractor.extract(asMap(json), pointers);
            }
        },
        /** The event reaches the extractor as a JSON string. */
        JSON_STRING {
            @Override
            Extracted extract(String json, Class<?> type, List<PointerPath> pointers) {
                return EventExtractor.extract(json, pointers);
            }
        },
        /** A {@code RequestStreamHandler}: the raw bytes are scanned, and the handler must get them back intact. */
        STREAM {
            @Override
            Extracted extract(String json, Class<?> type, List<PointerPath> pointers) {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                StreamScanner.Scan scan = StreamScanner.scan(new ByteArrayInputStream(bytes), pointers);
                assertThat(readAll(scan.replay())).as("replayed bytes").isEqualTo(bytes);
                return scan.ids();
            }
        };

        abstract Extracted extract(String json, Class<?> type, List<PointerPath> pointers);

        Extracted extract(String json, Class<?> type) {
            return extract(json, type, List.of());
        }
    }

    /** Holds the generic type a {@code RequestHandler<Map<String, Object>, ?>} declares. */
    @SuppressWarnings("unused")
    private static Map<String, Object> mapInput;

    private static final Type MAP_TYPE;

    static {
        try {
            MAP_TYPE = EventFixtures.class.getDeclaredField("mapInput").getGenericType();
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @return the event file's text */
    static String json(String file) {
        try (InputStream in = EventFixtures.class.getResourceAsStream("/events/" + file)) {
            assertThat(in).as("test resource /events/%s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deserializes the way the Java runtime does for a {@code RequestHandler<T, ?>}: its event serializers for
     * the events it knows, its Jackson configuration for everything else (other events classes, user POJOs).
     */
    static <T> T asHandlerInput(String json, Class<T> type) {
        PojoSerializer<T> serializer = LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, type.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type);
        return serializer.fromJson(json);
    }

    /** Deserializes the way the Java runtime does for a {@code RequestHandler<Map<String, Object>, ?>}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(String json) {
        return (Map<String, Object>) JacksonFactory.getInstance().getSerializer(MAP_TYPE).fromJson(json);
    }

    /** @return {@code value} as a JSON string literal, quotes included; control and non-ASCII characters escaped */
    public static String quoted(String value) {
        return Json.quoted(value);
    }

    static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the extracted IDs and that nothing was dropped. */
    static void assertFound(Extracted ids, String requestId, String extendedRequestId, Source source) {
        assertThat(ids)
                .as("%s", ids)
                .extracting(Extracted::requestId, Extracted::extendedRequestId, Extracted::source, Extracted::problem)
                .containsExactly(requestId, extendedRequestId, source, null);
    }

    /** Asserts no ID was found and the problem mentions each of {@code explanation}. */
    static void assertMissing(Extracted ids, String... explanation) {
        assertThat(ids.requestId()).as("request ID of %s", ids).isNull();
        assertThat(ids.extendedRequestId()).as("extended request ID of %s", ids).isNull();
        assertThat(ids.source()).as("source of %s", ids).isEqualTo(Source.NONE);
        assertThat(ids.problem()).as("problem of %s", ids).isNotBlank();
        if (explanation.length > 0) {
            assertThat(ids.problem()).as("problem of %s", ids).contains(explanation);
        }
    }
}
