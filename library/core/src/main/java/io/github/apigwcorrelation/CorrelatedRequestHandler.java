package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
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
 * <p>Set the function's {@code Handler} to the class name alone ({@code com.example.GetOrderHandler}), not
 * {@code com.example.GetOrderHandler::handleRequest}: with a method name the Java runtime looks only at the
 * erased {@code handleRequest(Object, Context)} inherited from this class and hands it a {@code Map}
 * instead of {@code I}. That case fails with a message saying so rather than a {@code ClassCastException}
 * in the handler.
 *
 * @param <I> the event type, as the Lambda runtime deserializes it
 * @param <O> the response type
 * @since 0.1.0
 */
public abstract class CorrelatedRequestHandler<I, O> implements RequestHandler<I, O> {
    private final Correlation correlation;
    /** {@code I} as the subclass binds it, or null when it cannot be told (then nothing is checked). */
    private final Class<?> inputType = boundInputType(getClass());

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
        return correlation.invoke(input, context, (event, ctx) -> {
            if (event != null && inputType != null && !inputType.isInstance(event)) {
                throw new IllegalStateException(wrongInputMessage(event));
            }
            return handle(event, ctx);
        });
    }

    private String wrongInputMessage(Object event) {
        String name = getClass().getName();
        return "The Lambda runtime passed a " + event.getClass().getName() + " to " + name + ", which handles "
                + inputType.getName() + ". The runtime does this when the function's Handler setting names the"
                + " method (" + name + "::handleRequest): it then cannot see the type argument of "
                + CorrelatedRequestHandler.class.getSimpleName() + ". Set Handler to " + name
                + " (the class name alone).";
    }

    /** Follows the generic superclasses from {@code concrete} up to this class, binding type variables. */
    static Class<?> boundInputType(Class<?> concrete) {
        Map<TypeVariable<?>, Type> bound = new HashMap<>();
        for (Class<?> c = concrete; c != null && c != CorrelatedRequestHandler.class; c = c.getSuperclass()) {
            Type superType = c.getGenericSuperclass();
            if (superType instanceof ParameterizedType) {
                ParameterizedType parameterized = (ParameterizedType) superType;
                TypeVariable<?>[] variables = ((Class<?>) parameterized.getRawType()).getTypeParameters();
                Type[] arguments = parameterized.getActualTypeArguments();
                for (int i = 0; i < variables.length; i++) {
                    Type argument = arguments[i];
                    bound.put(variables[i], argument instanceof TypeVariable ? bound.get(argument) : argument);
                }
            }
        }
        Type input = bound.get(CorrelatedRequestHandler.class.getTypeParameters()[0]);
        if (input instanceof Class) {
            return (Class<?>) input;
        }
        if (input instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) input).getRawType();
        }
        return null;
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
