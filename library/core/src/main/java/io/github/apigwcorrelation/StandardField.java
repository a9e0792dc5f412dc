package io.github.apigwcorrelation;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.apigwcorrelation.internal.extract.EventExtractor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fields about the invocation that {@link Correlation.Builder#standardFields} can add to every line, with the keys
 * Powertools for AWS Lambda uses, so dashboards and queries built for it keep working. Each is read per invocation
 * from its {@link Context}, never from process-wide environment variables: under Lambda Managed Instances several
 * invocations run at once in one JVM.
 *
 * @since 0.2.0
 */
public enum StandardField {
    /**
     * {@code cold_start}: {@code true} on the first invocation this JVM correlates, else {@code false}; on every line
     * of that invocation, those of each SQS or SNS record it handles in a scope of its own included.
     */
    COLD_START("cold_start") {
        @Override
        String read(Context context) {
            String invocation = context == null || context.getAwsRequestId() == null ? "" : context.getAwsRequestId();
            return COLD.compareAndSet(null, invocation) || !invocation.isEmpty() && invocation.equals(COLD.get())
                    ? "true" : "false";
        }
    },
    /** {@code function_name}: {@code Context.getFunctionName()}. */
    FUNCTION_NAME("function_name") {
        @Override
        String read(Context context) {
            return context == null ? null : printable(context.getFunctionName());
        }
    },
    /** {@code function_version}: {@code Context.getFunctionVersion()}, such as {@code $LATEST}. */
    FUNCTION_VERSION("function_version") {
        @Override
        String read(Context context) {
            return context == null ? null : printable(context.getFunctionVersion());
        }
    },
    /** {@code function_memory_size}: {@code Context.getMemoryLimitInMB()}. */
    FUNCTION_MEMORY_SIZE("function_memory_size") {
        @Override
        String read(Context context) {
            return context == null ? null : Integer.toString(context.getMemoryLimitInMB());
        }
    },
    /** {@code function_arn}: {@code Context.getInvokedFunctionArn()}. */
    FUNCTION_ARN("function_arn") {
        @Override
        String read(Context context) {
            return context == null ? null : printable(context.getInvokedFunctionArn());
        }
    },
    /**
     * {@code xray_trace_id}: the {@code Root} of this invocation's X-Ray trace header, {@code Context.getXrayTraceId()}
     * (the process-wide {@code _X_AMZN_TRACE_ID} is another invocation's under multi-concurrency). A client can
     * send the trace header, so only an X-Ray shaped root is written; absent when tracing is off.
     */
    XRAY_TRACE_ID("xray_trace_id") {
        @Override
        String read(Context context) {
            String header = context == null ? null : context.getXrayTraceId();
            return header == null ? null : EventExtractor.xrayRootOrNull(header);
        }
    };

    /** The Lambda request ID of the JVM's first invocation (empty when it had none), null before it. */
    private static final AtomicReference<String> COLD = new AtomicReference<>();
    private final String key;

    StandardField(String key) {
        this.key = key;
    }

    /** @return the context key, as Powertools names it */
    public String key() {
        return key;
    }

    /** For tests of the cold start: the next invocation is the JVM's first again. */
    static void forgetTheFirstInvocation() {
        COLD.set(null);
    }

    /** @return the value for this invocation, or null to leave the field out; never throws */
    abstract String read(Context context);

    /** The runtime's own values; still, nothing that could break a Text line, and nothing huge. */
    private static String printable(String value) {
        if (value == null || value.isEmpty() || value.length() > 512) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return null;
            }
        }
        return value;
    }
}
