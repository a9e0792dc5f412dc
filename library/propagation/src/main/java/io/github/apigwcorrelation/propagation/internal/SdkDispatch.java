package io.github.apigwcorrelation.propagation.internal;

/**
 * Finds the handler of a request class by its name, once per class. A service's handler class (and so its model
 * classes) is loaded only here, only for a request class of that service that exists: a user with the SQS client
 * alone never loads a class of SNS, Lambda or EventBridge.
 */
public final class SdkDispatch {
    private static final String SQS = "software.amazon.awssdk.services.sqs.model.";
    private static final String SNS = "software.amazon.awssdk.services.sns.model.";
    private static final String LAMBDA = "software.amazon.awssdk.services.lambda.model.";
    private static final String EVENTBRIDGE = "software.amazon.awssdk.services.eventbridge.model.";

    private static final ClassValue<SdkRequestHandler> HANDLERS = new ClassValue<SdkRequestHandler>() {
        @Override
        protected SdkRequestHandler computeValue(Class<?> type) {
            return find(type);
        }
    };

    private SdkDispatch() {}

    /**
     * @param type a request's class
     * @return its handler, {@link SdkRequestHandler#NONE} for a request that carries nothing
     */
    public static SdkRequestHandler handler(Class<?> type) {
        return HANDLERS.get(type);
    }

    static SdkRequestHandler find(Class<?> type) {
        SdkRequestHandler handler;
        try {
            handler = byName(type.getName());
        } catch (LinkageError e) {
            // A service module of another version, or half of one: leave its requests alone.
            Warnings.warn("cannot carry the request ID on " + type.getName() + ": " + e);
            return SdkRequestHandler.NONE;
        }
        // A model class from another class loader than ours would fail the handler's cast: leave it alone.
        return handler.type() == type ? handler : SdkRequestHandler.NONE;
    }

    private static SdkRequestHandler byName(String name) {
        switch (name) {
            case SQS + "SendMessageRequest":
                return Sqs.sendMessage();
            case SQS + "SendMessageBatchRequest":
                return Sqs.sendMessageBatch();
            case SNS + "PublishRequest":
                return Sns.publish();
            case SNS + "PublishBatchRequest":
                return Sns.publishBatch();
            case LAMBDA + "InvokeRequest":
                return Lambda.invoke();
            case LAMBDA + "InvokeWithResponseStreamRequest":
                return Lambda.invokeWithResponseStream();
            case EVENTBRIDGE + "PutEventsRequest":
                return EventBridge.putEvents();
            default:
                return SdkRequestHandler.NONE;
        }
    }
}
