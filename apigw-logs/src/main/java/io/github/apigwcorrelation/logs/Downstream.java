package io.github.apigwcorrelation.logs;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ListStackResourcesResponse;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.ListEventSourceMappingsResponse;

/**
 * Finds the functions a request may reach past the API's own: the hops {@code request} searches for the
 * request's ID as {@code OriginRequestId}. Bounded, whatever the size of the account:
 * <ol>
 *   <li>{@code --downstream NAME} (repeatable): functions named by the user, always searched;</li>
 *   <li>the API's CloudFormation stack ({@code --stack NAME}, repeatable, or else the stack that owns the API,
 *       from {@code DescribeStackResources} with the API's ID as physical resource ID): every function of the
 *       stack and of its nested stacks ({@code ListStackResources}, at most {@value #MAX_STACKS} stacks), plus
 *       the consumers of the stack's queues that live elsewhere ({@code ListEventSourceMappings} by queue, at
 *       most {@value #MAX_QUEUES} queues). A stack is the application's boundary: it holds the consumers, the
 *       topics' and rules' targets and the functions invoked, which no event source mapping names;</li>
 *   <li>without a stack: the region's event source mappings whose source is an SQS queue
 *       ({@code ListEventSourceMappings}, 100 a page, at most {@value #MAX_MAPPING_PAGES} pages). Which queues
 *       the API's functions send to is written nowhere an API can read (code, environment, IAM policies), so
 *       every SQS consumer is a candidate.</li>
 * </ol>
 * The API's own functions are left out (their groups are searched already), and at most
 * {@value #MAX_FUNCTIONS} functions are kept (one Logs Insights query): those named first, then the stack's,
 * then the consumers; what was cut is said.
 */
final class Downstream {
    static final int MAX_FUNCTIONS = InsightsSearch.MAX_GROUPS_PER_QUERY;
    static final int MAX_STACKS = 10;
    static final int MAX_QUEUES = 20;
    static final int MAX_MAPPING_PAGES = 10;

    /**
     * The functions to search and what was searched, for the stderr line.
     *
     * @param sources the functions' log groups
     * @param where where they come from, for people ({@code stack orders: 3 functions, ...})
     */
    record Found(List<Source> sources, String where) {
    }

    private final CloudFormationClient cloudformation;
    private final LambdaClient lambda;
    private final Discovery discovery;
    private final PrintStream err;

    Downstream(CloudFormationClient cloudformation, LambdaClient lambda, Discovery discovery, PrintStream err) {
        this.cloudformation = cloudformation;
        this.lambda = lambda;
        this.discovery = discovery;
        this.err = err;
    }

    /** What one stack holds that matters here. */
    private static final class StackResources {
        final Map<String, String> functions = new LinkedHashMap<>();   // name → physical ID
        final List<String> queues = new ArrayList<>();   // queue URLs
        int topics;
        int rules;
        final List<String> stacks = new ArrayList<>();   // the stack and its nested stacks, by name or ARN
    }

