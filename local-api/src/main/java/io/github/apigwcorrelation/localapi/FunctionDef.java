package io.github.apigwcorrelation.localapi;

import java.nio.file.Path;
import java.util.Map;

/**
 * A function of the template, with {@code Globals.Function} applied.
 *
 * @param logicalId its logical ID
 * @param handler its {@code Handler} setting
 * @param codeUri the folder its {@code CodeUri} names
 * @param environment its {@code Environment.Variables}
 * @param memoryMb its {@code MemorySize}
 * @param timeoutSeconds its {@code Timeout}
 * @param logFormat its {@code LoggingConfig.LogFormat}: Text or JSON
 */
record FunctionDef(String logicalId, String handler, Path codeUri, Map<String, String> environment, int memoryMb,
        int timeoutSeconds, String logFormat) {}
