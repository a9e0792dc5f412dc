package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.propagation.PropagationNames;
import io.github.apigwcorrelation.propagation.SdkCorrelationInterceptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The propagation artifact's SDK interceptor per call (issue 11 target: at most 1 µs, no allocation beyond the
 * attribute): {@code SdkCorrelationInterceptor.modifyRequest} on an SQS {@code SendMessageRequest} outside an
 * invocation, inside one (the message with 0 or 3 attributes of the user's), on a {@code SendMessageBatchRequest} of
 * {@value #BATCH} such messages inside one, and inside one on a request of a kind that carries nothing
 * ({@code GetQueueUrl}). Two baselines from the same run: {@code executionAttributes}, the
 * {@code ExecutionAttributes} the SDK makes per call (each {@code inside*} call makes one too, or the interceptor's
 * "handled" mark of the first call would make every later one a no-op), and {@code byHand}, the request copy with
 * the attribute that a user who adds it by hand writes: the allocation that cannot be avoided.
 *
 * <p>Log4j2 writes into the null sink with the README's pattern; runs on {@code target/classpath/sdk.txt} (the
 * propagation jar and the SQS client, no Powertools).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SdkInterceptorBenchmark {
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";
    /** The entries of the batch: SQS's most per {@code SendMessageBatch}. */
    static final int BATCH = 10;

    /**
     * The interceptor and the requests every benchmark shares. Every state starts Log4j2 first (once per JVM: the
     * core loads its backend when an invocation opens, the SDK's classes log through SLF4J); none depends on another,
     * as JMH 1.37 would make one instance of a state per state that depends on it.
     */
    @State(Scope.Thread)
    public static class Calls {
        final SdkCorrelationInterceptor interceptor = new SdkCorrelationInterceptor();
        DiscardingSink sink;
        final ExecutionAttributes attributes = new ExecutionAttributes();
        Context.ModifyRequest send;
        Context.ModifyRequest carriesNothing;

        @Setup(Level.Trial)
        public void start() {
            sink = startLogging();
            SdkRequest request = message(0);
            SdkRequest other = GetQueueUrlRequest.builder().queueName("orders").build();
            send = () -> request;
            carriesNothing = () -> other;
            // JMH sets the states up in no particular order: outside an invocation only when none is open yet.
            if (RequestIds.current().isEmpty() && interceptor.modifyRequest(send, attributes) != request) {
                throw new IllegalStateException("the interceptor changed a request outside an invocation");
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (sink.total() != 0) {
                throw new IllegalStateException("the interceptor logged: " + sink.head());
            }
        }
    }

    static DiscardingSink startLogging() {
        return NullSinkLogging.startOnce(NullSinkLogging.Format.PATTERN, NullSinkLogging.OURS_PATTERN);
    }

    /** The message a handler sends, with {@code userAttributes} attributes of its own. */
    static SendMessageRequest message(int userAttributes) {
        Map<String, MessageAttributeValue> user = new LinkedHashMap<>();
        for (int i = 0; i < userAttributes; i++) {
            user.put("attribute" + i, MessageAttributeValue.builder().dataType("String").stringValue("v" + i).build());
        }
        return SendMessageRequest.builder().queueUrl(QUEUE).messageBody("{\"orderId\":42}").messageAttributes(user)
                .build();
    }

    /** The same message {@link #BATCH} times in one {@code SendMessageBatch}, entry IDs {@code 0} to {@code 9}. */
    static SendMessageBatchRequest batch(int userAttributes) {
        SendMessageRequest message = message(userAttributes);
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(message.messageBody())
                    .messageAttributes(message.messageAttributes()).build());
        }
        return SendMessageBatchRequest.builder().queueUrl(QUEUE).entries(entries).build();
    }

    /** The message of the {@code insideInvocation} and {@code byHand} benchmarks, and their batch's. */
    @State(Scope.Thread)
    public static class Message {
        /** How many attributes the user set on the message. */
        @Param({"0", "3"})
        public int userAttributes;

        SendMessageRequest request;
        Context.ModifyRequest send;
        SendMessageBatchRequest batch;
        Context.ModifyRequest sendBatch;

        @Setup(Level.Trial)
        public void build() {
            startLogging();
            request = message(userAttributes);
            send = () -> request;
            batch = batch(userAttributes);
            sendBatch = () -> batch;
        }
    }

    /** Opens an invocation on the benchmark thread for the {@code inside*} benchmarks. */
    @State(Scope.Thread)
    public static class Invocation {
        CorrelationScope scope;

        @Setup(Level.Trial)
        public void open() {
            startLogging();
            scope = Correlation.builder().logInvocationLine(false).build().open(Events.restProxy(), new BenchContext());
            SdkCorrelationInterceptor interceptor = new SdkCorrelationInterceptor();
            for (int userAttributes : new int[] {0, 3}) {
                SendMessageRequest request = message(userAttributes);
                SdkRequest sent = interceptor.modifyRequest(() -> request, new ExecutionAttributes());
                SendMessageRequest expected = addByHand(request);
                if (!sent.equals(expected) || !Events.REST_REQUEST_ID.equals(((SendMessageRequest) sent)
                        .messageAttributes().get(PropagationNames.MESSAGE_ATTRIBUTE).stringValue())) {
                    throw new IllegalStateException("the interceptor sent " + sent + ", expected " + expected);
                }
                SendMessageBatchRequest batch = batch(userAttributes);
                SdkRequest sentBatch = interceptor.modifyRequest(() -> batch, new ExecutionAttributes());
                SendMessageBatchRequest expectedBatch = addByHand(batch);
                if (!sentBatch.equals(expectedBatch) || ((SendMessageBatchRequest) sentBatch).entries().stream()
                        .anyMatch(entry -> !Events.REST_REQUEST_ID.equals(entry.messageAttributes()
                                .get(PropagationNames.MESSAGE_ATTRIBUTE).stringValue()))) {
                    throw new IllegalStateException("the interceptor sent " + sentBatch + ", expected " + expectedBatch);
                }
            }
            SdkRequest other = GetQueueUrlRequest.builder().queueName("orders").build();
            if (interceptor.modifyRequest(() -> other, new ExecutionAttributes()) != other) {
                throw new IllegalStateException("the interceptor changed a request that carries nothing");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            scope.close();
        }
    }

    /** What the SDK allocates per call anyway, and each {@code insideInvocation} call too. */
    @Benchmark
    public ExecutionAttributes executionAttributes() {
        return new ExecutionAttributes();
    }

    /** What a user writes to add the attribute without the library: a copy of the request with it. */
    @Benchmark
    public SendMessageRequest byHand(Message message) {
        return addByHand(message.request);
    }

    static SendMessageRequest addByHand(SendMessageRequest request) {
        Map<String, MessageAttributeValue> attributes = request.messageAttributes();
        Map<String, MessageAttributeValue> copy = new LinkedHashMap<>(attributes.size() + 2);
        copy.putAll(attributes);
        copy.put(PropagationNames.MESSAGE_ATTRIBUTE,
                MessageAttributeValue.builder().dataType("String").stringValue(Events.REST_REQUEST_ID).build());
        return request.toBuilder().messageAttributes(copy).build();
    }

    /** The batch a user who adds the attribute without the library sends: each entry copied with it. */
    @Benchmark
    public SendMessageBatchRequest byHandBatch(Message message) {
        return addByHand(message.batch);
    }

    static SendMessageBatchRequest addByHand(SendMessageBatchRequest batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.entries().size());
        for (SendMessageBatchRequestEntry entry : batch.entries()) {
            Map<String, MessageAttributeValue> copy = new LinkedHashMap<>(entry.messageAttributes().size() + 2);
            copy.putAll(entry.messageAttributes());
            copy.put(PropagationNames.MESSAGE_ATTRIBUTE,
                    MessageAttributeValue.builder().dataType("String").stringValue(Events.REST_REQUEST_ID).build());
            entries.add(entry.toBuilder().messageAttributes(copy).build());
        }
        return batch.toBuilder().entries(entries).build();
    }

    @Benchmark
    public SdkRequest outsideInvocation(Calls calls) {
        // (no invocation state here: nothing is open on this thread, which Calls checked)
        return calls.interceptor.modifyRequest(calls.send, calls.attributes);
    }

    /** A fresh {@code ExecutionAttributes} per call, as the SDK makes one per call. */
    @Benchmark
    public SdkRequest insideInvocation(Calls calls, Invocation invocation, Message message) {
        return calls.interceptor.modifyRequest(message.send, new ExecutionAttributes());
    }

    /** The batch of {@link #BATCH} messages; a fresh {@code ExecutionAttributes} per call. */
    @Benchmark
    public SdkRequest insideInvocationBatch(Calls calls, Invocation invocation, Message message) {
        return calls.interceptor.modifyRequest(message.sendBatch, new ExecutionAttributes());
    }

    @Benchmark
    public SdkRequest insideInvocationRequestThatCarriesNothing(Calls calls, Invocation invocation) {
        return calls.interceptor.modifyRequest(calls.carriesNothing, calls.attributes);
    }
}
