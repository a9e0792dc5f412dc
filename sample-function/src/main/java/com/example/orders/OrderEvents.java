package com.example.orders;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Tells fulfilment about a new order: an {@code OrderCreated} message to the queue that {@code ORDERS_QUEUE_URL}
 * names. Nothing here mentions the request ID: {@code apigw-correlation-propagation} on the class path adds the
 * {@code OriginRequestId} message attribute (the client's {@code x-amzn-RequestId}) to every SQS send.
 */
final class OrderEvents {
    private static final Logger log = LogManager.getLogger(OrderEvents.class);
    private final String queueUrl;
    private final SqsClient sqs;

    /** @param queueUrl the queue's URL; null or empty sends nothing (a replay of the events without a queue) */
    OrderEvents(String queueUrl) {
        this.queueUrl = queueUrl == null || queueUrl.isBlank() ? null : queueUrl;
        this.sqs = this.queueUrl == null ? null : client();
    }

    /**
     * Built once per execution environment, at init, with what keeps a cold start short: the JDK's URLConnection
     * client (no Apache, no Netty), and the region and credentials Lambda puts in environment variables, so the SDK
     * searches no profile file and asks no instance metadata. {@code AWS_ENDPOINT_URL_SQS}, when set, points it at
     * another SQS endpoint (the local API sets it to its own SQS server).
     */
    private static SqsClient client() {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        String region = System.getenv("AWS_REGION");
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        return builder.build();
    }

    /** Sends {@code OrderCreated} with the order; throws if SQS refuses, so the request fails visibly. */
    void orderCreated(Map<String, Object> order) {
        Object orderId = order.get("orderId");
        if (sqs == null) {
            log.warn("ORDERS_QUEUE_URL is not set: order {} is not sent to fulfilment", orderId);
            return;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "OrderCreated");
        message.put("orderId", orderId);
        message.put("item", order.get("item"));
        message.put("quantity", order.get("quantity"));
        message.put("totalCents", order.get("totalCents"));
        String messageId = sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(Json.write(message))).messageId();
        log.info("Sent OrderCreated for order {} to fulfilment: message ID {}", orderId, messageId);
    }
}
