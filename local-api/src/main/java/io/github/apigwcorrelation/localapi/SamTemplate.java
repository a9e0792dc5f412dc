package io.github.apigwcorrelation.localapi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A SAM template read into the routes and functions a local API serves: the OpenAPI body of each
 * {@code AWS::Serverless::Api}, the {@code Api} and {@code HttpApi} events of each function. Anything that
 * cannot be served is refused here, naming the resource.
 */
final class SamTemplate {
    private static final Pattern FUNCTION_ARN = Pattern.compile("\\$\\{(\\w+)\\.Arn}");
    private static final List<String> HTTP_METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method");

    private final Path file;
    private final Map<String, Object> resources;
    private final Map<String, Object> functionGlobals;
    private final Map<String, Object> parameters;
    /** What {@code Ref} and {@code Fn::GetAtt} give for a resource the local API made (a queue's URL and ARN). */
    private final Map<String, Map<String, String>> resourceValues = new LinkedHashMap<>();

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.resources = map(root.get("Resources"));
        this.functionGlobals = map(map(root.get("Globals")).get("Function"));
        this.parameters = map(root.get("Parameters"));
    }

    static SamTemplate read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new IntrinsicConstructor()).load(reader);
            if (!(root instanceof Map)) {
                throw new TemplateException(file + " is not a SAM template (no top-level mapping)");
            }
            return new SamTemplate(file, map(root));
        }
    }

    Path file() {
        return file;
    }

    /**
     * Gives {@code Ref} and {@code Fn::GetAtt} of a resource their local values from now on: {@code "Ref"} and each
     * attribute name ({@code Arn}, {@code QueueName}, ...) to its value.
     */
    void bind(String logicalId, Map<String, String> values) {
        resourceValues.put(logicalId, Map.copyOf(values));
    }

    private static final List<String> QUEUE_ATTRIBUTES = List.of("VisibilityTimeout", "DelaySeconds",
            "MessageRetentionPeriod", "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds");

    /** Every {@code AWS::SQS::Queue}, checked: a queue the local API cannot make fails here, naming it. */
    List<QueueDef> queues() {
        List<QueueDef> queues = new ArrayList<>();
        resources.forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (!"AWS::SQS::Queue".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> props = map(resource.get("Properties"));
            if ("true".equalsIgnoreCase(string(props.get("FifoQueue")))) {
                throw new TemplateException("queue " + id + ": FifoQueue is not supported (the local API makes standard queues only)");
            }
            String name = string(props.get("QueueName"));
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String attribute : QUEUE_ATTRIBUTES) {
                String setting = string(props.get(attribute));
                if (setting != null) {
                    attributes.put(attribute, setting);
                }
            }
            String deadLetterQueue = null;
            int maxReceiveCount = 0;
            Map<String, Object> redrive = map(props.get("RedrivePolicy"));
            if (!redrive.isEmpty()) {
                deadLetterQueue = getAttTarget(redrive.get("deadLetterTargetArn"), "Arn");
                if (deadLetterQueue == null || !"AWS::SQS::Queue".equals(map(resources.get(deadLetterQueue)).get("Type"))) {
                    throw new TemplateException("queue " + id + ": RedrivePolicy.deadLetterTargetArn must be !GetAtt <a queue of this template>.Arn");
                }
                maxReceiveCount = intOr(redrive.get("maxReceiveCount"), 0);
                if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
                    throw new TemplateException("queue " + id + ": RedrivePolicy.maxReceiveCount must be 1 to 1000");
                }
            }
            queues.add(new QueueDef(id, name == null ? id : name, attributes, deadLetterQueue, maxReceiveCount));
        });
        return queues;
    }

    /** Every {@code SQS} event of a function: the event source mappings to run. */
    List<SqsEventSourceDef> sqsEventSources() {
        Map<String, FunctionDef> functions = functions();
        List<SqsEventSourceDef> sources = new ArrayList<>();
        functions.forEach((id, function) -> map(properties(id).get("Events")).forEach((eventName, eventValue) -> {
            Map<String, Object> event = map(eventValue);
            if (!"SQS".equals(string(event.get("Type")))) {
                return;
            }
            Map<String, Object> props = map(event.get("Properties"));
            String where = "function " + id + ", event " + eventName;
            String queue = getAttTarget(props.get("Queue"), "Arn");
            if (queue == null || !"AWS::SQS::Queue".equals(map(resources.get(queue)).get("Type"))) {
                throw new TemplateException(where + ": Queue must be !GetAtt <a queue of this template>.Arn (the local API serves its own queues only)");
            }
            if (props.containsKey("FilterCriteria")) {
                // Delivering what a filter would drop would show a consumer lines it never logs in AWS.
                throw new TemplateException(where + ": FilterCriteria is not supported (the local API delivers every message)");
            }
            int batchSize = intOr(props.get("BatchSize"), 10);
            int window = intOr(props.get("MaximumBatchingWindowInSeconds"), 0);
            if (batchSize < 1 || batchSize > 10_000 || (batchSize > 10 && window < 1) || window < 0 || window > 300) {
                throw new TemplateException(where + ": BatchSize " + batchSize + " with MaximumBatchingWindowInSeconds " + window
                        + " is not a valid SQS event source (1 to 10, or up to 10,000 with a window of 1 to 300 s)");
            }
            boolean report = props.get("FunctionResponseTypes") instanceof List<?> types && types.contains("ReportBatchItemFailures");
            boolean enabled = !"false".equalsIgnoreCase(string(props.get("Enabled")));
            sources.add(new SqsEventSourceDef(function, eventName, queue, batchSize, window, report, enabled));
        }));
        return sources;
    }

    /** The logical ID in {@code !GetAtt Name.attribute}, or null when the value is something else. */
    private static String getAttTarget(Object value, String attribute) {
        if (map(value).get("Fn::GetAtt") instanceof List<?> att && att.size() == 2 && attribute.equals(att.get(1))) {
            return String.valueOf(att.get(0));
        }
        return null;
    }

    /** Every function the template declares, with {@code Globals.Function} applied. */
    Map<String, FunctionDef> functions() {
        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        resources.forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                Map<String, Object> props = new LinkedHashMap<>(functionGlobals);
                props.putAll(map(resource.get("Properties")));
                functions.put(id, functionDef(id, props));
            }
        });
        return functions;
    }

    private FunctionDef functionDef(String id, Map<String, Object> props) {
        String runtime = string(props.get("Runtime"));
        if (runtime == null || !runtime.startsWith("java")) {
            throw new TemplateException("function " + id + ": runtime " + runtime + " is not a Java runtime");
        }
        String handler = string(props.get("Handler"));
        if (handler == null || handler.isBlank()) {
            throw new TemplateException("function " + id + " has no Handler");
        }
        String codeUri = string(props.get("CodeUri"));
        if (codeUri == null) {
            throw new TemplateException("function " + id + ": CodeUri must be a local folder");
        }
        Map<String, String> env = new LinkedHashMap<>();
        map(map(props.get("Environment")).get("Variables")).forEach((k, v) -> env.put(k, string(v)));
        String logFormat = string(map(props.get("LoggingConfig")).get("LogFormat"));
        for (String reserved : FunctionEnvironment.RESERVED) {
            if (env.containsKey(reserved)) {
                throw new TemplateException("function " + id + ": Environment.Variables sets " + reserved
                        + ", which Lambda reserves (deploying fails); remove it");
            }
        }
        if (logFormat != null && !logFormat.equals("Text") && !logFormat.equals("JSON")) {
            throw new TemplateException("function " + id + ": LoggingConfig.LogFormat " + logFormat + " is neither Text nor JSON");
        }
        return new FunctionDef(id, handler, file.toAbsolutePath().getParent().resolve(codeUri).normalize(), runtime, env,
                intOr(props.get("MemorySize"), 128), intOr(props.get("Timeout"), 3), logFormat == null ? "Text" : logFormat);
    }

    /** Every route of every API, checked: a route the local API cannot serve fails here. */
    List<Route> routes() {
        Map<String, FunctionDef> functions = functions();
        List<Route> routes = new ArrayList<>();
        resources.forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            Map<String, Object> props = map(resource.get("Properties"));
            if ("AWS::Serverless::Api".equals(resource.get("Type")) && props.containsKey("DefinitionBody")) {
                routes.addAll(openApiRoutes(id, props, functions));
            } else if ("AWS::Serverless::HttpApi".equals(resource.get("Type")) && props.containsKey("DefinitionBody")) {
                throw new TemplateException("HttpApi " + id + ": a DefinitionBody is not supported; declare its routes as HttpApi events");
            }
        });
        functions.forEach((id, function) -> {
            map(properties(id).get("Events")).forEach((eventName, eventValue) -> {
                Map<String, Object> event = map(eventValue);
                Map<String, Object> eventProps = map(event.get("Properties"));
                String type = string(event.get("Type"));
                String where = "function " + id + ", event " + eventName;
                if ("Api".equals(type)) {
                    String api = refName(eventProps.get("RestApiId"), "ServerlessRestApi");
                    if (properties(api).containsKey("DefinitionBody")) {
                        return; // that API's body holds the integration; its routes are read above
                    }
                    routes.add(new Route(api, Route.Kind.REST, method(eventProps, where), path(eventProps, where),
                            function, Integration.PROXY, stage(api)));
                } else if ("HttpApi".equals(type)) {
                    String api = refName(eventProps.get("ApiId"), "ServerlessHttpApi");
                    String version = string(eventProps.getOrDefault("PayloadFormatVersion", "2.0"));
                    Route.Kind kind = switch (version) {
                        case "2.0" -> Route.Kind.HTTP_V2;
                        case "1.0" -> Route.Kind.HTTP_V1;
                        default -> throw new TemplateException(where + ": PayloadFormatVersion " + version + " is unknown");
                    };
                    routes.add(new Route(api, kind, method(eventProps, where), path(eventProps, where), function,
                            Integration.PROXY, "$default"));
                }
            });
        });
        return routes;
    }

    private List<Route> openApiRoutes(String api, Map<String, Object> props, Map<String, FunctionDef> functions) {
        List<Route> routes = new ArrayList<>();
        Map<String, Object> paths = map(map(props.get("DefinitionBody")).get("paths"));
        paths.forEach((path, methodsValue) -> map(methodsValue).forEach((methodKey, operationValue) -> {
            String key = methodKey.toLowerCase(Locale.ROOT);
            if (!HTTP_METHODS.contains(key)) {
                return; // "parameters", "summary", vendor extensions of the path item
            }
            String method = key.equals("x-amazon-apigateway-any-method") ? "ANY" : key.toUpperCase(Locale.ROOT);
            String where = "Api " + api + ", " + method + " " + path;
            Map<String, Object> integration = map(map(operationValue).get("x-amazon-apigateway-integration"));
            if (integration.isEmpty()) {
                throw new TemplateException(where + ": no x-amazon-apigateway-integration");
            }
            String type = String.valueOf(integration.get("type")).toLowerCase(Locale.ROOT);
            if (!type.equals("aws_proxy") && !type.equals("aws")) {
                throw new TemplateException(where + ": integration type " + type
                        + " is not supported (only Lambda integrations: aws_proxy and aws)");
            }
            FunctionDef function = functions.get(functionOf(integration.get("uri"), where));
            if (function == null) {
                throw new TemplateException(where + ": the integration names no function of this template");
            }
            Integration spec = type.equals("aws_proxy") ? Integration.PROXY : Integration.mapping(integration, where);
            routes.add(new Route(api, Route.Kind.REST, method, path, function, spec, stage(api)));
        }));
        return routes;
    }

    /** The logical ID in {@code ...functions/${Name.Arn}/invocations}, in its Sub or GetAtt forms. */
    private static String functionOf(Object uri, String where) {
        Map<String, Object> intrinsic = map(uri);
        Object sub = intrinsic.get("Fn::Sub");
        if (sub instanceof List<?> list && !list.isEmpty()) {
            sub = list.get(0);
        }
        if (sub instanceof String text) {
            Matcher m = FUNCTION_ARN.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        }
        if (intrinsic.get("Fn::Join") instanceof List<?> join && join.size() == 2 && join.get(1) instanceof List<?> parts) {
            for (Object part : parts) {
                if (map(part).get("Fn::GetAtt") instanceof List<?> att && att.size() == 2 && "Arn".equals(att.get(1))) {
                    return String.valueOf(att.get(0));
                }
            }
        }
        throw new TemplateException(where + ": cannot tell which function the integration uri " + uri + " invokes");
    }

    private String stage(String api) {
        String name = string(properties(api).get("StageName"));
        return name == null ? "Prod" : name;
    }

    private Map<String, Object> properties(String logicalId) {
        return map(map(resources.get(logicalId)).get("Properties"));
    }

    private String refName(Object value, String implicit) {
        if (value == null) {
            return implicit;
        }
        Object ref = map(value).get("Ref");
        return ref == null ? String.valueOf(value) : String.valueOf(ref);
    }

    private static String method(Map<String, Object> props, String where) {
        Object method = props.get("Method");
        if (method == null) {
            throw new TemplateException(where + " has no Method");
        }
        String m = String.valueOf(method).toUpperCase(Locale.ROOT);
        return m.equals("X-AMAZON-APIGATEWAY-ANY-METHOD") ? "ANY" : m;
    }

    private static String path(Map<String, Object> props, String where) {
        Object path = props.get("Path");
        if (!(path instanceof String p) || !p.startsWith("/")) {
            throw new TemplateException(where + ": Path must be a literal path starting with /");
        }
        return p;
    }

    /** A scalar as a string, with {@code Ref} to a parameter resolved to its default. */
    private String string(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        Object ref = map(value).get("Ref");
        if (ref != null && resourceValues.containsKey(String.valueOf(ref))) {
            return resourceValues.get(String.valueOf(ref)).get("Ref");
        }
        if (map(value).get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                && resourceValues.containsKey(String.valueOf(att.get(0)))) {
            return resourceValues.get(String.valueOf(att.get(0))).get(String.valueOf(att.get(1)));
        }
        if (ref != null && parameters.containsKey(String.valueOf(ref))) {
            Object fallback = map(parameters.get(String.valueOf(ref))).get("Default");
            return fallback == null ? null : fallback.toString();
        }
        if (ref != null && resources.containsKey(String.valueOf(ref))) {
            return String.valueOf(ref);
        }
        return null;
    }

    private int intOr(Object value, int fallback) {
        String s = string(value);
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /** CloudFormation's short-form tags ({@code !Ref}, {@code !Sub}, ...) read as their long forms. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String name : List.of("Ref", "Condition")) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic(name));
            }
            for (String name : List.of("Sub", "GetAtt", "If", "Equals", "Join", "Select", "Split", "FindInMap",
                    "ImportValue", "Not", "And", "Or", "Base64", "GetAZs", "Cidr", "Transform", "ToJsonString", "Length")) {
                yamlConstructors.put(new Tag("!" + name), new Intrinsic("Fn::" + name));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = key.equals("Fn::GetAtt") && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
