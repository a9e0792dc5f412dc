package io.github.apigwcorrelation.localapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How API Gateway talks to the function: a proxy integration, or a non-proxy one with request templates
 * and integration responses selected by the function's error message.
 *
 * @param proxy true for {@code aws_proxy}
 * @param requestTemplates content type to template
 * @param passthroughBehavior when_no_match, when_no_templates or never
 * @param responses in template order; {@code default} matches successful invocations
 */
record Integration(boolean proxy, Map<String, String> requestTemplates, String passthroughBehavior,
        List<Response> responses) {
    static final Integration PROXY = new Integration(true, Map.of(), "when_no_match", List.of());

    /**
     * One integration response.
     *
     * @param pattern null for {@code default}, else the regex matched against the error message
     * @param statusCode the status code it answers with
     * @param templates content type to response template
     */
    record Response(Pattern pattern, int statusCode, Map<String, String> templates) {}

    static Integration mapping(Map<String, Object> spec, String where) {
        Map<String, String> templates = new LinkedHashMap<>();
        SamTemplate.map(spec.get("requestTemplates")).forEach((type, template) ->
                templates.put(type.toLowerCase(Locale.ROOT), String.valueOf(template)));
        List<Response> responses = new ArrayList<>();
        SamTemplate.map(spec.get("responses")).forEach((key, value) -> {
            Map<String, Object> response = SamTemplate.map(value);
            Pattern pattern;
            try {
                pattern = key.equals("default") ? null : Pattern.compile(key);
            } catch (PatternSyntaxException e) {
                throw new TemplateException(where + ": response selection pattern " + key + " is not a regex: " + e.getMessage());
            }
            Map<String, String> responseTemplates = new LinkedHashMap<>();
            SamTemplate.map(response.get("responseTemplates")).forEach((type, template) ->
                    responseTemplates.put(type.toLowerCase(Locale.ROOT), String.valueOf(template)));
            responses.add(new Response(pattern, Integer.parseInt(String.valueOf(response.getOrDefault("statusCode", "200"))),
                    responseTemplates));
        });
        String passthrough = String.valueOf(spec.getOrDefault("passthroughBehavior", "when_no_match")).toLowerCase(Locale.ROOT);
        return new Integration(false, templates, passthrough, responses);
    }

    /** The response API Gateway picks: by error message for a failed invocation, else the default one. */
    Response select(String errorMessage) {
        Response fallback = null;
        for (Response response : responses) {
            if (response.pattern() == null) {
                fallback = response;
            } else if (errorMessage != null && response.pattern().matcher(errorMessage).matches()) {
                return response;
            }
        }
        return fallback != null ? fallback : new Response(null, 200, Map.of());
    }
}
