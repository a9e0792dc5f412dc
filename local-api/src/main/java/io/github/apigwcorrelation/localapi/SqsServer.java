package io.github.apigwcorrelation.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * The template's queues on a real SQS-compatible server, on loopback: ElasticMQ, embedded, which speaks SQS's JSON
 * and query protocols, so any SQS client (the AWS SDKs, the AWS CLI with {@code --endpoint-url}) can be pointed at
 * it. The local API itself talks to it over HTTP as Lambda's event source mapping talks to SQS, with the JSON
 * protocol; ElasticMQ checks no signature.
 */
final class SqsServer implements AutoCloseable {
    /** SQS's own long-poll limit: a ReceiveMessage waits at most this long for a message. */
    static final int MAX_WAIT_SECONDS = 20;
    private final ActorSystem system;
    private final SQSRestServer server;
    private final URI endpoint;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SqsServer(ActorSystem system, SQSRestServer server, int port, String region) {
        this.system = system;
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.region = region;
    }

    /**
     * Starts the server on {@code 127.0.0.1:port}.
     *
     * @param port the port, 0 for a free one
     * @param region the region in the queues' ARNs
     * @throws BindException when the port is taken
     */
    static SqsServer start(int port, String region) throws IOException {
        // Its own actor system: daemon threads, no JVM shutdown hook, no exit on a fatal error, and not a line on
        // standard output (Pekko's own logger writes there before and after SLF4J takes over).
        Config quiet = ConfigFactory.parseMap(Map.of(
                "pekko.daemonic", "on",
                "pekko.loglevel", "OFF",
                "pekko.stdout-loglevel", "OFF",
                "pekko.log-dead-letters", "off",
                "pekko.log-dead-letters-during-shutdown", "off",
                "pekko.jvm-exit-on-fatal-error", "off",
                "pekko.jvm-shutdown-hooks", "off",
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"));
        ClassLoader loader = SqsServer.class.getClassLoader();
        ActorSystem system = ActorSystem.create("local-api-sqs", quiet.withFallback(ConfigFactory.load(loader)), loader);
        try {
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(system).withInterface("127.0.0.1").withPort(port)
                    .withAWSRegion(region).withAWSAccountId(Events.ACCOUNT_ID).start();
            int bound = server.waitUntilStarted().localAddress().getPort();
            return new SqsServer(system, server, bound, region);
        } catch (RuntimeException e) {
            terminate(system);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                    throw new BindException("SQS port " + port + ": " + t.getMessage());
                }
            }
            throw new IOException("the SQS server did not start: " + e, e);
        }
    }

    /** Where SQS clients send their calls: {@code http://127.0.0.1:<port>}. */
    URI endpoint() {
        return endpoint;
    }

    /**
     * A queue as made on the server: what {@code Ref} and {@code Fn::GetAtt} give for it.
     *
     * @param url its URL ({@code Ref})
     * @param arn its ARN ({@code Fn::GetAtt X.Arn})
     * @param name its name
     */
    record Queue(String url, String arn, String name) {
        Map<String, String> values() {
            return Map.of("Ref", url, "Arn", arn, "QueueName", name, "QueueUrl", url);
        }
    }

    /**
     * Makes the template's queues, each dead-letter queue before the queues that name it.
     *
     * @param definitions the queues
     * @param visibilitySeconds a visibility timeout for every queue in place of the template's, or null
     * @return each queue by logical ID
     */
    Map<String, Queue> create(List<QueueDef> definitions, Integer visibilitySeconds) throws IOException {
        Map<String, Queue> made = new LinkedHashMap<>();
        List<QueueDef> left = new ArrayList<>(definitions);
        while (!left.isEmpty()) {
            QueueDef next = left.stream().filter(q -> q.deadLetterQueue() == null || made.containsKey(q.deadLetterQueue()))
                    .findFirst().orElseThrow(() -> new TemplateException("queues " + left.stream().map(QueueDef::logicalId).toList()
                            + " name each other as dead-letter queues in a cycle"));
            left.remove(next);
            ObjectNode attributes = Events.JSON.createObjectNode();
            next.attributes().forEach(attributes::put);
            if (visibilitySeconds != null) {
                attributes.put("VisibilityTimeout", visibilitySeconds.toString());
            }
            if (next.deadLetterQueue() != null) {
                attributes.put("RedrivePolicy", Events.JSON.createObjectNode()
                        .put("deadLetterTargetArn", made.get(next.deadLetterQueue()).arn())
                        .put("maxReceiveCount", next.maxReceiveCount()).toString());
            }
            ObjectNode request = Events.JSON.createObjectNode().put("QueueName", next.name());
            request.set("Attributes", attributes);
            String url;
            try {
                url = call("CreateQueue", request).path("QueueUrl").asText();
            } catch (SqsException e) {
                throw new TemplateException("queue " + next.logicalId() + ": the SQS server refused it: " + e.getMessage());
            }
            made.put(next.logicalId(), new Queue(url, "arn:aws:sqs:" + region + ":" + Events.ACCOUNT_ID + ":" + next.name(),
                    next.name()));
        }
        return made;
    }

    /** An error answer of the SQS server. */
    static final class SqsException extends IOException {
        private static final long serialVersionUID = 1L;

        SqsException(String message) {
            super(message);
        }
    }

    /**
     * One call of SQS's JSON protocol.
     *
     * @param action the action, such as {@code ReceiveMessage}
     * @param request its request document
     * @return the response document
     * @throws SqsException when the server answers with an error
     */
    JsonNode call(String action, ObjectNode request) throws IOException {
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(MAX_WAIT_SECONDS + 10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS." + action)
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build();
        HttpResponse<byte[]> response;
        try {
            response = this.http.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + action, e);
        }
        JsonNode body = response.body().length == 0 ? Events.JSON.createObjectNode() : Events.JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new SqsException(action + ": " + response.statusCode() + " " + body.path("__type").asText("")
                    + " " + body.path("message").asText(body.path("Message").asText("")));
        }
        return body;
    }

    @Override
    public void close() {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            // stopping anyway
        }
        terminate(system);
    }

    private static void terminate(ActorSystem system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the threads are daemons: they do not keep the JVM alive
        }
    }
}
