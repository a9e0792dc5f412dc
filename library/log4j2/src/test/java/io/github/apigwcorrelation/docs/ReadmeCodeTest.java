package io.github.apigwcorrelation.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.apigwcorrelation.CorrelatedSqsHandler;
import io.github.apigwcorrelation.Correlation;
import io.github.apigwcorrelation.LogLevel;
import io.github.apigwcorrelation.fixtures.FakeContext;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

/** The README's code that is not in the sample, compiled and run: the README shows regions of this file. */
class ReadmeCodeTest {

    // tag::recorder[]
    static final Correlation CORRELATION = Correlation.builder()
            .flightRecorder(LogLevel.DEBUG)      // DEBUG and finer: kept per invocation, written only if it fails
            .debugSampleRate(0.01)               // 1 % of invocations write their DEBUG lines at once
            .build();
    // end::recorder[]

    // tag::consumer[]
    public static class FulfilOrderHandler extends CorrelatedSqsHandler {
        private static final Logger log = LogManager.getLogger(FulfilOrderHandler.class);

        @Override
        protected void handleMessage(SQSEvent.SQSMessage message, Context context) {
            log.info("fulfilling {}", message.getBody()); // this line carries OriginRequestId and MessageId
            if (message.getBody().contains("out-of-stock")) {
                throw new IllegalStateException("out of stock"); // reported in batchItemFailures, not retried whole
            }
        }
    }
    // end::consumer[]

    @Test
    void the_documented_code_runs() {
        SQSEvent.SQSMessage ok = new SQSEvent.SQSMessage();
        ok.setMessageId("m-1");
        ok.setBody("order 42");
        SQSEvent.SQSMessage failing = new SQSEvent.SQSMessage();
        failing.setMessageId("m-2");
        failing.setBody("order 43 out-of-stock");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(ok, failing));

        SQSBatchResponse response = new FulfilOrderHandler().handleRequest(event, new FakeContext());

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-2");
        assertThat(CORRELATION.wrap((Map<String, Object> e, Context c) -> "ok").handleRequest(Map.of(),
                new FakeContext())).isEqualTo("ok");
    }
}
