package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Objects;

/**
 * Base class for typed handlers: every line logged while {@link #handle(Object, Context)} runs carries the
 * API Gateway and Lambda request IDs of this invocation, on any thread that runs a task wrapped by
 * {@link Propagation}.
 *
 * <pre>{@code
 * public class GetOrderHandler
 *         extends CorrelatedRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
 *     protected APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
 *         log.info("loading order");   // ... <AWSRequestId> APIG: <request id> - INFO ... loading order
 *         ...
 *     }
 * }
 * }</pre>
 *
 * @param <I> the event type, as the Lambda runtime deserializes it
 * @param <O> the response type
 * @since 0.1.0
 */
public abstract class CorrelatedRequestHandler<I, O> implements RequestHandler<I, O> {
    private final Correlation correlation;

    /** Uses {@link Correlation#defaults()}. */
    protected CorrelatedRequestHandler() {
        this(Correlation.defaults());
    }

    /** @param correlation the configuration to use */
    protected CorrelatedRequestHandler(Correlation correlation) {
        this.correlation = Objects.requireNonNull(correlation, "correlation");
    }

    /** Opens the invocation's scope, runs {@link #handle(Object, Context)}, and closes it whatever happens. */
    @Override
    public final O handleRequest(I input, Context context) {
        return correlation.invoke(input, context, this::handle);
    }

    /**
     * The handler's own work.
     *
     * @param input the event, possibly null or incomplete: it reaches this method whatever it holds
     * @param context the Lambda context
     * @return the response
     */
    protected abstract O handle(I input, Context context);
}
