package io.github.apigwcorrelation.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.example.orders.CreateOrderHandler;
import com.example.orders.GetOrderHandler;
import com.example.orders.ListOrdersHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Each file of {@code events/} with the sample handler its route invokes, and the runtime's way of turning
 * the file into the handler's input.
 */
final class SampleRoutes {
    static final Map<String, Class<? extends RequestHandler<?, ?>>> HANDLERS = Map.of(
            "rest-proxy-get-order.json", GetOrderHandler.class,
            "rest-nonproxy-create-order.json", CreateOrderHandler.class,
            "http-api-list-orders.json", ListOrdersHandler.class);
    /**
     * The event files of the sample's SQS consumer, with its class by name: only the Log4j2 build has it (the
     * Logback runs never load it).
     */
    static final Map<String, String> CONSUMERS = Map.of("sqs-order-created.json", "com.example.orders.FulfilOrderHandler");

    private SampleRoutes() {}

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path eventsDir() {
        return repoRoot().resolve("events");
    }

    static String read(String eventFile) {
        try {
            return Files.readString(eventsDir().resolve(eventFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A handler instance kept across invokes, as the runtime keeps one per execution environment. */
    static RequestHandler<Object, Object> newHandler(Class<? extends RequestHandler<?, ?>> type) {
        try {
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> handler =
                    (RequestHandler<Object, Object>) type.getDeclaredConstructor().newInstance();
            return handler;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deserializes JSON as the Java runtime does for the handler's declared input type. */
    static Object deserialize(Class<? extends RequestHandler<?, ?>> handler, String json) {
        Type input = ((ParameterizedType) handler.getGenericSuperclass()).getActualTypeArguments()[0];
        Class<?> raw = input instanceof ParameterizedType
                ? (Class<?>) ((ParameterizedType) input).getRawType() : (Class<?>) input;
        PojoSerializer<?> serializer = LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())
                ? LambdaEventSerializers.serializerFor(raw, handler.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(input);
        return serializer.fromJson(json);
    }

    static String functionName(Class<?> handler) {
        return "apigw-correlation-sample-" + handler.getSimpleName().replace("Handler", "Function");
    }

    /** Invokes a consumer of {@link #CONSUMERS} like the runtime: the JSON as an {@code SQSEvent}, then {@code handleRequest}. */
    static Object invokeConsumer(String className, String json, Context context) {
        try {
            @SuppressWarnings("unchecked")
            RequestHandler<SQSEvent, Object> handler = (RequestHandler<SQSEvent, Object>) Class.forName(className)
                    .getDeclaredConstructor().newInstance();
            return handler.handleRequest(LambdaEventSerializers.serializerFor(SQSEvent.class, handler.getClass().getClassLoader())
                    .fromJson(json), context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invokes like the runtime: the event file's JSON, deserialized, then {@code handleRequest}. */
    static Object invoke(RequestHandler<Object, Object> handler, String json, Context context) {
        @SuppressWarnings("unchecked")
        Class<? extends RequestHandler<?, ?>> type = (Class<? extends RequestHandler<?, ?>>) handler.getClass();
        return handler.handleRequest(deserialize(type, json), context);
    }
}
