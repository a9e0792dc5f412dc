package io.github.apigwcorrelation.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.RequestIds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.github.apigwcorrelation.testing.LoggingHarness;
import io.github.apigwcorrelation.testing.RealOutput;
import io.github.apigwcorrelation.testing.TestLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property 2, no stale context: one warm execution environment runs 10,000 invocations in a row on one thread,
 * cycling through seven event kinds (REST, HTTP API, WebSocket, mapping template, ALB, raw stream, an event
 * without any ID). User code clears the context in the backend's two usual ways (Log4j2: {@code
 * ThreadContext.clearMap()} and SLF4J's {@code MDC.clear()}; Logback: {@code MDC.clear()} and {@code
 * MDC.setContextMap(Map.of())}), puts keys of its own in two ways and leaves them behind, and throws now and then;
 * before every other invocation a stale {@code AWSRequestId} is put in the user's context and never removed (the
 * Java runtime does that to Log4j2's {@code ThreadContext}). Every printed line carries the IDs of the invocation
 * running at that moment, never an earlier one's, and the user's keys behave as the README says: a key put and not
 * removed stays, as both backends always behave, until user code clears it.
 *
 * <p>{@code -Dreliability.warmInvocations=N} changes the count (default 10,000).
 */
public abstract class AbstractStaleContextTest {
    private TestLogger log;
    private static final int KINDS = 7;
    private static final int NO_ID = 6;
    private static final int ALB = 4;

    /** @return the backend under test */
    protected abstract LoggingHarness harness();

    @AfterEach
    void clearThreadContext() {
        harness().context().clearAll();
    }

    private static String lambdaId(int i) {
        return String.format("%08x-3333-4333-8333-%012x", i, i * 31L);
    }

    private static String apiGatewayId(int i) {
        if (i % KINDS == NO_ID) {
            return "-";
        }
        // ALB events carry no request ID: the X-Ray Root of their trace header stands in, in its own shape.
        return i % KINDS == ALB ? String.format("1-%08x-%024x", i, i * 17L)
                : String.format("%08x-4444-4444-8444-%012x", i, i * 17L);
    }

    /** REST, WebSocket and mapping-template events carry an extended ID; the others have none. */
    private static String extendedId(int i) {
        int kind = i % KINDS;
        return kind == 0 || kind == 2 || kind == 3 || kind == 5 ? "ext" + Integer.toString(i, 36) + "=" : null;
    }

