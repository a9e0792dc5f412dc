package io.github.apigwcorrelation.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.apigwcorrelation.CorrelationScope;
import io.github.apigwcorrelation.propagation.support.Invocations;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The interceptor's promises that need no server: identity when nothing applies, no allocation outside a scope. */
class SdkInterceptorContractTest {
    private static final String REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private static final SdkCorrelationInterceptor INTERCEPTOR = new SdkCorrelationInterceptor();

    private static SdkRequest modify(SdkRequest request) {
        Context.ModifyRequest context = () -> request;
        return INTERCEPTOR.modifyRequest(context, new ExecutionAttributes());
    }

    @Test
    void outsideAnInvocationTheRequestIsReturnedAsItIs() {
        SendMessageRequest send = SendMessageRequest.builder().queueUrl("q").messageBody("b").build();
        assertThat(modify(send)).isSameAs(send);
    }

    @Test
    void outsideAnInvocationNothingIsAllocated() {
        SendMessageRequest send = SendMessageRequest.builder().queueUrl("q").messageBody("b").build();
        Context.ModifyRequest context = () -> send;
        ExecutionAttributes attributes = new ExecutionAttributes();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            INTERCEPTOR.modifyRequest(context, attributes); // warm up, so the measure sees compiled code too
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            INTERCEPTOR.modifyRequest(context, attributes);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes allocated by 100,000 calls").isLessThan(4096);
    }

    @Test
    void requestsThatCarryNothingAreReturnedAsTheyAre() {
        GetQueueUrlRequest other = GetQueueUrlRequest.builder().queueName("q").build();
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            assertThat(modify(other)).isSameAs(other);
        }
    }

    @Test
    void theUsersRequestIsNeverChangedInPlace() {
        SendMessageRequest send = SendMessageRequest.builder().queueUrl("q").messageBody("b")
                .messageAttributes(Map.of("k", MessageAttributeValue.builder().dataType("String").stringValue("v")
                        .build())).build();
        SendMessageRequest sent;
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sent = (SendMessageRequest) modify(send);
        }
        assertThat(send.messageAttributes()).containsOnlyKeys("k");
        assertThat(sent.messageAttributes()).containsOnlyKeys("k", "OriginRequestId");
        assertThat(sent.toBuilder().messageAttributes(send.messageAttributes()).build()).isEqualTo(send);
    }

    @Test
    void aBatchWithANullEntryIsPassedOnForTheSdkToRefuse() {
        SendMessageBatchRequest batch = SendMessageBatchRequest.builder().queueUrl("q")
                .entries(java.util.Arrays.asList(SendMessageBatchRequestEntry.builder().id("a").messageBody("a").build(),
                        null)).build();
        SendMessageBatchRequest sent;
        try (CorrelationScope scope = Invocations.restApiRequest(REQUEST_ID)) {
            sent = (SendMessageBatchRequest) modify(batch);
        }
        assertThat(sent.entries().get(0).messageAttributes()).containsOnlyKeys("OriginRequestId");
        assertThat(sent.entries().get(1)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "quote\"", "new\nline", "dot.ted"})
    void anEventBridgeFieldThatIsNotASimpleNameIsRefusedWhenBuilt(String field) {
        assertThatThrownBy(() -> SdkCorrelationInterceptor.builder().eventBridgeDetailField(field))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("eventBridgeDetailField must be 1 to 64 letters");
    }

    @Test
    void theSdkFindsTheGlobalRegistration() throws Exception {
        try (var in = getClass().getClassLoader()
                .getResourceAsStream("software/amazon/awssdk/global/handlers/execution.interceptors")) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim())
                    .isEqualTo(SdkCorrelationInterceptor.class.getName());
        }
    }
}
