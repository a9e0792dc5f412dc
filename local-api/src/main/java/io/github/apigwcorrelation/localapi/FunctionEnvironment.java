package io.github.apigwcorrelation.localapi;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables of one execution environment, built as Lambda builds them: never the local
 * API's own environment, but Lambda's defaults, the function's {@code Environment.Variables}, then the
 * variables Lambda reserves. Only the AWS region and credentials come from the host, as {@code sam local}
 * passes them, so a function can still call AWS.
 */
final class FunctionEnvironment {
    /** Keys Lambda sets itself and refuses in {@code Environment.Variables}. */
    static final List<String> RESERVED = List.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    private static final List<String> FROM_HOST = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    private static final SecureRandom RANDOM = new SecureRandom();

    private FunctionEnvironment() {}

    /**
     * The variables of a new execution environment of {@code function}.
     *
     * @param function the function, with its effective log format
     * @param taskRoot where its code is ({@code LAMBDA_TASK_ROOT})
     * @param host the local API's own environment: only the region and credentials are read from it
     * @return the variables, in a stable order
     */
    static Map<String, String> of(FunctionDef function, String taskRoot, Map<String, String> host) {
        Map<String, String> env = new LinkedHashMap<>();
        // Lambda's defaults, which a function may override.
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(function.environment());
        String region = region(host);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        for (String key : FROM_HOST) {
            if (host.get(key) != null && !host.get(key).isBlank()) {
                env.put(key, host.get(key));
            }
        }
        if (env.containsKey(SQS_ENDPOINT) && !env.containsKey("AWS_ACCESS_KEY_ID")) {
            // The local SQS server checks no signature, but an SDK signs every call: without credentials the SDK
            // would look for them in profiles and instance metadata, then fail.
            env.put("AWS_ACCESS_KEY_ID", "local-api");
            env.put("AWS_SECRET_ACCESS_KEY", "local-api");
        }
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        byte[] stream = new byte[16];
        RANDOM.nextBytes(stream);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
                + "/[$LATEST]" + HexFormat.of().formatHex(stream));
        // What LoggingConfig.LogFormat becomes inside the function: the runtime and its Log4j2 appender read it.
        env.put("AWS_LAMBDA_LOG_FORMAT", function.json() ? "JSON" : "Text");
        env.put("LAMBDA_TASK_ROOT", taskRoot);
        return env;
    }

    /** The variable that points an AWS SDK's SQS client at another endpoint (SDKs read it since 2023). */
    static final String SQS_ENDPOINT = "AWS_ENDPOINT_URL_SQS";

    /** The region the functions run in: the host's, else {@code us-east-1}. */
    static String region(Map<String, String> host) {
        return firstNonBlank(host.get("AWS_REGION"), host.get("AWS_DEFAULT_REGION"), "us-east-1");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
