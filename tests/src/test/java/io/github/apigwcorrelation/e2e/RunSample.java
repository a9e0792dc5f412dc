package io.github.apigwcorrelation.e2e;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The README's run command: sends every {@code events/*.json} to the sample handler of its route, in this
 * JVM, the way the Lambda Java runtime would, and lets the sample's {@code log4j2.xml} print the lines.
 */
public final class RunSample {
    private RunSample() {}

    /** @param args the events folder */
    public static void main(String[] args) throws IOException {
        Path events = Path.of(args.length > 0 ? args[0] : "events");
        try (Stream<Path> files = Files.list(events)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                Class<? extends RequestHandler<?, ?>> type = SampleRoutes.HANDLERS.get(file.getFileName().toString());
                String consumer = SampleRoutes.CONSUMERS.get(file.getFileName().toString());
                if (consumer != null) {
                    TestContext context = new TestContext("apigw-correlation-sample-FulfilOrderFunction");
                    System.err.printf("%n>>> %s -> %s (Lambda request ID %s)%n", file.getFileName(), consumer,
                            context.getAwsRequestId());
                    System.err.flush();
                    Object response = SampleRoutes.invokeConsumer(consumer, Files.readString(file), context);
                    System.out.flush();
                    System.err.println("<<< response: " + response);
                    continue;
                }
                if (type == null) {
                    System.err.println("(no sample route for " + file.getFileName() + ")");
                    continue;
                }
                TestContext context = new TestContext(SampleRoutes.functionName(type));
                System.err.printf("%n>>> %s -> %s (Lambda request ID %s)%n", file.getFileName(), type.getName(),
                        context.getAwsRequestId());
                System.err.flush();
                Object response = SampleRoutes.invoke(SampleRoutes.newHandler(type),
                        Files.readString(file), context);
                System.out.flush();
                System.err.println("<<< response: " + response);
            }
        }
    }
}
