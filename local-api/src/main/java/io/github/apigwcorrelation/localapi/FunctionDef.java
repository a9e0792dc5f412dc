package io.github.apigwcorrelation.localapi;

import java.nio.file.Path;
import java.util.Map;

/**
 * A function of the template, with {@code Globals.Function} applied.
 *
 * @param logicalId its logical ID
 * @param handler its {@code Handler} setting
 * @param codeUri the folder its {@code CodeUri} names
 * @param runtime its {@code Runtime} ({@code java21}, ...)
 * @param environment its {@code Environment.Variables}
 * @param memoryMb its {@code MemorySize}
 * @param timeoutSeconds its {@code Timeout}
 * @param logFormat its {@code LoggingConfig.LogFormat}: Text or JSON
 */
record FunctionDef(String logicalId, String handler, Path codeUri, String runtime, Map<String, String> environment,
        int memoryMb, int timeoutSeconds, String logFormat) {

    /** True when its lines (platform and application) are JSON. */
    boolean json() {
        return "JSON".equalsIgnoreCase(logFormat);
    }

    /** The same function with these variables added to its {@code Environment.Variables} (a template's own win). */
    FunctionDef withEnvironment(Map<String, String> added) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(added);
        merged.putAll(environment);
        return new FunctionDef(logicalId, handler, codeUri, runtime, merged, memoryMb, timeoutSeconds, logFormat);
    }

    /** The same function with another log format, or this one when {@code format} is null. */
    FunctionDef withLogFormat(String format) {
        return format == null ? this
                : new FunctionDef(logicalId, handler, codeUri, runtime, environment, memoryMb, timeoutSeconds, format);
    }
}
