package io.github.apigwcorrelation.logs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.Authorizer;
import software.amazon.awssdk.services.apigateway.model.GetAuthorizersResponse;
import software.amazon.awssdk.services.apigateway.model.GetResourcesResponse;
import software.amazon.awssdk.services.apigateway.model.GetStageResponse;
import software.amazon.awssdk.services.apigateway.model.Integration;
import software.amazon.awssdk.services.apigateway.model.Method;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.Stage;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * Finds the log groups of a REST API stage: its execution log group, its access log group (from the
 * stage settings), and the group of every Lambda function its integrations and authorizers call.
 * Resources and authorizers are read page by page; stage variables in integration URIs are resolved
 * with the stage's values; aliases and versions are stripped; each function's
 * {@code LoggingConfig.LogGroup} is honoured.
 */
final class Discovery {
    private static final Pattern LAMBDA_URI = Pattern.compile(":lambda:path/\\d{4}-\\d{2}-\\d{2}/functions/(.+?)/invocations");
    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");
    private static final int PAGE = 500;

    private final ApiGatewayClient apigateway;
    private final LambdaClient lambda;
    private final PrintStream err;

    Discovery(ApiGatewayClient apigateway, LambdaClient lambda, PrintStream err) {
        this.apigateway = apigateway;
        this.lambda = lambda;
        this.err = err;
    }

