package io.github.apigwcorrelation.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Invocations;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The SDK's own {@code SqsAsyncBatchManager} (the documented way to send SQS messages in batches) shared by two
 * invocations (Lambda Managed Instances share clients): it sends a batch on the thread of whoever fills it, so the
 * interceptor must not stamp that invocation's ID on the other's messages; {@link SqsBatchManagerCorrelation} stamps
 * each message when it is buffered.
 */
class SqsBatchManagerTest {
    private static final String A = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
    private static final String B = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

    @Test
    void a_batch_filled_by_two_invocations_never_carries_one_invocations_id_on_the_others_messages()
            throws Exception {
        List<String> stamped = sendFromTwoInvocations(request -> request);

        assertThat(stamped).as("the batch manager's batch goes as it is: no entry gets the filling thread's ID")
                .hasSize(10).allMatch(line -> line.endsWith(" -> none"));
    }

    @Test
    void messages_stamped_when_buffered_each_carry_the_id_of_the_invocation_that_sent_them() throws Exception {
        List<String> stamped = sendFromTwoInvocations(SqsBatchManagerCorrelation::withRequestId);

        assertThat(stamped).hasSize(10).allMatch(line -> line.startsWith("from A ") ? line.endsWith(" -> " + A)
                : line.startsWith("from B ") && line.endsWith(" -> " + B));
    }

    @Test
    void stamping_outside_an_invocation_or_over_the_senders_own_attribute_changes_nothing() {
        SendMessageRequest plain = SendMessageRequest.builder().queueUrl(QUEUE).messageBody("b").build();
        assertThat(SqsBatchManagerCorrelation.withRequestId(plain)).isSameAs(plain);

        SendMessageRequest own = plain.toBuilder().messageAttributes(Map.of("OriginRequestId",
                MessageAttributeValue.builder().dataType("String").stringValue("set-by-the-sender").build())).build();
        try (CorrelationScope scope = Invocations.restApiRequest(A)) {
            assertThat(SqsBatchManagerCorrelation.withRequestId(own)).isSameAs(own);
        }
    }

    private static List<String> sendFromTwoInvocations(UnaryOperator<SendMessageRequest> stamp) throws Exception {
        List<SendMessageBatchRequest> sent = new ArrayList<>();
        ExecutionInterceptor wire = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendMessageBatchRequest) {
                    synchronized (sent) {
                        sent.add((SendMessageBatchRequest) context.request());
                    }
                }
                throw new IllegalStateException("captured, not sent");
            }
        };
        SdkAsyncHttpClient offline = new SdkAsyncHttpClient() {
            @Override
            public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
                return CompletableFuture.failedFuture(new IOException("offline"));
            }

            @Override
            public void close() {}
        };
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (SqsAsyncClient sqs = SqsAsyncClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .endpointOverride(URI.create("http://127.0.0.1:9")).httpClient(offline)
                .overrideConfiguration(c -> c.addExecutionInterceptor(wire)).build();
                SqsAsyncBatchManager batch = SqsAsyncBatchManager.builder().client(sqs).scheduledExecutor(scheduler)
                        .overrideConfiguration(b -> b.maxBatchSize(10).sendRequestFrequency(Duration.ofSeconds(30)))
                        .build()) {
            Thread first = new Thread(() -> send(batch, stamp, A, "from A "), "invocation-A");
            first.start();
            first.join();
            Thread second = new Thread(() -> send(batch, stamp, B, "from B "), "invocation-B");
            second.start();
            second.join();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                synchronized (sent) {
                    if (!sent.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
        } finally {
            scheduler.shutdownNow();
        }

        assertThat(sent).as("one SendMessageBatch of 10 entries").hasSize(1);
        List<String> stamped = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : sent.get(0).entries()) {
            MessageAttributeValue origin = entry.messageAttributes().get("OriginRequestId");
            stamped.add(entry.messageBody() + " -> " + (origin == null ? "none" : origin.stringValue()));
        }
        return stamped;
    }

    private static void send(SqsAsyncBatchManager batch, UnaryOperator<SendMessageRequest> stamp,
            String apiGatewayRequestId, String prefix) {
        try (CorrelationScope scope = Invocations.restApiRequest(apiGatewayRequestId)) {
            for (int i = 0; i < 5; i++) {
                batch.sendMessage(stamp.apply(SendMessageRequest.builder().queueUrl(QUEUE).messageBody(prefix + i)
                        .build()));
            }
        }
    }
}
