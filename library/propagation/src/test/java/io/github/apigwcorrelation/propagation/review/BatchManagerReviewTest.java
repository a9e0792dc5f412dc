package io.github.apigwcorrelation.propagation.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Invocations;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

/**
 * The SDK's own {@code SqsAsyncBatchManager} (the documented way to send SQS messages in batches) shared by two
 * invocations running at once (Lambda Managed Instances share clients): the batch is sent on the thread of whoever
 * fills it, and the interceptor stamps that invocation's ID on every entry, the other invocation's messages too.
 */
class BatchManagerReviewTest {
    private static final String A = "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa";
    private static final String B = "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

    @Test
    void a_batch_filled_by_two_invocations_never_carries_one_invocations_id_on_the_others_messages()
            throws Exception {
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
            Thread first = new Thread(() -> send(batch, A, "from A "), "invocation-A");
            first.start();
            first.join();
            Thread second = new Thread(() -> send(batch, B, "from B "), "invocation-B");
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
        assertThat(stamped).hasSize(10).filteredOn(line -> line.startsWith("from A "))
                .as("invocation A's messages").allMatch(line -> line.endsWith(" -> " + A) || line.endsWith("none"));
    }

    private static void send(SqsAsyncBatchManager batch, String apiGatewayRequestId, String prefix) {
        try (CorrelationScope scope = Invocations.restApiRequest(apiGatewayRequestId)) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                batch.sendMessage(r -> r.queueUrl(QUEUE).messageBody(prefix + n));
            }
        }
    }
}
