package io.github.apigwcorrelation.benchmarks;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;

/**
 * A Lambda context with fixed values, as the runtime would pass for one invoke of a 512 MB function. Every
 * contender reads the same values from it.
 */
public final class BenchContext implements Context {
    /** The Lambda request ID every benchmark invocation carries. */
    public static final String LAMBDA_REQUEST_ID = "17e2e82d-2c77-4a6d-b251-546905c5334a";

    private final String requestId;

    /** A context with {@link #LAMBDA_REQUEST_ID}. */
    public BenchContext() {
        this(LAMBDA_REQUEST_ID);
    }

    /** @param requestId the Lambda request ID to report */
    public BenchContext(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/orders-GetOrderFunction";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/21/[$LATEST]0123456789abcdef0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "orders-GetOrderFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:orders-GetOrderFunction";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 29_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return LambdaRuntime.getLogger();
    }
}
