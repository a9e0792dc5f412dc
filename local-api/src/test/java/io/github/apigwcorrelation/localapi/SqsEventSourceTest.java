package io.github.apigwcorrelation.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event source mapping's two translations: messages into Lambda's SQS event, a partial batch response back. */
class SqsEventSourceTest {
    private static JsonNode json(String text) throws Exception {
        return Events.JSON.readTree(text);
    }

    private static List<JsonNode> batch() throws Exception {
        return List.of(json("{\"MessageId\":\"a\",\"ReceiptHandle\":\"ra\",\"Body\":\"{}\",\"MD5OfBody\":\"99914b932bd37a50b983c5e7c90ae93b\","
                        + "\"Attributes\":{\"SentTimestamp\":\"1795793277642\",\"ApproximateReceiveCount\":\"2\"},"
                        + "\"MD5OfMessageAttributes\":\"m\",\"MessageAttributes\":{\"OriginRequestId\":{\"StringValue\":\"r-1\",\"DataType\":\"String\"},"
                        + "\"Blob\":{\"BinaryValue\":\"AAE=\",\"DataType\":\"Binary\"}}}"),
                json("{\"MessageId\":\"b\",\"ReceiptHandle\":\"rb\",\"Body\":\"x\",\"MD5OfBody\":\"9dd4e461268c8034f5c8564e155c67a6\"}"));
    }

    @Test
    void messagesBecomeLambdasSqsEventShape() throws Exception {
        JsonNode event = SqsEventSource.event(batch(), "arn:aws:sqs:us-east-1:123456789012:Orders", "us-east-1");
        assertThat(event.toString()).isEqualTo("{\"Records\":[{\"messageId\":\"a\",\"receiptHandle\":\"ra\",\"body\":\"{}\","
                + "\"attributes\":{\"SentTimestamp\":\"1795793277642\",\"ApproximateReceiveCount\":\"2\"},"
                + "\"messageAttributes\":{\"OriginRequestId\":{\"stringValue\":\"r-1\",\"stringListValues\":[],\"binaryListValues\":[],"
                + "\"dataType\":\"String\"},\"Blob\":{\"binaryValue\":\"AAE=\",\"stringListValues\":[],\"binaryListValues\":[],"
                + "\"dataType\":\"Binary\"}},\"md5OfBody\":\"99914b932bd37a50b983c5e7c90ae93b\",\"md5OfMessageAttributes\":\"m\","
                + "\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:Orders\",\"awsRegion\":\"us-east-1\"},"
                + "{\"messageId\":\"b\",\"receiptHandle\":\"rb\",\"body\":\"x\",\"attributes\":{},\"messageAttributes\":{},"
                + "\"md5OfBody\":\"9dd4e461268c8034f5c8564e155c67a6\",\"eventSource\":\"aws:sqs\","
                + "\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:Orders\",\"awsRegion\":\"us-east-1\"}]}");
    }

    @Test
    void aPartialBatchResponseNamesTheFailedMessagesAndAnInvalidOneFailsTheBatch() throws Exception {
        assertThat(failures("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}")).containsExactly("b");
        assertThat(failures("{\"batchItemFailures\":[]}")).isEmpty();
        assertThat(failures("{}")).isEmpty();
        assertThat(failures("null")).isEmpty();
        assertThat(failures("")).isEmpty();
        // Lambda treats these as a failure of the whole batch.
        assertThat(failures("{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-the-batch\"}]}")).isNull();
        assertThat(failures("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}")).isNull();
        assertThat(failures("{\"batchItemFailures\":[{\"itemIdentifier\":null}]}")).isNull();
        assertThat(failures("{\"batchItemFailures\":[{}]}")).isNull();
        assertThat(failures("{\"batchItemFailures\":\"b\"}")).isNull();
        assertThat(failures("not json")).isNull();
    }

    private static java.util.Set<String> failures(String response) throws Exception {
        return SqsEventSource.failures(response.getBytes(StandardCharsets.UTF_8), batch());
    }
}
