package io.github.apigwcorrelation.propagation.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.fixtures.FakeContext;
import io.github.apigwcorrelation.propagation.SdkCorrelationInterceptor;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The SDK interceptor per call (issue 11 target: at most 1 µs, no allocation beyond the attribute): {@code
 * modifyRequest} on a {@code SendMessageRequest}, outside and inside an invocation, and on a request of a kind that
 * carries nothing. Run with {@code -prof gc} to see bytes per call. Meant to move to {@code benchmarks/}; it needs
 * this module, {@code sqs} and the fixtures on the class path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SdkInterceptorBenchmark {
    /** How many attributes the user set on the message. */
    @Param({"0", "3"})
    public int userAttributes;

    private final SdkCorrelationInterceptor interceptor = new SdkCorrelationInterceptor();
    private ExecutionAttributes attributes;
    private Context.ModifyRequest send;
    private Context.ModifyRequest notCarried;

    @Setup(Level.Trial)
    public void setUp() {
        SendMessageRequest.Builder builder = SendMessageRequest.builder()
                .queueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/orders").messageBody("{\"orderId\":42}");
        Map<String, MessageAttributeValue> user = new java.util.LinkedHashMap<>();
        for (int i = 0; i < userAttributes; i++) {
            user.put("attribute" + i, MessageAttributeValue.builder().dataType("String").stringValue("v" + i).build());
        }
        SdkRequest request = builder.messageAttributes(user).build();
        SdkRequest other = GetQueueUrlRequest.builder().queueName("orders").build();
        send = () -> request;
        notCarried = () -> other;
        attributes = new ExecutionAttributes();
    }

    /** Opens an invocation on the benchmark thread for the {@code inside*} benchmarks (JMH runs Scope.Thread setup there). */
    @State(Scope.Thread)
    public static class Invocation {
        CorrelationScope scope;

        @Setup(Level.Trial)
        public void open() {
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withRequestContext(
                    new APIGatewayProxyRequestEvent.ProxyRequestContext()
                            .withRequestId("c6af9ac6-7b61-11e6-9a41-93e8deadbeef").withApiId("a1b2c3d4e5"));
            scope = Correlation.builder().logInvocationLine(false).build().open(event, new FakeContext());
        }

        @TearDown(Level.Trial)
        public void close() {
            scope.close();
        }
    }

    @Benchmark
    public SdkRequest outsideInvocation() {
        return interceptor.modifyRequest(send, attributes);
    }

    @Benchmark
    public SdkRequest insideInvocation(Invocation invocation) {
        // A fresh ExecutionAttributes per call, as the SDK makes one per call: otherwise the "handled" mark of the
        // first call would turn every later one into a no-op.
        return interceptor.modifyRequest(send, new ExecutionAttributes());
    }

    @Benchmark
    public SdkRequest insideInvocationRequestThatCarriesNothing(Invocation invocation) {
        return interceptor.modifyRequest(notCarried, attributes);
    }

    @Benchmark
    public ExecutionAttributes baselineExecutionAttributes() {
        return new ExecutionAttributes();
    }
}
