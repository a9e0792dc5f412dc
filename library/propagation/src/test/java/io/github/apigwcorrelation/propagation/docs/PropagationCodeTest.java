package io.github.apigwcorrelation.propagation.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.apigwcorrelation.propagation.ApacheCorrelationInterceptor;
import io.github.apigwcorrelation.propagation.JdkHttpCorrelation;
import io.github.apigwcorrelation.propagation.OkHttpCorrelationInterceptor;
import io.github.apigwcorrelation.propagation.SdkCorrelationInterceptor;
import java.net.URI;
import java.net.http.HttpRequest;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The code of the propagation documentation, compiled and run: the docs show regions of this file. */
class PropagationCodeTest {

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
