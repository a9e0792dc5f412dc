package io.github.apigwcorrelation.benchmarks;

import io.github.apigwcorrelation.RequestIds;
import io.github.apigwcorrelation.propagation.PropagationNames;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Runs the states of {@link SdkInterceptorBenchmark}, {@link PerRecordBenchmark} and {@link SqsHandlerBenchmark} as
 * JMH would, each benchmark a few times, in a JVM of its own (their states configure Log4j2, which must happen before
 * anything else starts it): {@code FixturesTest} starts it and demands exit code 0 and nothing on standard error.
 * Every setup checks its own inputs; this checks what the benchmarks return.
 */
final class PropagationSuitesCheck {
    private PropagationSuitesCheck() {}

    public static void main(String[] args) {
        sdkInterceptor();
        perRecord();
        sqsHandler();
        System.out.println("suites checked");
    }

    private static void sdkInterceptor() {
        SdkInterceptorBenchmark benchmark = new SdkInterceptorBenchmark();
        SdkInterceptorBenchmark.Calls calls = new SdkInterceptorBenchmark.Calls();
        calls.start();
        for (int i = 0; i < 3; i++) {
            require(benchmark.outsideInvocation(calls) == calls.send.request(), "outside: the request changed");
            require(benchmark.executionAttributes() != null, "no ExecutionAttributes");
        }
        SdkInterceptorBenchmark.Invocation invocation = new SdkInterceptorBenchmark.Invocation();
        invocation.open();
        for (int userAttributes : new int[] {0, 3}) {
            SdkInterceptorBenchmark.Message message = new SdkInterceptorBenchmark.Message();
            message.userAttributes = userAttributes;
            message.build();
            for (int i = 0; i < 3; i++) {
                SdkRequest sent = benchmark.insideInvocation(calls, invocation, message);
                SendMessageRequest byHand = benchmark.byHand(message);
                require(sent.equals(byHand), "inside (" + userAttributes + "): " + sent + " is not " + byHand);
                require(byHand.messageAttributes().size() == userAttributes + 1
                        && Events.REST_REQUEST_ID.equals(byHand.messageAttributes()
                                .get(PropagationNames.MESSAGE_ATTRIBUTE).stringValue()),
                        "by hand (" + userAttributes + "): " + byHand.messageAttributes());
                SdkRequest sentBatch = benchmark.insideInvocationBatch(calls, invocation, message);
                SendMessageBatchRequest byHandBatch = benchmark.byHandBatch(message);
                require(sentBatch.equals(byHandBatch), "inside, batch (" + userAttributes + "): " + sentBatch + " is not "
                        + byHandBatch);
                require(byHandBatch.entries().size() == SdkInterceptorBenchmark.BATCH && byHandBatch.entries().stream()
                        .allMatch(entry -> entry.messageAttributes().size() == userAttributes + 1
                                && Events.REST_REQUEST_ID.equals(entry.messageAttributes()
                                        .get(PropagationNames.MESSAGE_ATTRIBUTE).stringValue())),
                        "by hand, batch (" + userAttributes + "): " + byHandBatch.entries());
            }
        }
        for (int i = 0; i < 3; i++) {
            require(benchmark.insideInvocationRequestThatCarriesNothing(calls, invocation) == calls.carriesNothing.request(),
                    "a request that carries nothing changed");
        }
        invocation.close();
        require(RequestIds.current().isEmpty(), "the invocation outlived its scope");
        require(benchmark.outsideInvocation(calls) == calls.send.request(), "outside, after: the request changed");
        calls.stop();
    }

    private static void perRecord() {
        PerRecordBenchmark benchmark = new PerRecordBenchmark();
        for (PerRecordBenchmark.Lines lines : PerRecordBenchmark.Lines.values()) {
            PerRecordBenchmark.Fixture fixture = new PerRecordBenchmark.Fixture();
            fixture.lines = lines;
            fixture.start();
            for (int i = 0; i < 3; i++) {
                RequestIds ids = benchmark.invocation(fixture);
                require(ids.apiGatewayRequestId().equals(Events.REST_REQUEST_ID), "invocation: " + ids);
            }
            require(RequestIds.current().isEmpty(), "the invocation outlived its scope");
            PerRecordBenchmark.Batch batch = new PerRecordBenchmark.Batch();
            batch.open(fixture);
            RequestIds outer = RequestIds.current().orElseThrow();
            for (int i = 0; i < 3; i++) {
                RequestIds ids = benchmark.record(batch);
                require(ids.originRequestId().equals(Optional.of(Events.REST_REQUEST_ID))
                        && ids.messageId().equals(Optional.of(Events.SQS_MESSAGE_ID)), "record: " + ids);
                require(RequestIds.current().orElseThrow() == outer, "the batch's scope is not back after a record");
            }
            String written = fixture.sink.head();
            require(lines == PerRecordBenchmark.Lines.ON == written.contains("Record: Message ID: " + Events.SQS_MESSAGE_ID),
                    "lines=" + lines + " wrote [" + written + "]");
            batch.close();
            fixture.stop();
        }
    }

    /** Its setup runs every contender once and checks what each message's work saw and what each logged. */
    private static void sqsHandler() {
        for (int messages : new int[] {1, 10}) {
            SqsHandlerBenchmark benchmark = new SqsHandlerBenchmark();
            benchmark.messages = messages;
            benchmark.start();
            for (int i = 0; i < 3; i++) {
                require(benchmark.plain().getBatchItemFailures().isEmpty()
                        && benchmark.plainByHand().getBatchItemFailures().isEmpty()
                        && benchmark.oursNoLines().getBatchItemFailures().isEmpty()
                        && benchmark.ours().getBatchItemFailures().isEmpty(), "a handler reported a failure");
            }
            require(RequestIds.current().isEmpty(), "an SQS invocation outlived its scope");
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
