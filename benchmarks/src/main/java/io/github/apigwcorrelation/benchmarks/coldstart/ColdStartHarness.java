package io.github.apigwcorrelation.benchmarks.coldstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the cold starts: a fresh JVM per run, each contender on its own class path, interleaved (round
 * {@code r} starts with contender {@code r mod n}), after unrecorded warm-up rounds that fill the OS file
 * cache. Every run's output is checked line by line; a run that logs the wrong lines, writes to standard
 * error or exits non-zero stops the harness. Writes the raw timings as JSON for {@code report.Tables}.
 *
 * <p>Arguments: {@code <runs> <warm-up rounds> <classes dir> <class path files dir> <output json>}.
 */
public final class ColdStartHarness {
    /**
     * The flags of every contender JVM: C1 only (the Lambda Java 17 runtime's default) and the serial collector
     * (what the JVM picks by itself with less than 2 vCPUs).
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Xmx512m");

    private ColdStartHarness() {}

    /** The logging backends a contender can run on; each has its own class paths and configuration property. */
    enum Backend {
        /** Log4j2: {@code log4j2.configurationFile}. */
        LOG4J2("log4j2.configurationFile", "classpath:"),
        /** SLF4J and Logback: {@code logback.configurationFile} (a class path resource name). */
        LOGBACK("logback.configurationFile", "");

        final String configProperty;
        final String configPrefix;

        Backend(String configProperty, String configPrefix) {
            this.configProperty = configProperty;
            this.configPrefix = configPrefix;
        }
    }

    /** One contender in one log format. */
    record Contender(String name, Backend backend, String format, String handler, String config, String classpathFile,
            boolean runtimeMdc, int lines, List<String> everyLineHas) {
        String label() {
            return name + " (" + format + ")";
        }

        /** @return the contender whose median this one's is compared with: plain on the same backend */
        String baseline() {
            return backend == Backend.LOGBACK ? "plain-logback" : "plain";
        }
    }

    static List<Contender> contenders() {
        String lambda = Orders.LAMBDA_REQUEST_ID;
        String apig = Orders.REQUEST_ID;
        String pkg = ColdStartHarness.class.getPackageName() + ".";
        List<Contender> all = new ArrayList<>();
        for (String format : List.of("TEXT", "JSON")) {
            all.add(new Contender("plain", Backend.LOG4J2, format, pkg + "PlainHandler", "coldstart/plain.xml",
                    "coldstart-plain.txt", true, 3, List.of(lambda)));
            // the library's default invocation line comes first, then the handler's three
            all.add(new Contender("ours", Backend.LOG4J2, format, pkg + "OursHandler", "coldstart/ours.xml",
                    "coldstart-ours.txt", true, 4, List.of(lambda, apig)));
        }
        all.add(new Contender("powertools", Backend.LOG4J2, "JSON", pkg + "PowertoolsHandler", "coldstart/powertools.xml",
                "coldstart-powertools.txt", false, 3,
                List.of("\"correlation_id\":\"" + apig + "\"", "\"function_request_id\":\"" + lambda + "\"")));
        // Logback: the runtime puts nothing in the MDC; plain has one configuration per format (Logback has no
        // LambdaAppender), ours the Logback sample's logback.xml, which follows AWS_LAMBDA_LOG_FORMAT itself.
        for (String format : List.of("TEXT", "JSON")) {
            all.add(new Contender("plain-logback", Backend.LOGBACK, format, pkg + "PlainLogbackHandler",
                    "coldstart/logback-plain-" + format.toLowerCase(java.util.Locale.ROOT) + ".xml",
                    "coldstart-plain-logback.txt", false, 3, List.of(lambda)));
            all.add(new Contender("ours-logback", Backend.LOGBACK, format, pkg + "OursLogbackHandler",
                    "logback-sample/logback.xml", "coldstart-ours-logback.txt", false, 4, List.of(lambda, apig)));
        }
        return all;
    }

