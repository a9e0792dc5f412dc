package io.github.apigwcorrelation;

import io.github.apigwcorrelation.fixtures.FakeContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.github.apigwcorrelation.testing.CapturedLogs;
import io.github.apigwcorrelation.testing.LoggingHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code Handler} setting of {@code Class::handleRequest} makes the Java runtime deserialize the event for
 * the erased {@code handleRequest(Object, Context)} of the base class, i.e. into a {@code LinkedHashMap}
 * (seen on the real runtime client under the emulator). The base class must say so plainly.
 */
public abstract class AbstractHandlerSettingTest {
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs(this::harness);

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    static final class RestHandler extends CorrelatedRequestHandler<APIGatewayProxyRequestEvent, String> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        protected String handle(APIGatewayProxyRequestEvent input, Context context) {
            calls.incrementAndGet();
            return input.getPath();
        }
    }

    abstract static class Layer<E> extends CorrelatedRequestHandler<E, String> {}

    static final class HttpHandler extends Layer<APIGatewayV2HTTPEvent> {
        @Override
        protected String handle(APIGatewayV2HTTPEvent input, Context context) {
            return input.getRawPath();
        }
    }

    static final class MapHandler extends CorrelatedRequestHandler<Map<String, Object>, String> {
        @Override
        protected String handle(Map<String, Object> input, Context context) {
            return String.valueOf(input.get("k"));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object invokeRaw(RequestHandler handler, Object event) {
        return handler.handleRequest(event, new FakeContext("lambda-1"));
    }

    private static Map<String, Object> restEventAsMap() {
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        requestContext.put("apiId", "w4hd8ru2l1");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("path", "/orders/1");
        event.put("requestContext", requestContext);
        return event;
    }

    @Test
    void aMapGivenToATypedHandlerFailsNamingTheHandlerSettingToUse() {
        RestHandler handler = new RestHandler();

        assertThatThrownBy(() -> invokeRaw(handler, restEventAsMap()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("passed a java.util.LinkedHashMap")
                .hasMessageContaining(APIGatewayProxyRequestEvent.class.getName())
                .hasMessageContaining("Set Handler to " + RestHandler.class.getName() + " (the class name alone)");
        assertThat(handler.calls).hasValue(0);
        // The IDs were still read from the map, so the error line leads to this request.
        List<CapturedLogs.Line> errors = logs.drain().stream().filter(l -> l.level().equals("ERROR")).toList();
        assertThat(errors).singleElement().satisfies(line -> {
            assertThat(line.apiGatewayId()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
            assertThat(line.lambdaId()).isEqualTo("lambda-1");
        });
    }

    @Test
    void theRightEventTypeAndANullEventReachTheHandler() {
        RestHandler handler = new RestHandler();
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withPath("/orders/2");

        assertThat(invokeRaw(handler, event)).isEqualTo("/orders/2");
        assertThatThrownBy(() -> invokeRaw(handler, null)).isInstanceOf(NullPointerException.class);
        assertThat(handler.calls).hasValue(2);
    }

    @Test
    void typeArgumentsBoundThroughAnIntermediateClassAreFollowed() {
        assertThat(CorrelatedRequestHandler.boundInputType(HttpHandler.class)).isEqualTo(APIGatewayV2HTTPEvent.class);
        assertThat(CorrelatedRequestHandler.boundInputType(RestHandler.class))
                .isEqualTo(APIGatewayProxyRequestEvent.class);
        assertThatThrownBy(() -> invokeRaw(new HttpHandler(), restEventAsMap()))
                .hasMessageContaining(APIGatewayV2HTTPEvent.class.getName());
    }

    @Test
    void aHandlerOfMapsAcceptsTheRuntimesMap() {
        assertThat(CorrelatedRequestHandler.boundInputType(MapHandler.class)).isEqualTo(Map.class);
        assertThat(invokeRaw(new MapHandler(), Map.of("k", "v"))).isEqualTo("v");
    }
}
