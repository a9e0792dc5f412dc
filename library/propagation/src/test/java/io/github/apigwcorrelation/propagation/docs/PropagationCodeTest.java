package io.github.apigwcorrelation.propagation.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.propagation.ApacheCorrelationInterceptor;
import io.github.apigwcorrelation.propagation.JdkHttpCorrelation;
import io.github.apigwcorrelation.propagation.OkHttpCorrelationInterceptor;
import io.github.apigwcorrelation.propagation.SdkCorrelationInterceptor;
import io.github.apigwcorrelation.propagation.SqsBatchManagerCorrelation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/** The code of the propagation documentation, compiled and run: the docs show regions of this file. */
class PropagationCodeTest {
    /** No async HTTP client on this class path, and no network: the documented code only has to run. */
    private static final SdkAsyncHttpClient OFFLINE = new SdkAsyncHttpClient() {
        @Override
        public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
            return CompletableFuture.failedFuture(new IOException("offline"));
        }

        @Override
        public void close() {}
    };

    @Test
    void the_documented_clients_build() throws Exception {
        // tag::eventbridge[]
        EventBridgeClient events = EventBridgeClient.builder()
                .region(Region.US_EAST_1)
                .overrideConfiguration(c -> c.addExecutionInterceptor(
                        SdkCorrelationInterceptor.builder().eventBridgeDetailField("originRequestId").build()))
                .build();
        // end::eventbridge[]
        events.close();

        try (SqsAsyncClient sqs = SqsAsyncClient.builder().region(Region.US_EAST_1).httpClient(OFFLINE)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
                SqsAsyncBatchManager batchManager = sqs.batchManager()) {
            String queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";
            String body = "{}";
            CompletableFuture<SendMessageResponse> sent =
                    // tag::batchmanager[]
                    batchManager.sendMessage(SqsBatchManagerCorrelation.withRequestId(
                            SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body).build()));
                    // end::batchmanager[]
            sent.cancel(true);
        }

        // tag::okhttp[]
        OkHttpCorrelationInterceptor correlation = OkHttpCorrelationInterceptor.create();
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(correlation).build();
        // end::okhttp[]
        assertThat(http.interceptors()).contains(correlation);

        // tag::apache[]
        CloseableHttpClient apache = HttpClients.custom()
                .addRequestInterceptorFirst(ApacheCorrelationInterceptor.create())
                .build();
        // end::apache[]
        apache.close();

        URI uri = URI.create("http://127.0.0.1:9/orders");
        // tag::jdk[]
        HttpRequest request = JdkHttpCorrelation.correlate(HttpRequest.newBuilder(uri).header("Accept", "application/json"))
                .build();
        // end::jdk[]
        assertThat(request.headers().firstValue("Accept")).contains("application/json");
    }
}
