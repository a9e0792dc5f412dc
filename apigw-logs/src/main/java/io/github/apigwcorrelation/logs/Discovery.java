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
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * Finds the log groups of an API stage: its execution log group (REST and WebSocket APIs; HTTP APIs
 * have none), its access log group (from the stage settings), and the group of every Lambda function
 * its integrations and authorizers call. {@code --api-id} alone tells the kind: a REST API
 * ({@code apigateway}), else an HTTP or WebSocket API ({@code apigatewayv2}).
 *
 * <p>The integrations are those of the deployment the stage serves, not the API's current draft: a
 * REST stage's export ({@code GetExport} with the integrations extension) and an HTTP API stage's
 * export ({@code ExportApi} with {@code stageName}) are exactly that. Where an export cannot say
 * (WebSocket APIs have none; an emulator's lacks the integrations), the current integrations are read
 * and stderr says so. Stage variables in integration URIs are resolved with the stage's values;
 * aliases and versions are stripped; each function's {@code LoggingConfig.LogGroup} is honoured.
 */
final class Discovery {
    private static final Pattern LAMBDA_URI = Pattern.compile(":lambda:path/\\d{4}-\\d{2}-\\d{2}/functions/(.+?)/invocations");
    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");
    private static final int PAGE = 500;

    private static final Pattern LAMBDA_ARN = Pattern.compile("^arn:aws[a-z-]*:lambda:[^:]+:\\d{12}:function:.+");

    private final ApiGatewayClient apigateway;
    private final ApiGatewayV2Client apigatewayv2;
    private final LambdaClient lambda;
    private final PrintStream err;
    /** What the API is, once {@link #sources} has found out. */
    private String kind = "REST";

    Discovery(ApiGatewayClient apigateway, ApiGatewayV2Client apigatewayv2, LambdaClient lambda, PrintStream err) {
        this.apigateway = apigateway;
        this.apigatewayv2 = apigatewayv2;
        this.lambda = lambda;
        this.err = err;
    }

    /** {@code REST}, {@code HTTP} or {@code WEBSOCKET}. */
    String kind() {
        return kind;
    }

    /** One function's group alone ({@code --function} without an API). */
    Source functionSource(String function) {
        String unqualified = stripQualifier(function);
        String name = functionName(unqualified);
        try {
            GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(r -> r.functionName(unqualified));
            String group = c.loggingConfig() != null && c.loggingConfig().logGroup() != null
                    && !c.loggingConfig().logGroup().isBlank() ? c.loggingConfig().logGroup() : "/aws/lambda/" + name;
            return new Source(name, group, Source.Kind.LAMBDA);
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new CliException(3, "No function named '" + function + "' in this region (lambda:GetFunctionConfiguration). "
                        + "Check --function and --region.", e);
            }
            throw AwsErrors.translate("lambda:GetFunctionConfiguration", "function " + function, e);
        }
    }

    /** The stage's sources: execution log, access log (when configured), then functions by name. */
    List<Source> sources(String apiId, String stageName) {
        try {
            apigateway.getRestApi(r -> r.restApiId(apiId));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return v2Sources(apiId, stageName, e);
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
        List<String> deployed = exportedUris("REST API " + apiId + "/" + stageName, () -> {
            var export = apigateway.getExport(r -> r.restApiId(apiId).stageName(stageName).exportType("oas30")
                    .parameters(Map.of("extensions", "integrations")).accepts("application/json"));
            return export.body().asUtf8String();
        });
        for (String uri : deployed != null ? deployed : integrationUris(apiId)) {
            addFunction(functions, uri, variables);
        }
        for (String uri : authorizerUris(apiId)) {
            addFunction(functions, uri, variables);
        }
        sources.addAll(functionSources(functions));
        return sources;
    }

    /** An HTTP or WebSocket API's sources; {@code restMiss} is the REST lookup's not-found, for the message. */
    private List<Source> v2Sources(String apiId, String stageName, SdkException restMiss) {
        software.amazon.awssdk.services.apigatewayv2.model.GetApiResponse api;
        try {
            api = apigatewayv2.getApi(r -> r.apiId(apiId));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new CliException(3, "No REST, HTTP or WebSocket API with ID '" + apiId + "' in this region "
                        + "(apigateway:GetRestApi, apigateway:GetApi). Check --api-id and --region.", restMiss);
            }
            throw AwsErrors.translate("apigateway:GET /v2/apis/" + apiId, "API " + apiId, e);
        }
        kind = api.protocolTypeAsString();
        String what = (kind.equals("WEBSOCKET") ? "WebSocket API " : "HTTP API ") + apiId;
        software.amazon.awssdk.services.apigatewayv2.model.GetStageResponse stage;
        try {
            stage = apigatewayv2.getStage(r -> r.apiId(apiId).stageName(stageName));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new CliException(3, what + " has no stage '" + stageName + "' (apigateway:GetStage); its stages: "
                        + v2StageNames(apiId), e);
            }
            throw AwsErrors.translate("apigateway:GET /v2/apis/" + apiId + "/stages/" + stageName, what, e);
        }
        List<Source> sources = new ArrayList<>();
        if (kind.equals("WEBSOCKET")) {
            sources.add(new Source("execution", "API-Gateway-Execution-Logs_" + apiId + "/" + stageName, Source.Kind.EXECUTION));
        }
        String access = stage.accessLogSettings() == null ? null : stage.accessLogSettings().destinationArn();
        if (access != null && access.startsWith("arn:") && access.contains(":log-group:")) {
            sources.add(new Source("access", logGroupOf(access), Source.Kind.ACCESS));
        } else if (access != null) {
            err.println("apigw-logs: the access log of " + apiId + "/" + stageName + " goes to " + access
                    + ", not CloudWatch Logs; it is not read");
        }
        Map<String, String> variables = stage.stageVariables() == null ? Map.of() : stage.stageVariables();
        List<String> uris = kind.equals("HTTP") ? exportedUris(what + "/" + stageName, () -> apigatewayv2.exportApi(
                r -> r.apiId(apiId).specification("OAS30").outputType("JSON").stageName(stageName).includeExtensions(true))
                .body().asUtf8String()) : null;
        if (uris == null) {
            uris = v2IntegrationUris(apiId, what);
        }
        Map<String, String> functions = new TreeMap<>();
        for (String uri : uris) {
            addFunction(functions, uri, variables);
        }
        for (String uri : v2AuthorizerUris(apiId, what)) {
            addFunction(functions, uri, variables);
        }
        sources.addAll(functionSources(functions));
        return sources;
    }

    /**
     * The integration URIs of a stage's export, or {@code null} (with a note on stderr) when the export
     * cannot be had or does not hold them: every deployed method has an integration, so an export
     * without any is one that left the extension out.
     */
    private List<String> exportedUris(String what, java.util.function.Supplier<String> export) {
        String body;
        try {
            body = export.get();
        } catch (SdkException e) {
            err.println("apigw-logs: cannot export the deployment " + what + " serves (" + AwsErrors.brief(e)
                    + "); reading the API's current integrations");
            return null;
        }
        Map<String, Object> doc = Json.parseObject(body);
        Object paths = doc == null ? null : doc.get("paths");
        List<String> uris = new ArrayList<>();
        int methods = 0;
        if (paths instanceof Map) {
            for (Object item : ((Map<?, ?>) paths).values()) {
                if (!(item instanceof Map)) {
                    continue;
                }
                for (Object op : ((Map<?, ?>) item).values()) {
                    if (!(op instanceof Map)) {
                        continue;
                    }
                    methods++;
                    Object integration = ((Map<?, ?>) op).get("x-amazon-apigateway-integration");
                    if (integration instanceof Map && ((Map<?, ?>) integration).get("uri") instanceof String) {
                        uris.add((String) ((Map<?, ?>) integration).get("uri"));
                    }
                }
            }
        }
        if (methods > 0 && uris.isEmpty()) {
            err.println("apigw-logs: the export of the deployment " + what + " serves holds no integrations; "
                    + "reading the API's current integrations");
            return null;
        }
        return uris;
    }

    private List<String> v2IntegrationUris(String apiId, String what) {
        List<String> uris = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            software.amazon.awssdk.services.apigatewayv2.model.GetIntegrationsResponse page;
            try {
                page = apigatewayv2.getIntegrations(r -> r.apiId(apiId).nextToken(t).maxResults("500"));
            } catch (SdkException e) {
                throw AwsErrors.translate("apigateway:GET /v2/apis/" + apiId + "/integrations", what, e);
            }
            page.items().forEach(i -> {
                if (i.integrationUri() != null) {
                    uris.add(i.integrationUri());
                }
            });
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return uris;
    }

    private List<String> v2AuthorizerUris(String apiId, String what) {
        List<String> uris = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            software.amazon.awssdk.services.apigatewayv2.model.GetAuthorizersResponse page;
            try {
                page = apigatewayv2.getAuthorizers(r -> r.apiId(apiId).nextToken(t).maxResults("500"));
            } catch (SdkException e) {
                // Authorizers only add groups: without them the request's own functions are still read.
                err.println("apigw-logs: cannot list the authorizers of " + what + " (" + AwsErrors.brief(e)
                        + "); their functions are not read");
                return uris;
            }
            page.items().forEach(a -> {
                if (a.authorizerUri() != null) {
                    uris.add(a.authorizerUri());
                }
            });
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return uris;
    }

    private String v2StageNames(String apiId) {
        try {
            return apigatewayv2.getStages(r -> r.apiId(apiId)).items().stream()
                    .map(software.amazon.awssdk.services.apigatewayv2.model.Stage::stageName).sorted()
                    .collect(Collectors.joining(", "));
        } catch (SdkException e) {
            return "(apigateway:GetStages failed: " + AwsErrors.brief(e) + ")";
        }
    }

    private String stageNames(String apiId) {
        try {
            return apigateway.getStages(r -> r.restApiId(apiId)).item().stream()
                    .map(Stage::stageName).sorted().collect(Collectors.joining(", "));
        } catch (SdkException e) {
            return "(apigateway:GetStages failed: " + AwsErrors.brief(e) + ")";
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
        String ref;
        Matcher m = LAMBDA_URI.matcher(uri);
        if (m.find()) {
            ref = m.group(1);
        } else if (LAMBDA_ARN.matcher(uri).matches()) {
            ref = uri;   // HTTP APIs take the function's ARN itself
        } else {
            return;
        }
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
    List<Source> functionSources(Map<String, String> functions) {
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
