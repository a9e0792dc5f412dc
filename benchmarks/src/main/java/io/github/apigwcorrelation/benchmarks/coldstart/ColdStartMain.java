package io.github.apigwcorrelation.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.github.apigwcorrelation.benchmarks.BenchContext;
import java.lang.management.ManagementFactory;

/**
 * One cold start, in a fresh JVM on one contender's class path: plays the Java runtime's part (load and
 * construct the handler, then invoke it once), then prints a {@value #MARKER} line with the timings.
 *
 * <p>Arguments: the handler class, then {@code runtime-mdc} if the runtime would put {@code AWSRequestId}
 * into the {@code ThreadContext} (it does when {@code aws-lambda-java-log4j2} is on the class path).
 */
public final class ColdStartMain {
    /** Starts the timing line on standard output. */
    public static final String MARKER = "COLDSTART";

    private ColdStartMain() {}

    /**
     * @param args handler class name, optionally {@code runtime-mdc}
     * @throws Exception when the handler cannot be loaded or fails: the harness reports it
     */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long mainStarted = System.nanoTime();
        RequestHandler<APIGatewayProxyRequestEvent, Object> handler = (RequestHandler<APIGatewayProxyRequestEvent, Object>)
                Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long initialized = System.nanoTime();
        BenchContext context = new BenchContext(Orders.LAMBDA_REQUEST_ID);
        APIGatewayProxyRequestEvent event = Orders.event();
        if (args.length > 1 && "runtime-mdc".equals(args[1])) {
            org.apache.logging.log4j.ThreadContext.put("AWSRequestId", context.getAwsRequestId());
        }
        Object response = handler.handleRequest(event, context);
        long invoked = System.nanoTime();
        long endMillis = System.currentTimeMillis();
        if (response == null) {
            throw new IllegalStateException("the handler returned nothing");
        }
        // Read after the measured span: loading the management classes is not part of any contender's start.
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(MARKER + " total_ms=" + (endMillis - jvmStart)
                + " jvm_to_main_ms=" + ((endMillis - jvmStart) - (invoked - mainStarted) / 1_000_000)
                + " init_us=" + (initialized - mainStarted) / 1000
                + " invoke_us=" + (invoked - initialized) / 1000);
        System.out.flush();
    }
}
