package io.github.apigwcorrelation.localapi;

/** Invokes one function with one event, in this JVM or through the Runtime Interface Emulator. */
interface FunctionRunner {
    /**
     * What one invocation gave back.
     *
     * @param lambdaRequestId the Lambda request ID of the invocation
     * @param payload the function's result, or the runtime's error document
     * @param failed true when the function threw (API Gateway sees {@code X-Amz-Function-Error})
     */
    record Result(String lambdaRequestId, byte[] payload, boolean failed) {}

    Result invoke(byte[] event);
}
