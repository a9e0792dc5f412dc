package io.github.apigwcorrelation.localapi;

/** Invokes one function with one event, the way Lambda's synchronous Invoke does. */
interface FunctionRunner {
    /**
     * One invocation to make.
     *
     * @param event the event bytes (the Invoke payload)
     * @param apiGatewayRequestId the request ID of the API Gateway request that invokes, for the records the local
     *        API itself prints about the invocation
     * @param traceId the X-Ray trace ID ({@code 1-<8 hex>-<24 hex>}) the function sees
     */
    record Call(byte[] event, String apiGatewayRequestId, String traceId) {}

    /**
     * What one invocation gave back.
     *
     * @param lambdaRequestId the Lambda request ID of the invocation
     * @param payload the function's result, or the runtime's error document
     * @param failed true when the function threw (API Gateway sees {@code X-Amz-Function-Error})
     */
    record Result(String lambdaRequestId, byte[] payload, boolean failed) {}

    Result invoke(Call call);
}