    private static Object event(int i) {
        String id = apiGatewayId(i);
        switch (i % KINDS) {
            case 0:
                return new APIGatewayProxyRequestEvent().withRequestContext(
                        new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId(id).withApiId("w4hd8ru2l1")
                                .withExtendedRequestId(extendedId(i)));
            case 1: {
                APIGatewayV2HTTPEvent http = new APIGatewayV2HTTPEvent();
                http.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(id).withApiId("z7yx3vu9ts")
                        .build());
                return http;
            }
            case 2: {
                APIGatewayV2WebSocketEvent ws = new APIGatewayV2WebSocketEvent();
                APIGatewayV2WebSocketEvent.RequestContext rc = new APIGatewayV2WebSocketEvent.RequestContext();
                rc.setRequestId(id);
                rc.setExtendedRequestId(extendedId(i));
                rc.setConnectionId("conn" + i);
                rc.setApiId("k2j4h6g8f0");
                ws.setRequestContext(rc);
                return ws;
            }
            case 3:
                return Map.of("body-json", Map.of("sku", "TEA"),
                        "context", Map.of("request-id", id, "extended-request-id", extendedId(i)));
            case 4: {
                ApplicationLoadBalancerRequestEvent alb = new ApplicationLoadBalancerRequestEvent();
                ApplicationLoadBalancerRequestEvent.Elb elb = new ApplicationLoadBalancerRequestEvent.Elb();
                elb.setTargetGroupArn("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders/1a2b");
                ApplicationLoadBalancerRequestEvent.RequestContext context =
                        new ApplicationLoadBalancerRequestEvent.RequestContext();
                context.setElb(elb);
                alb.setRequestContext(context);
                alb.setHeaders(Map.of("x-amzn-trace-id", "Self=1-6791a3c1-0c2e4a6b8d0f2a4c2b4d6f8a;Root=" + id
                        + ";Sampled=1"));
                return alb;
            }
            case 5:
                return ("{\"requestContext\":{\"apiId\":\"w4hd8ru2l1\",\"requestId\":\"" + id + "\",\"extendedRequestId\":\"" + extendedId(i)
                        + "\"},\"body\":\"{}\"}").getBytes(StandardCharsets.UTF_8);
            default:
                return Map.of("body-json", Map.of("sku", "TEA"));
        }
    }

    /** What user code does in invocation {@code i}: log, clear one way or another, leave keys, maybe throw. */
    private void userCode(int i) {
        LoggingHarness.UserContext user = harness().context();
        log.info("inv={} start", i);
        if (i % 4 == 0) {
            user.clears().get(0).run();
        } else if (i % 4 == 1) {
            user.clears().get(1).run();
        }
        log.info("inv={} after clear", i);
        user.writers().get(0).put("tenant", "t" + i);
        user.writers().get(1).put("userMdc", "m" + i);
        log.info("inv={} end", i);
        if (i % 10 == 2) {
            throw new IllegalStateException("inv=" + i + " fails");
        }
    }

    private volatile int current = -1;
    private final List<String> problems = new ArrayList<>();
    private long checked;

    private void problem(String what, RealOutput.Line line) {
        if (problems.size() < 20) {
            problems.add("inv=" + current + " " + what + ": " + line.raw());
        }
    }

    /** Runs on the logging thread, which is the invocation's thread: lines arrive in order. */
    private void check(RealOutput.Line line) {
        int i = current;
        checked++;
        if (!lambdaId(i).equals(line.lambdaId()) || !apiGatewayId(i).equals(line.apiGatewayId())) {
            problem("IDs are not this invocation's", line);
            return;
        }
        if (line.format() == RealOutput.Format.TEXT) {
            return;
        }
        if (!java.util.Objects.equals(extendedId(i), line.extendedId())) {
            problem("extended ID is not this invocation's", line);
        }
        String message = line.message();
        boolean cleared = i % 4 == 0 || i % 4 == 1;
        String tenant = line.fields().get("tenant");
        String userMdc = line.fields().get("userMdc");
        String previousTenant = i == 0 ? null : "t" + (i - 1);
        String previousMdc = i == 0 ? null : "m" + (i - 1);
        boolean afterPut = message.endsWith(" end") || message.startsWith("Handler failed");
        boolean afterClear = message.endsWith("after clear");
        if (afterPut) {
            if (!("t" + i).equals(tenant) || !("m" + i).equals(userMdc)) {
                problem("the user's keys of this invocation are missing", line);
            }
        } else if (afterClear && cleared) {
            if (tenant != null || userMdc != null) {
                problem("a key survived the user's own clear", line);
            }
        } else if (!java.util.Objects.equals(previousTenant, tenant)
                || !java.util.Objects.equals(previousMdc, userMdc)) {
            problem("the user's keys left by the previous invocation are not as the backend keeps them", line);
        }
    }

    @Test
    void ten_thousand_warm_invocations_never_print_an_earlier_invocations_ids() throws Exception {
        int invocations = Integer.getInteger("reliability.warmInvocations", 10_000);
        log = harness().logger("orders.WarmHandler");
        LoggingHarness.UserContext user = harness().context();
        assertThat(user.clears()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(user.writers()).hasSize(2);
        RealOutput output = new RealOutput(this::check);
        LoggingHarness.Attached attached = harness().attach(output, null);
        RequestHandler<Object, String> typed = Correlation.defaults().wrap((Object event, Context ctx) -> {
            userCode(current);
            return "ok";
        });
        RequestStreamHandler stream = Correlation.defaults().wrap((in, out, ctx) -> {
            in.readAllBytes();
            userCode(current);
        });
        Map<String, Integer> outcomes = new HashMap<>();
        List<String> leftovers = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < invocations; i++) {
                current = i;
                String runtimeStale = null;
                if (i % 2 == 0) {
                    // What the Java runtime does on each invoke once LambdaAppender is loaded; it never removes it.
                    runtimeStale = lambdaId(i);
                    user.put("AWSRequestId", runtimeStale);
                }
                String before = user.get("AWSRequestId");
                Object event = event(i);
                try {
                    if (event instanceof byte[]) {
                        stream.handleRequest(new ByteArrayInputStream((byte[]) event), new ByteArrayOutputStream(),
                                new FakeContext(lambdaId(i)));
                    } else {
                        typed.handleRequest(event, new FakeContext(lambdaId(i)));
                    }
                    outcomes.merge("returned", 1, Integer::sum);
                } catch (IllegalStateException e) {
                    outcomes.merge(e.getMessage().equals("inv=" + i + " fails") ? "threw" : "threw unexpectedly", 1,
                            Integer::sum);
                }
                // The adapter that mirrors AWSRequestId puts back what was there; the other never touches the
                // user's context, so it holds what user code left: nothing after its own clear.
                String expected = harness().mirrorsLambdaRequestId() || i % 4 > 1 ? before : null;
                if (RequestIds.current().isPresent() || !java.util.Objects.equals(expected, user.get("AWSRequestId"))) {
                    leftovers.add("inv=" + i + " left " + RequestIds.current() + ", AWSRequestId "
                            + user.get("AWSRequestId") + " instead of " + expected);
                }
            }
        } finally {
            attached.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[reliability] " + harness().name() + " stale context: %d warm invocations on one thread (%s), %d events, %d lines "
                        + "checked (%d text + %d JSON), lines with another invocation's IDs or wrong user keys %d, "
                        + "unparsable %d, in %.1f s%n", invocations, outcomes, output.events(), checked,
                output.textLines(), output.jsonLines(), problems.size(), output.rejectedLines(), seconds);

        assertThat(output.rejected()).isEmpty();
        assertThat(problems).isEmpty();
        assertThat(outcomes).containsOnlyKeys("returned", "threw");
        assertThat(leftovers).as("IDs left on the thread, or AWSRequestId not restored, after an invocation").isEmpty();
        assertThat(output.textLines()).isEqualTo(output.events());
        assertThat(output.jsonLines()).isEqualTo(output.events());
        // Invocation line + 3 user lines each, an ERROR line per throw, a WARN per event without an ID.
        long expected = 4L * invocations + outcomes.getOrDefault("threw", 0)
                + (invocations + KINDS - 1 - NO_ID) / KINDS;
        assertThat(output.events()).isEqualTo(expected);
        assertThat(user.map()).as("what is left: the user's keys and the runtime's stale key")
                .containsOnlyKeys("tenant", "userMdc", "AWSRequestId")
                .containsEntry("tenant", "t" + (invocations - 1));
    }
}
