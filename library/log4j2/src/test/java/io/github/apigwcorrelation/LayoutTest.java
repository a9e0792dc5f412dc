package io.github.apigwcorrelation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.impl.ContextDataInjectorFactory;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Role 6: the shipped JSON template prints both IDs as top-level fields; the provider adds no per-line work. */
class LayoutTest {
    /** The IDs alone: the standard fields have a test of their own. */
    private final Correlation quiet = Correlation.builder().logInvocationLine(false).standardFields().build();

    @AfterEach
    void clearThreadContext() {
        ThreadContext.clearAll();
    }

    private static APIGatewayV2HTTPEvent httpEvent(String requestId) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(requestId).withApiId("z7yx3vu9ts")
                .build());
        return event;
    }

    /** An event as a logger builds it: context data from Log4j's own injector, so our provider is on the path. */
    private static LogEvent eventWithInjectedContext(String message) {
        SortedArrayStringMap reusable = new SortedArrayStringMap();
        return Log4jLogEvent.newBuilder().setLoggerName("orders.Handler").setLevel(Level.INFO)
                .setMessage(new SimpleMessage(message))
                .setContextData(ContextDataInjectorFactory.createInjector().injectContextData(null, reusable))
                .build();
    }

    @Test
    void the_json_template_prints_both_ids_as_top_level_fields() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(context.getConfiguration())
                .setEventTemplateUri("classpath:apigw-correlation-layout.json").build();
        String json;
        try (CorrelationScope ignored = quiet.open(httpEvent("JKJaXmPLvHcESHA="), new FakeContext("lambda-1"))) {
            ThreadContext.clearMap();
            json = new String(layout.toByteArray(eventWithInjectedContext("hello")), StandardCharsets.UTF_8);
        }
        assertThat(json).startsWith("{\"timestamp\":\"").endsWith("}" + System.lineSeparator())
                .contains("\"level\":\"INFO\"", "\"message\":\"hello\"", "\"logger\":\"orders.Handler\"",
                        "\"AWSRequestId\":\"lambda-1\"", "\"ApiGatewayRequestId\":\"JKJaXmPLvHcESHA=\"")
                .doesNotContain("ApiGatewayExtendedRequestId");
    }
}