    /**
     * @param args runs, warm-up rounds, classes directory, class path files directory, output file
     * @throws Exception when a run fails its checks
     */
    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        int warmups = Integer.parseInt(args[1]);
        Path classes = Path.of(args[2]).toAbsolutePath();
        Path classpaths = Path.of(args[3]);
        Path output = Path.of(args[4]);
        List<Contender> contenders = contenders();
        Map<Contender, Map<String, List<Long>>> timings = new LinkedHashMap<>();
        for (Contender contender : contenders) {
            timings.put(contender, new LinkedHashMap<>());
        }
        for (int round = 0; round < warmups + runs; round++) {
            for (int i = 0; i < contenders.size(); i++) {
                Contender contender = contenders.get((round + i) % contenders.size());
                Map<String, Long> run = runOnce(contender, classes, classpaths);
                if (round >= warmups) {
                    run.forEach((key, value) -> timings.get(contender).computeIfAbsent(key, k -> new ArrayList<>()).add(value));
                }
            }
            System.out.printf("cold start round %d/%d done%s%n", round + 1, warmups + runs, round < warmups ? " (warm-up)" : "");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", runs);
        result.put("warmupRounds", warmups);
        result.put("jvmFlags", String.join(" ", JVM_FLAGS));
        result.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Contender contender : contenders) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", contender.name());
            row.put("backend", contender.backend().name());
            row.put("baseline", contender.baseline());
            row.put("format", contender.format());
            row.put("lines", contender.lines());
            row.putAll(timings.get(contender));
            rows.add(row);
        }
        result.put("contenders", rows);
        Files.createDirectories(output.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), result);
    }

    static Map<String, Long> runOnce(Contender contender, Path classes, Path classpaths) throws IOException,
            InterruptedException {
        String classpath = classes + File.pathSeparator
                + Files.readString(classpaths.resolve(contender.classpathFile())).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-D" + contender.backend().configProperty + "=" + contender.backend().configPrefix
                + contender.config());
        command.add("-cp");
        command.add(classpath);
        command.add(ColdStartMain.class.getName());
        command.add(contender.handler());
        if (contender.runtimeMdc()) {
            command.add("runtime-mdc");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("AWS_LAMBDA_LOG_FORMAT");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("AWS_LAMBDA_LOG_LEVEL"); // the Logback sample's root level reads it
        builder.environment().put("AWS_LAMBDA_LOG_FORMAT", contender.format());
        File stderr = File.createTempFile("coldstart", ".err");
        builder.redirectError(stderr);
        long started = System.nanoTime();
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        String marker = null;
        long markerSeen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ColdStartMain.MARKER + " ")) {
                    markerSeen = System.nanoTime();
                    marker = line;
                } else {
                    lines.add(line);
                }
            }
        }
        int exit = process.waitFor();
        String errors = Files.readString(stderr.toPath());
        Files.delete(stderr.toPath());
        String problem = check(contender, exit, marker, lines, errors);
        if (problem != null) {
            throw new IllegalStateException(contender.label() + ": " + problem + "\ncommand: " + String.join(" ", command)
                    + "\nstdout:\n" + String.join("\n", lines) + "\nstderr:\n" + errors);
        }
        Map<String, Long> run = new LinkedHashMap<>();
        for (String field : marker.substring(ColdStartMain.MARKER.length() + 1).split(" ")) {
            String[] pair = field.split("=", 2);
            run.put(pair[0], Long.parseLong(pair[1]));
        }
        run.put("harness_wall_ms", (markerSeen - started) / 1_000_000);
        return run;
    }

    static String check(Contender contender, int exit, String marker, List<String> lines, String errors) {
        if (exit != 0) {
            return "exit code " + exit;
        }
        if (!errors.isBlank()) {
            return "wrote to standard error";
        }
        if (marker == null) {
            return "printed no " + ColdStartMain.MARKER + " line";
        }
        if (lines.size() != contender.lines()) {
            return "logged " + lines.size() + " lines, expected " + contender.lines();
        }
        for (String line : lines) {
            if (contender.format().equals("JSON") != line.startsWith("{")) {
                return "a line is not in the " + contender.format() + " format: " + line;
            }
            for (String expected : contender.everyLineHas()) {
                if (!line.contains(expected)) {
                    return "a line lacks '" + expected + "': " + line;
                }
            }
        }
        return null;
    }
}