    /** The stage's sources: execution log, access log (when configured), then functions by name. */
    List<Source> sources(String apiId, String stageName) {
        try {
            apigateway.getRestApi(r -> r.restApiId(apiId));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new CliException(3, "No REST API with ID '" + apiId + "' in this region (apigateway:GetRestApi). "
                        + "Check --api-id and --region; HTTP APIs (apigatewayv2) are not supported.", e);
            }
            throw AwsErrors.translate("apigateway:GET /restapis/" + apiId, "REST API " + apiId, e);
        }
        GetStageResponse stage;
        try {
            stage = apigateway.getStage(r -> r.restApiId(apiId).stageName(stageName));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new CliException(3, "REST API " + apiId + " has no stage '" + stageName
                        + "' (apigateway:GetStage); its stages: " + stageNames(apiId), e);
            }
            throw AwsErrors.translate("apigateway:GET /restapis/" + apiId + "/stages/" + stageName,
                    "stage " + apiId + "/" + stageName, e);
        }
        List<Source> sources = new ArrayList<>();
        sources.add(new Source("execution", "API-Gateway-Execution-Logs_" + apiId + "/" + stageName, Source.Kind.EXECUTION));
        String access = stage.accessLogSettings() == null ? null : stage.accessLogSettings().destinationArn();
        if (access != null && access.startsWith("arn:") && access.contains(":log-group:")) {
            sources.add(new Source("access", logGroupOf(access), Source.Kind.ACCESS));
        } else if (access != null) {
            err.println("apigw-logs: the access log of " + apiId + "/" + stageName + " goes to " + access
                    + ", not CloudWatch Logs; it is not read");
        }
        Map<String, String> variables = stage.variables() == null ? Map.of() : stage.variables();
        Map<String, String> functions = new TreeMap<>();
        for (String uri : integrationUris(apiId)) {
            addFunction(functions, uri, variables);
        }
        for (String uri : authorizerUris(apiId)) {
            addFunction(functions, uri, variables);
        }
        sources.addAll(functionSources(functions));
        return sources;
    }

    private String stageNames(String apiId) {
        try {
            return apigateway.getStages(r -> r.restApiId(apiId)).item().stream()
                    .map(Stage::stageName).sorted().collect(Collectors.joining(", "));
        } catch (SdkException e) {
            return "(apigateway:GetStages failed: " + AwsErrors.code(e) + ")";
        }
    }

    /** {@code arn:aws:logs:region:account:log-group:NAME[:*]} → {@code NAME}. */
    static String logGroupOf(String arn) {
        String name = arn.substring(arn.indexOf(":log-group:") + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    private List<String> integrationUris(String apiId) {
        List<String> uris = new ArrayList<>();
        String position = null;
        do {
            String pos = position;
            GetResourcesResponse page;
            try {
                page = apigateway.getResources(r -> r.restApiId(apiId).embed("methods").limit(PAGE).position(pos));
            } catch (SdkException e) {
                throw AwsErrors.translate("apigateway:GET /restapis/" + apiId + "/resources", "REST API " + apiId, e);
            }
            for (Resource resource : page.items()) {
                for (Map.Entry<String, Method> m : resource.resourceMethods().entrySet()) {
                    Integration integration = m.getValue() == null ? null : m.getValue().methodIntegration();
                    if (integration == null) {
                        // Without embedded methods, ask for the integration itself.
                        integration = integration(apiId, resource, m.getKey());
                    }
                    if (integration != null && integration.uri() != null) {
                        uris.add(integration.uri());
                    }
                }
            }
            position = page.position();
        } while (position != null && !position.isEmpty());
        return uris;
    }

    private Integration integration(String apiId, Resource resource, String httpMethod) {
        try {
            var r = apigateway.getIntegration(b -> b.restApiId(apiId).resourceId(resource.id()).httpMethod(httpMethod));
            return Integration.builder().type(r.type()).uri(r.uri()).build();
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return null;
            }
            throw AwsErrors.translate("apigateway:GET .../integration", httpMethod + " " + resource.path(), e);
        }
    }

    private List<String> authorizerUris(String apiId) {
        List<String> uris = new ArrayList<>();
        String position = null;
        do {
            String pos = position;
            GetAuthorizersResponse page;
            try {
                page = apigateway.getAuthorizers(r -> r.restApiId(apiId).limit(PAGE).position(pos));
            } catch (SdkException e) {
                throw AwsErrors.translate("apigateway:GET /restapis/" + apiId + "/authorizers", "REST API " + apiId, e);
            }
            for (Authorizer a : page.items()) {
                if (a.authorizerUri() != null) {
                    uris.add(a.authorizerUri());
                }
            }
            position = page.position();
        } while (position != null && !position.isEmpty());
        return uris;
    }

    /** Adds {@code name → function reference without qualifier} for a Lambda integration URI. */
    void addFunction(Map<String, String> functions, String uri, Map<String, String> variables) {
        Matcher m = LAMBDA_URI.matcher(uri);
        if (!m.find()) {
            return;
        }
        String ref = m.group(1);
        Matcher v = STAGE_VARIABLE.matcher(ref);
        StringBuilder resolved = new StringBuilder();
        while (v.find()) {
            String value = variables.get(v.group(1));
            if (value == null) {
                err.println("apigw-logs: integration " + ref + " uses stage variable " + v.group(1)
                        + ", which the stage does not set; skipped");
                return;
            }
            v.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        v.appendTail(resolved);
        String unqualified = stripQualifier(resolved.toString());
        functions.putIfAbsent(functionName(unqualified), unqualified);
    }

    /**
     * {@code arn:aws:lambda:r:a:function:NAME:ALIAS} → {@code arn:aws:lambda:r:a:function:NAME}; {@code NAME:ALIAS} →
     * {@code NAME}. Aliases and versions log to the function's group.
     */
    static String stripQualifier(String ref) {
        if (ref.startsWith("arn:")) {
            String[] parts = ref.split(":", -1);
            return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : ref;
        }
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    static String functionName(String unqualified) {
        return unqualified.substring(unqualified.lastIndexOf(':') + 1);
    }

    /** One {@code GetFunctionConfiguration} per function, four at a time. */
    private List<Source> functionSources(Map<String, String> functions) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, functions.size())));
        try {
            Map<String, Future<String>> groups = new LinkedHashMap<>();
            functions.forEach((name, ref) -> groups.put(name, pool.submit(() -> logGroupOfFunction(name, ref))));
            List<Source> out = new ArrayList<>();
            for (Map.Entry<String, Future<String>> g : groups.entrySet()) {
                out.add(new Source(g.getKey(), get(g.getValue()), Source.Kind.LAMBDA));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String get(Future<String> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(130, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private String logGroupOfFunction(String name, String ref) {
        String fallback = "/aws/lambda/" + name;
        try {
            GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(r -> r.functionName(ref));
            if (c.loggingConfig() != null && c.loggingConfig().logGroup() != null && !c.loggingConfig().logGroup().isBlank()) {
                return c.loggingConfig().logGroup();
            }
            return fallback;
        } catch (SdkException e) {
            CliException why = AwsErrors.isNotFound(e)
                    ? new CliException(1, "function " + ref + " does not exist (lambda:GetFunctionConfiguration)")
                    : AwsErrors.translate("lambda:GetFunctionConfiguration", "function " + ref, e);
            err.println("apigw-logs: " + why.getMessage() + "; reading " + fallback);
            return fallback;
        }
    }
}
