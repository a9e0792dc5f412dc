package io.github.apigwcorrelation.e2e.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function that answers questions about the execution environment it runs in, behind an HTTP API route
 * {@code /<prefix>/{action}?...}: {@code env?name=X}, {@code envkeys}, {@code setprop?name=&value=},
 * {@code getprop?name=}, {@code maxheapmb}, {@code sleep?millis=}. Depends on nothing but {@code aws-lambda-java-core}, which the
 * runtime provides, so its code is this one class.
 */
public final class IsolationProbe implements RequestStreamHandler {
    private static final Pattern RAW_PATH = Pattern.compile("\"rawPath\":\"([^\"]*)\"");
    private static final Pattern RAW_QUERY = Pattern.compile("\"rawQueryString\":\"([^\"]*)\"");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String path = find(RAW_PATH, event);
        String action = path.substring(path.lastIndexOf('/') + 1);
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : find(RAW_QUERY, event).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String answer = switch (action) {
            case "env" -> orUnset(System.getenv(query.get("name")));
            case "envkeys" -> String.join(",", new TreeSet<>(System.getenv().keySet()));
            case "setprop" -> {
                System.setProperty(query.get("name"), query.get("value"));
                yield "ok";
            }
            case "getprop" -> orUnset(System.getProperty(query.get("name")));
            case "maxheapmb" -> Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024));
            case "sleep" -> {
                try {
                    Thread.sleep(Long.parseLong(query.get("millis")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield "slept";
            }
            default -> "unknown action " + action;
        };
        String body = answer.replace("\\", "\\\\").replace("\"", "\\\"");
        output.write(("{\"statusCode\":200,\"body\":\"" + body + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String orUnset(String value) {
        return value == null ? "<unset>" : value;
    }

    private static String find(Pattern pattern, String event) {
        Matcher m = pattern.matcher(event);
        return m.find() ? m.group(1) : "";
    }
}