    /**
     * The downstream functions of an API.
     *
     * @param apiId the API's ID, to find its stack when none is named
     * @param stacks the stacks named with {@code --stack} (an error there is an error)
     * @param named the functions named with {@code --downstream}
     * @param apiFunctions the API's own functions, by name (left out)
     */
    Found find(String apiId, List<String> stacks, List<String> named, Set<String> apiFunctions) {
        List<String> parts = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>(apiFunctions);
        for (String n : named) {
            Source s = discovery.functionSource(n);
            if (taken.add(s.label())) {
                sources.add(s);
            }
        }
        if (!named.isEmpty()) {
            parts.add("--downstream " + String.join(", ", named));
        }
        Map<String, String> candidates = new LinkedHashMap<>();
        List<String> stackNames = new ArrayList<>(stacks);
        if (stackNames.isEmpty()) {
            String own = stackOf(apiId);
            if (own != null) {
                stackNames.add(own);
            }
        }
        if (!stackNames.isEmpty()) {
            StackResources r = resources(stackNames, !stacks.isEmpty());
            r.functions.keySet().stream().filter(f -> !taken.contains(f)).forEach(f -> candidates.putIfAbsent(f, r.functions.get(f)));
            long own = r.functions.keySet().stream().filter(apiFunctions::contains).count();
            parts.add((r.stacks.size() == 1 ? "stack " : "stacks ") + String.join(", ", r.stacks) + ": "
                    + count(r.functions.size(), "function") + (own > 0 ? " (" + own + " the API's)" : "") + ", "
                    + count(r.queues.size(), "queue") + ", " + count(r.topics, "topic") + ", " + count(r.rules, "rule"));
            Map<String, String> consumers = consumersOf(r.queues);
            List<String> elsewhere = consumers.keySet().stream()
                    .filter(f -> !r.functions.containsKey(f) && !taken.contains(f)).collect(Collectors.toList());
            if (!elsewhere.isEmpty()) {
                parts.add("consumers of its queues in other stacks: " + String.join(", ", elsewhere));
                elsewhere.forEach(f -> candidates.putIfAbsent(f, consumers.get(f)));
            }
        } else {
            Map<String, String> consumers = sqsConsumers(parts);
            consumers.keySet().stream().filter(f -> !taken.contains(f)).forEach(f -> candidates.putIfAbsent(f, consumers.get(f)));
        }
        int room = Math.max(0, MAX_FUNCTIONS - sources.size());
        Map<String, String> kept = new LinkedHashMap<>();
        candidates.entrySet().stream().limit(room).forEach(e -> kept.put(e.getKey(), e.getValue()));
        if (candidates.size() > kept.size()) {
            parts.add((candidates.size() - kept.size()) + " more functions not searched, " + MAX_FUNCTIONS
                    + " at most: name the stack with --stack or the functions with --downstream");
        }
        sources.addAll(discovery.functionSources(kept));
        return new Found(sources, String.join("; ", parts));
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** The stack that owns the API, or {@code null} (with the reason on stderr when it is not simply none). */
    private String stackOf(String apiId) {
        try {
            List<software.amazon.awssdk.services.cloudformation.model.StackResource> r = cloudformation
                    .describeStackResources(b -> b.physicalResourceId(apiId)).stackResources();
            return r.isEmpty() ? null : r.get(0).stackName();
        } catch (SdkException e) {
            if (!AwsErrors.code(e).equals("ValidationError")) {   // "Stack for <id> does not exist": no stack
                err.println(Escape.text("apigw-logs: cannot tell which CloudFormation stack holds API " + apiId
                        + " (cloudformation:DescribeStackResources: " + AwsErrors.brief(e) + "); reading the region's SQS event source mappings"));
            }
            return null;
        }
    }

    /** The functions, queues, topics and rules of the stacks and their nested stacks. */
    private StackResources resources(List<String> names, boolean named) {
        StackResources r = new StackResources();
        Deque<String> todo = new ArrayDeque<>(names);
        Set<String> seen = new LinkedHashSet<>();
        while (!todo.isEmpty() && seen.size() < MAX_STACKS) {
            String stack = todo.poll();
            if (!seen.add(stack)) {
                continue;
            }
            r.stacks.add(stackName(stack));
            String token = null;
            do {
                String t = token;
                ListStackResourcesResponse page;
                try {
                    page = cloudformation.listStackResources(b -> b.stackName(stack).nextToken(t));
                } catch (SdkException e) {
                    boolean missing = AwsErrors.code(e).equals("ValidationError");
                    if (named && names.contains(stack)) {
                        if (missing) {
                            throw new CliException(3, "No CloudFormation stack named '" + stack + "' in this region "
                                    + "(cloudformation:ListStackResources). Check --stack and --region.", e);
                        }
                        throw AwsErrors.translate("cloudformation:ListStackResources", "stack " + stack, e);
                    }
                    err.println(Escape.text("apigw-logs: cannot list the resources of stack " + stack + " ("
                            + AwsErrors.brief(e) + "); its functions are not searched"));
                    break;
                }
                for (StackResourceSummary s : page.stackResourceSummaries()) {
                    String id = s.physicalResourceId();
                    if (id == null || id.isBlank()) {
                        continue;   // not created (yet), or deleted
                    }
                    switch (String.valueOf(s.resourceType())) {
                        case "AWS::Lambda::Function":
                            r.functions.putIfAbsent(Discovery.functionName(Discovery.stripQualifier(id)), id);
                            break;
                        case "AWS::SQS::Queue":
                            r.queues.add(id);
                            break;
                        case "AWS::SNS::Topic":
                            r.topics++;
                            break;
                        case "AWS::Events::Rule":
                            r.rules++;
                            break;
                        case "AWS::CloudFormation::Stack":
                            todo.add(id);
                            break;
                        default:
                            break;
                    }
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        }
        if (!todo.isEmpty()) {
            err.println("apigw-logs: " + todo.size() + " nested stacks past the first " + MAX_STACKS
                    + " are not read; name their functions with --downstream");
        }
        return r;
    }

    /** {@code arn:aws:cloudformation:r:a:stack/NAME/uuid} → {@code NAME}. */
    private static String stackName(String ref) {
        int slash = ref.indexOf(":stack/");
        if (slash < 0) {
            return ref;
        }
        String rest = ref.substring(slash + ":stack/".length());
        return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    }

    /** The functions that consume the given queues (by URL), one {@code ListEventSourceMappings} per queue. */
    private Map<String, String> consumersOf(List<String> queueUrls) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String url : queueUrls) {
            if (n++ >= MAX_QUEUES) {
                err.println("apigw-logs: the consumers of " + (queueUrls.size() - MAX_QUEUES) + " more queues past the first "
                        + MAX_QUEUES + " are not looked up; name them with --downstream");
                break;
            }
            String arn = queueArn(url);
            if (arn == null) {
                continue;
            }
            if (!mappings(arn, out, 1, null)) {
                break;
            }
        }
        return out;
    }

    /** Every SQS consumer of the region (the no-stack case). */
    private Map<String, String> sqsConsumers(List<String> parts) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] mappings = {0};
        boolean complete = mappings(null, out, MAX_MAPPING_PAGES, mappings);
        parts.add("no CloudFormation stack holds the API, --stack names one; the region's SQS event source mappings: "
                + count(mappings[0], "mapping") + " to " + count(out.size(), "function")
                + (complete ? "" : ", of the first " + MAX_MAPPING_PAGES * 100 + " mappings only"));
        return out;
    }

    /**
     * Adds the functions of the event source mappings of {@code sourceArn} (all SQS ones when {@code null}).
     *
     * @return whether every page was read
     */
    private boolean mappings(String sourceArn, Map<String, String> out, int maxPages, int[] counted) {
        String marker = null;
        for (int page = 0; page < maxPages; page++) {
            String m = marker;
            ListEventSourceMappingsResponse r;
            try {
                r = lambda.listEventSourceMappings(b -> b.eventSourceArn(sourceArn).marker(m).maxItems(100));
            } catch (SdkException e) {
                err.println(Escape.text("apigw-logs: cannot list event source mappings"
                        + (sourceArn == null ? "" : " of " + sourceArn) + " (lambda:ListEventSourceMappings: "
                        + AwsErrors.brief(e) + "); their consumers are not searched (--downstream names them)"));
                return false;
            }
            for (EventSourceMappingConfiguration c : r.eventSourceMappings()) {
                String source = c.eventSourceArn();
                if (source == null || c.functionArn() == null || !SQS_ARN.matcher(source).matches()) {
                    continue;
                }
                if (counted != null) {
                    counted[0]++;
                }
                String unqualified = Discovery.stripQualifier(c.functionArn());
                out.putIfAbsent(Discovery.functionName(unqualified), unqualified);
            }
            marker = r.nextMarker();
            if (marker == null || marker.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern SQS_ARN = java.util.regex.Pattern.compile("^arn:aws[a-z-]*:sqs:[^:]+:\\d{12}:.+");

    /**
     * A queue URL ({@code https://sqs.REGION.amazonaws.com/ACCOUNT/NAME}, or the legacy
     * {@code https://REGION.queue.amazonaws.com/...}) as the ARN an event source mapping names, or {@code null}.
     */
    static String queueArn(String url) {
        if (url.startsWith("arn:")) {
            return url;
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String host = u.getHost();
        String[] path = u.getPath() == null ? new String[0] : u.getPath().split("/");
        if (host == null || path.length != 3 || !path[1].matches("\\d{12}")) {
            return null;
        }
        String[] labels = host.split("\\.");
        String region = host.startsWith("sqs.") && labels.length > 2 ? labels[1]
                : labels.length > 2 && labels[1].equals("queue") ? labels[0] : null;
        if (region == null) {
            return null;
        }
        String partition = host.endsWith(".com.cn") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":sqs:" + region + ":" + path[1] + ":" + path[2];
    }
}
